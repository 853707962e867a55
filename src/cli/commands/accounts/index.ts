import { Command } from "../../framework";
import { accountsCreate, accountsList, accountsShow } from "./manage";
import { accountsCredit, accountsDebit } from "./money";

export const accountsCommand: Command = {
  name: "accounts",
  summary: "master (retail) accounts and balances: create, show, list, credit, debit",
  usage: `Usage: ccard accounts create|show|list|credit|debit ...`,
  subcommands: [accountsCreate, accountsShow, accountsList, accountsCredit, accountsDebit],
};
