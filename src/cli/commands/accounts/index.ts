import type { Group } from "../../framework/command";
import { accountsCreate, accountsList, accountsShow } from "./manage";
import { accountsCredit, accountsDebit } from "./money";

export const accountsCommand: Group = {
  name: "accounts",
  summary: "master (retail) accounts and balances: create, show, list, credit, debit",
  commands: [accountsCreate, accountsShow, accountsList, accountsCredit, accountsDebit],
};
