/** callingcard.lua — dialplan: <action application="lua" data="callingcard.lua"/> */
import { runCallingCard } from "../flows/calling_card";
import { runCallEntry } from "../host/run_entry";
import { fileVoice } from "../voice_files";

export function main(): void {
  runCallEntry("callingcard", fileVoice, runCallingCard);
}
