import { Command } from "../../framework";
import { cliImport } from "./import";
import { cliAdd, cliList, cliRemove } from "./map";

export const cliCommand: Command = {
  name: "cli",
  summary: "caller IDs (CLI) → accounts: retail callers and pinless card callers",
  usage: `Usage: ccard cli add|remove|list|import ...`,
  subcommands: [cliAdd, cliRemove, cliList, cliImport],
};
