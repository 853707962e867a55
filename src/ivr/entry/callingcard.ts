/** callingcard.lua — dialplan: <action application="lua" data="callingcard.lua"/> */
import { runCallingCard } from "../flows/calling_card";
import { runCallEntry } from "../host/run_entry";

export function main(): void {
  runCallEntry("callingcard", runCallingCard);
}
