/** `ccard rates …`: rate tables, deck import/export and lookups. */
import { Command } from "../../framework";
import { createTableCommand, tablesCommand } from "./tables";
import { importCommand } from "./import";
import { lookupCommand } from "./lookup";
import { exportCommand } from "./export";

export const ratesCommand: Command = {
  name: "rates",
  summary: "rate tables: import decks, look up numbers, export",
  usage: `Usage: ccard rates COMMAND [options]`,
  subcommands: [tablesCommand, createTableCommand, importCommand, lookupCommand, exportCommand],
};
