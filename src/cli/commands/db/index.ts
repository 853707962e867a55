import type { Group } from "../../framework/command";
import { dbCopy } from "./copy";

export const dbCommand: Group = {
  name: "db",
  summary: "move the whole database to another one (SQLite or PostgreSQL)",
  commands: [dbCopy],
};
