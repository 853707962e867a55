/** retail.lua — dialplan (retail context): <action application="lua" data="retail.lua"/> */
import { runRetail } from "../flows/retail";
import { runCallEntry } from "./run";

export function main(): void {
  runCallEntry("retail", runRetail);
}
