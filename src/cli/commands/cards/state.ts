import { CliError, Command, UsageError, positionals } from "../../framework";
import { moneyValue, str } from "../../options";
import { moneyText } from "../../output";
import { changeBalance } from "../../store/ledger";
import { AccountRow, CardRow, findCard } from "../../store/records";
import type { Db } from "../../store/db";
import { ESL_OPTIONS, ESL_USAGE } from "../../esl/settings";
import { eslSettingsFor, withEsl } from "../../esl/with_esl";
import { hangupCallsOf } from "../../fs/kick";

/** Runs fn(card, db) for SERIAL inside one IMMEDIATE transaction and prints its message. */
function cardCommand(name: string, summary: string, usage: string, fn: (card: CardRow, db: Db, args: Parameters<NonNullable<Command["run"]>>[0]) => string, options?: Command["options"]): Command {
  return {
    name,
    summary,
    usage,
    options,
    run(args, ctx) {
      const [serial] = positionals(args, ["serial"]);
      const db = ctx.openDb();
      try {
        const msg = db.transaction(() => fn(findCard(db, serial), db, args)).immediate();
        ctx.stdout.write(msg + "\n");
        return 0;
      } finally {
        db.close();
      }
    },
  };
}

const blockInDb = cardCommand("block", "block a card: it cannot be used until unblocked", "", (card, db) => {
  if (card.state === "blocked") throw new CliError(`card ${card.serial} is already blocked`);
  if (card.state === "void") throw new CliError(`card ${card.serial} is void`);
  db.prepare("UPDATE cards SET state = 'blocked' WHERE id = ?").run(card.id);
  return `card ${card.serial} blocked`;
});

export const cardsBlock: Command = {
  ...blockInDb,
  usage: `Usage: ccard cards block SERIAL [--kick [Event Socket options]]

Blocks the card in the database: no new call can use it. With --kick, also hangs up the card's
live calls on FreeSWITCH (uuid_kill over the Event Socket; the card is blocked first).

${ESL_USAGE}`,
  options: { kick: { type: "boolean" }, ...ESL_OPTIONS },
  async run(args, ctx) {
    const kick = args.values.kick === true;
    const esl = kick ? eslSettingsFor(args.values, ctx.env) : undefined;
    const code = await blockInDb.run!(args, ctx);
    if (code !== 0 || esl === undefined) return code;
    const [serial] = args.positionals;
    let killed: string[];
    try {
      killed = await withEsl(esl, (client) => hangupCallsOf(client, { cardSerial: serial }));
    } catch (e) {
      if (e instanceof CliError) throw new CliError(`card ${serial} is blocked, but its live calls were not hung up: ${e.message}`);
      throw e;
    }
    ctx.stdout.write(`hung up ${killed.length} live call${killed.length === 1 ? "" : "s"} of card ${serial}\n`);
    return 0;
  },
};

export const cardsUnblock = cardCommand(
  "unblock",
  "unblock a blocked card (back to new, or active once used)",
  "Usage: ccard cards unblock SERIAL",
  (card, db) => {
    if (card.state !== "blocked") throw new CliError(`card ${card.serial} is ${card.state}, not blocked`);
    const state = card.first_used_at === null ? "new" : "active";
    db.prepare("UPDATE cards SET state = ? WHERE id = ?").run(state, card.id);
    return `card ${card.serial} unblocked (${state})`;
  },
);

function account(db: Db, card: CardRow): AccountRow {
  return db.prepare("SELECT * FROM accounts WHERE id = ?").get(card.account_id) as AccountRow;
}

export const cardsRefill = cardCommand(
  "refill",
  "add money to a card",
  `Usage: ccard cards refill SERIAL --amount AMOUNT [--note TEXT]

Adds AMOUNT (e.g. 5.00, in the card's currency) to the balance and writes a 'refill' ledger row.`,
  (card, db, args) => {
    const text = str(args, "amount");
    if (text === undefined) throw new UsageError("--amount is required");
    const amount = moneyValue("--amount", text, { positive: true });
    if (card.state === "void") throw new CliError(`card ${card.serial} is void: it cannot be refilled`);
    const acc = account(db, card);
    const after = changeBalance(db, acc.id, { amountMicros: amount, reason: "refill", ref: `card:${card.serial}`, note: str(args, "note") });
    return `card ${card.serial} refilled with ${moneyText(amount, acc.currency)}: balance ${moneyText(after, acc.currency)}`;
  },
  { amount: { type: "string" }, note: { type: "string" } },
);

export const cardsVoid = cardCommand(
  "void",
  "void a card for good: balance to 0, account closed",
  `Usage: ccard cards void SERIAL [--note TEXT]

Sets the balance to 0 (a 'void' ledger row records what was removed), marks the card void and
closes its account. Refused while the card has a live call (money held).`,
  (card, db, args) => {
    if (card.state === "void") throw new CliError(`card ${card.serial} is already void`);
    const acc = account(db, card);
    const holds = (db.prepare("SELECT COUNT(*) AS n FROM holds WHERE account_id = ?").get(acc.id) as { n: number }).n;
    if (acc.held_micros > 0 || holds > 0) throw new CliError(`card ${card.serial} has a live call (${moneyText(acc.held_micros, acc.currency)} held): try again when it ends`);
    if (acc.balance_micros !== 0) changeBalance(db, acc.id, { amountMicros: -acc.balance_micros, reason: "void", ref: `card:${card.serial}`, note: str(args, "note") });
    db.prepare("UPDATE cards SET state = 'void' WHERE id = ?").run(card.id);
    db.prepare("UPDATE accounts SET state = 'closed' WHERE id = ?").run(acc.id);
    return `card ${card.serial} void (${moneyText(acc.balance_micros, acc.currency)} removed)`;
  },
  { note: { type: "string" } },
);
