import { Failure } from "../../exit";
import { arg } from "../../options/declare";
import { noteOption } from "../../options/common";
import { amount, recordId } from "../../options/values";
import { command } from "../../framework/command";
import { changed } from "../../output/print";
import { moneyText } from "../../output/format";
import { changeBalance } from "../../store/ledger";
import { findAccount } from "../../store/lookups";
import { accountDocument } from "./view";

function balanceCommand(name: "credit" | "debit", summary: string, about: string) {
  return command({
    name,
    summary,
    about,
    args: { id: arg("ID", recordId, "account id"), amount: arg("AMOUNT", amount({ positive: true })) },
    options: { note: noteOption },
    db: "write",
    async run(o, { db }) {
      const { acc, entry } = await db.transaction(async (tx) => {
        const a = await findAccount(tx, o.id);
        if (a.state === "closed") throw new Failure("ACCOUNT_CLOSED", `account ${a.id} is closed`);
        return { acc: a, entry: await changeBalance(tx, a.id, { amountMicros: name === "credit" ? o.amount : -o.amount, reason: name, note: o.note }) };
      });
      const line = `account ${acc.id}: ${name} ${moneyText(o.amount, acc.currency)}, balance ${moneyText(entry.balance_after_micros, acc.currency)}`;
      return changed(line, await accountDocument(db, acc.id, [entry]));
    },
  });
}

export const accountsCredit = balanceCommand("credit", "add money to an account", "Adds AMOUNT (e.g. 25.00, in the account's currency) and writes a 'credit' ledger row.");

export const accountsDebit = balanceCommand(
  "debit",
  "take money from an account (never below what live calls hold)",
  `Takes AMOUNT away and writes a 'debit' ledger row. Refused when AMOUNT is more than the
available money (balance − held by live calls).`,
);
