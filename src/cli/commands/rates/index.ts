/** `ccard rates …`: rate tables, deck import/export and lookups. */
import type { Group } from "../../framework/command";
import { cancelCommand, createTableCommand, tablesCommand } from "./tables";
import { importCommand } from "./import";
import { lookupCommand } from "./lookup";
import { exportCommand } from "./export";
import { bandsGroup } from "./bands";

export const ratesCommand: Group = {
  name: "rates",
  summary: "rate tables: import and schedule decks, look up numbers, export",
  commands: [tablesCommand, createTableCommand, importCommand, cancelCommand, bandsGroup, lookupCommand, exportCommand],
};
