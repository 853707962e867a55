/** retail.lua — dialplan (retail context): <action application="lua" data="retail.lua"/> */
import { runRetail } from "../flows/retail";
import { runCallEntry } from "../host/run_entry";
import { filePrompts } from "../prompt_files";

export function main(): void {
  runCallEntry("retail", filePrompts, runRetail);
}
