import type { Group } from "../../framework/command";
import { cliImport } from "./import";
import { cliAdd, cliList, cliRemove } from "./map";

export const cliCommand: Group = {
  name: "cli",
  summary: "caller IDs (CLI) → accounts: retail callers and pinless card callers",
  commands: [cliAdd, cliRemove, cliList, cliImport],
};
