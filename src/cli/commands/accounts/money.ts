import { CliError, Command, positionals } from "../../framework";
import { moneyValue, str } from "../../options";
import { moneyText } from "../../output";
import { changeBalance } from "../../store/ledger";
import { findAccount } from "../../store/records";

function balanceCommand(name: "credit" | "debit", summary: string, usage: string): Command {
  return {
    name,
    summary,
    usage,
    options: { note: { type: "string" } },
    run(args, ctx) {
      const [idText, amountText] = positionals(args, ["id", "amount"]);
      const amount = moneyValue("AMOUNT", amountText, { positive: true });
      const note = str(args, "note");
      if (note !== undefined && note.length > 500) throw new CliError("--note is longer than 500 characters");
      const db = ctx.openDb();
      try {
        const { acc, after } = db
          .transaction(() => {
            const a = findAccount(db, idText);
            if (a.state === "closed") throw new CliError(`account ${a.id} is closed`);
            const signed = name === "credit" ? amount : -amount;
            return { acc: a, after: changeBalance(db, a.id, { amountMicros: signed, reason: name, note }) };
          })
          .immediate();
        ctx.stdout.write(`account ${acc.id}: ${name} ${moneyText(amount, acc.currency)}, balance ${moneyText(after, acc.currency)}\n`);
        return 0;
      } finally {
        db.close();
      }
    },
  };
}

export const accountsCredit = balanceCommand(
  "credit",
  "add money to an account",
  `Usage: ccard accounts credit ID AMOUNT [--note TEXT]

Adds AMOUNT (e.g. 25.00, in the account's currency) and writes a 'credit' ledger row.`,
);

export const accountsDebit = balanceCommand(
  "debit",
  "take money from an account (never below what live calls hold)",
  `Usage: ccard accounts debit ID AMOUNT [--note TEXT]

Takes AMOUNT away and writes a 'debit' ledger row. Refused when AMOUNT is more than the
available money (balance − held by live calls).`,
);
