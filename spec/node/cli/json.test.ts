/**
 * --json on every show and list command: one JSON document that parses, snake_case names,
 * money both in micro-units and as exact decimal text, and the same values as the text output.
 * Each row of the table below says, for one command, how every text column (or record line)
 * is read from the JSON: written here independently of the CLI's own formatting.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../../../src/cli/csv";
import { MIGRATIONS } from "../../../src/cli/store/schema";
import { runCli } from "../support/cli";
import { everything } from "../support/catalogue";
import { ok, tempDb } from "../support/db";

type Json = Record<string, any>;

/** Truncates exact decimal text to 2 decimals and appends the currency: what people read. */
function money(decimal: string, currency: string): string {
  const [whole, frac] = decimal.split(".");
  return `${whole}.${frac.slice(0, 2)} ${currency}`;
}

const iso = (epoch: number): string => new Date(epoch * 1000).toISOString().replace(".000Z", "Z");

/** A text table as rows keyed by header (columns start where their header starts). */
function table(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trimEnd().split("\n");
  const starts: number[] = [];
  const names: string[] = [];
  for (const m of head.matchAll(/\S+(?: \S+)*/g)) {
    starts.push(m.index ?? 0);
    names.push(m[0]);
  }
  return lines.map((l) => Object.fromEntries(names.map((n, i) => [n, l.slice(starts[i], starts[i + 1] ?? l.length).trim()])));
}

/** "label: value" lines as an object (up to the first blank line). */
function record(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n\n")[0].trimEnd().split("\n")) {
    const at = line.indexOf(": ");
    out[at < 0 ? line.replace(/:$/, "") : line.slice(0, at)] = at < 0 ? "" : line.slice(at + 2).trim();
  }
  return out;
}

type Reads = Record<string, (j: Json) => string>;

interface Case {
  argv: string[];
  /** A list prints a table of its JSON array; a record prints "label: value" lines of its object. */
  shape: "list" | "record";
  reads: Reads;
}

const PRODUCT: Reads = { name: (j) => j.name, id: (j) => String(j.id), kind: (j) => (j.vouchers === 1 ? `${j.kind} (recharge vouchers)` : j.kind), "access numbers": (j) => j.access_numbers.join(", ") || "(none)", "balance numbers": (j) => j.balance_numbers.join(", ") || "(none)", language: (j) => j.language, currency: (j) => j.currency, "rate table": (j) => j.rate_table, "connect fee": (j) => money(j.connect_fee, j.currency), "disconnect fee": (j) => money(j.disconnect_fee, j.currency), "max concurrent calls": (j) => String(j.max_concurrent_calls), "max call seconds": (j) => String(j.max_call_seconds), "pin length": (j) => String(j.pin_length), "pin max tries": (j) => String(j.pin_max_tries), expiry: (j) => j.expiry, maintenance: (j) => (j.maintenance_every_days > 0 ? `${money(j.maintenance_fee, j.currency)} every ${j.maintenance_every_days} days after first use` : "none"), "international prefixes": (j) => j.international_prefixes, "national prefix": (j) => j.national_prefix || "(none)", "country code": (j) => j.country_code || "(none)", "national number length": (j) => String(j.national_number_length), lockout: (j) => `${j.lockout_failures} failures within ${j.lockout_window_seconds} s`, "voucher key": (j) => j.voucher_key || "(none)", "language menu": (j) => j.language_menu || "(none)", "announce rate": (j) => (j.announce_rate === 1 ? "on" : "off"), "announce call cost": (j) => (j.announce_call_cost === 1 ? "on" : "off"), "daily caps": (j) => (j.cap_calls === 0 && j.cap_money_micros === 0 ? "none" : `${[j.cap_calls > 0 ? `${j.cap_calls} calls` : "", j.cap_money_micros > 0 ? money(j.cap_money, j.currency) : ""].filter((x) => x !== "").join(", ")} in any 24 h per card or account`), "blocked prefixes": (j) => j.blocked_prefixes.join(", ") || "(none)", cards: (j) => String(j.cards), "master accounts": (j) => String(j.accounts) };

const CASES: Case[] = [
  { argv: ["products", "list"], shape: "list", reads: { NAME: (j) => j.name, KIND: (j) => j.kind, CURRENCY: (j) => j.currency, "RATE TABLE": (j) => j.rate_table, CARDS: (j) => String(j.cards), ACCOUNTS: (j) => String(j.accounts), "ACCESS NUMBERS": (j) => j.access_numbers.join(",") } },
  { argv: ["products", "show", "gold"], shape: "record", reads: PRODUCT },
  { argv: ["cards", "list"], shape: "list", reads: { SERIAL: (j) => j.serial, STATE: (j) => j.state, PRODUCT: (j) => j.product, BATCH: (j) => String(j.batch_id), BALANCE: (j) => money(j.balance, j.currency), EXPIRES: (j) => (j.expires_at === null ? "" : iso(j.expires_at)) } },
  { argv: ["cards", "show", "0000000002"], shape: "record", reads: { serial: (j) => j.serial, state: (j) => j.state, product: (j) => j.product, batch: (j) => String(j.batch_id), account: (j) => String(j.account_id), balance: (j) => money(j.balance, j.currency), held: (j) => money(j.held, j.currency), created: (j) => iso(j.created_at), "first used": (j) => (j.first_used_at === null ? "never" : iso(j.first_used_at)), expires: (j) => (j.expires_at === null ? "not set" : iso(j.expires_at)) } },
  { argv: ["batches", "list"], shape: "list", reads: { ID: (j) => String(j.id), PRODUCT: (j) => j.product, CARDS: (j) => String(j.card_count), VALUE: (j) => money(j.value, j.currency), STATE: (j) => j.state, SERIALS: (j) => `${j.first_serial}-${j.last_serial}`, CREATED: (j) => iso(j.created_at) } },
  { argv: ["batches", "show", "1"], shape: "record", reads: { batch: (j) => String(j.id), product: (j) => j.product, state: (j) => j.state, cards: (j) => String(j.card_count), value: (j) => money(j.value, j.currency), serials: (j) => `${j.first_serial}-${j.last_serial}`, created: (j) => iso(j.created_at), "cards by state": (j) => Object.entries(j.cards_by_state).map(([k, n]) => `${k} ${n}`).join(", ") } },
  { argv: ["accounts", "list", "--all"], shape: "list", reads: { ID: (j) => String(j.id), KIND: (j) => j.kind, NAME: (j) => j.card_serial ?? j.name, PRODUCT: (j) => j.product, STATE: (j) => j.state, BALANCE: (j) => money(j.balance, j.currency), AVAILABLE: (j) => money(j.available, j.currency) } },
  { argv: ["accounts", "show", "4"], shape: "record", reads: { account: (j) => String(j.id), kind: (j) => j.kind, name: (j) => j.name, product: (j) => j.product, state: (j) => j.state, balance: (j) => money(j.balance, j.currency), held: (j) => money(j.held, j.currency), available: (j) => money(j.available, j.currency), "caller IDs": (j) => j.clis.join(", ") || "(none)", created: (j) => iso(j.created_at) } },
  { argv: ["cli", "list"], shape: "list", reads: { "CALLER ID": (j) => j.cli, ACCOUNT: (j) => String(j.account_id), KIND: (j) => j.kind, CARD: (j) => j.card_serial ?? "" } },
  { argv: ["rates", "tables"], shape: "list", reads: { TABLE: (j) => j.name, CURRENCY: (j) => j.currency, VERSION: (j) => String(j.active_version), ROWS: (j) => String(j.row_count), PENDING: (j) => (j.pending.length === 0 ? "-" : j.pending.map((p: Json) => `v${p.version} from ${iso(p.effective_at)}`).join(", ")) } },
  // At a fixed instant: the text and the JSON run a second apart may straddle a second.
  { argv: ["rates", "lookup", "--table", "retail", "+442071234567", "--at", "2030-01-01T00:00Z"], shape: "record", reads: { number: (j) => j.number, deck: (j) => `version ${j.version}, in force at ${iso(j.at)}`, prefix: (j) => `${j.prefix}  ${j.destination}`, "rate/min": (j) => `${j.rate_per_minute} ${j.currency}`, fees: (j) => `connect ${j.connect_fee}, disconnect ${j.disconnect_fee}, minimum ${j.minimum_cost}`, billing: (j) => `${j.initial_seconds}/${j.increment_seconds} s, grace ${j.grace_seconds} s`, route: (j) => j.route || "(none)", bands: (j) => (j.band_prices.length === 0 ? "(none)" : j.band_prices.map((b: Json) => `${b.band} ${b.rate_per_minute}`).join(", ")), "next 24 h": (j) => (j.next_24h.length === 0 ? "(one price)" : j.next_24h.map((b: Json) => `${iso(b.from)} ${b.band === "" ? "(base)" : b.band} ${b.rate_per_minute}`).join(", ")), cost: (j) => j.costs.map((c: Json) => `${c.minutes} min ${c.cost}`).join(", ") } },
  { argv: ["gateways", "list"], shape: "list", reads: { GATEWAY: (j) => j.name, ENABLED: (j) => (j.enabled === 1 ? "yes" : "no"), "DIAL PREFIX": (j) => j.dial_prefix, "MAX CHANNELS": (j) => (j.max_channels === 0 ? "unlimited" : String(j.max_channels)), "COST TABLE": (j) => j.cost_table ?? "" } },
  { argv: ["gateways", "show", "gw1"], shape: "record", reads: { gateway: (j) => j.name, enabled: (j) => (j.enabled === 1 ? "yes" : "no"), "dial prefix": (j) => j.dial_prefix || "(none)", "max channels": (j) => (j.max_channels === 0 ? "unlimited" : String(j.max_channels)), "cost table": (j) => j.cost_table ?? "(none)", routes: (j) => j.routes.map((r: Json) => `${r.route} (weight ${r.weight})`).join(", ") || "(none)" } },
  { argv: ["routes", "list"], shape: "list", reads: { ROUTE: (j) => j.name, ATTEMPTS: (j) => String(j.max_attempts), "GATEWAYS:WEIGHT": (j) => j.gateways.map((g: Json) => `${g.gateway}:${g.weight}${g.enabled ? "" : " (disabled)"}`).join(", ") } },
  { argv: ["routes", "show", "intl"], shape: "record", reads: { route: (j) => j.name, "max attempts": (j) => String(j.max_attempts), gateways: (j) => j.gateways.map((g: Json) => `${g.gateway}:${g.weight}${g.enabled ? "" : " (disabled)"}`).join(", ") } },
  { argv: ["report", "asr-acd", "--by", "product"], shape: "list", reads: { GROUP: (j) => j.key, ATTEMPTS: (j) => j.attempts, ANSWERED: (j) => j.answered, "ASR %": (j) => j.asr_percent, "ACD s": (j) => j.acd_seconds, ESTIMATED: (j) => j.estimated } },
  { argv: ["report", "margin", "--by", "day"], shape: "list", reads: { GROUP: (j) => j.key, CALLS: (j) => j.calls, REVENUE: (j) => j.revenue, "VENDOR COST": (j) => j.vendor_cost, MARGIN: (j) => j.margin, "MARGIN %": (j) => j.margin_percent, "ESTIMATED REVENUE": (j) => j.estimated_revenue } },
  { argv: ["holds", "list"], shape: "list", reads: { UUID: (j) => j.uuid, ACCOUNT: (j) => String(j.account_id), AMOUNT: (j) => j.amount, AGE: (j) => `${Math.floor(j.age_seconds / 3600)}h`, EXPIRES: (j) => (j.expired ? "expired" : `in 10m (${iso(j.expires_at)})`) } },
  { argv: ["security", "show"], shape: "list", reads: { KIND: (j) => j.kind, KEY: (j) => j.key, FAILURES: (j) => String(j.failures), FIRST: (j) => iso(j.first_at), LAST: (j) => iso(j.last_at), STATE: (j) => (j.locked ? `LOCKED until ${iso(j.locked_until)}` : "open") } },
];

/** Every key snake_case; every `x_micros` beside an `x` holds the same money as exact decimal text. */
function checkConventions(doc: unknown, where: string): void {
  if (Array.isArray(doc)) return doc.forEach((d, i) => checkConventions(d, `${where}[${i}]`));
  if (typeof doc !== "object" || doc === null) return;
  const o = doc as Json;
  for (const [k, v] of Object.entries(o)) {
    assert.match(k, /^[a-z][a-z0-9_]*$/, `${where}: key ${k}`);
    if (k.endsWith("_micros") && k.slice(0, -7) in o && v !== null) {
      const micros = BigInt(v);
      const sign = micros < 0n ? "-" : "";
      const abs = micros < 0n ? -micros : micros;
      assert.equal(o[k.slice(0, -7)], `${sign}${abs / 1000000n}.${(abs % 1000000n).toString().padStart(6, "0")}`, `${where}.${k}`);
    }
    checkConventions(v, `${where}.${k}`);
  }
}

test("--json on every show and list command carries what the text shows, in the JSON conventions", async () => {
  const t = tempDb();
  try {
    await everything(t.db, t.dir);
    for (const c of CASES) {
      const name = c.argv.join(" ");
      const text = await ok(t.db, c.argv);
      const doc = JSON.parse((await ok(t.db, [...c.argv, "--json"])).stdout);
      checkConventions(doc, name);
      if (c.shape === "list") {
        assert.ok(Array.isArray(doc) && doc.length > 0, `${name}: a non-empty JSON array`);
        const rows = table(text.stdout);
        assert.equal(rows.length, doc.length, `${name}: rows`);
        assert.deepEqual(Object.keys(rows[0]), Object.keys(c.reads), `${name}: every text column is read`);
        doc.forEach((j: Json, i: number) => {
          for (const [h, read] of Object.entries(c.reads)) assert.equal(rows[i][h], read(j), `${name} row ${i} ${h}`);
        });
      } else {
        const fields = record(text.stdout);
        assert.deepEqual(Object.keys(fields).filter((k) => k !== "card"), Object.keys(c.reads), `${name}: every text line is read`);
        for (const [label, read] of Object.entries(c.reads)) assert.equal(fields[label], read(doc), `${name}: ${label}`);
      }
    }
  } finally {
    t.cleanup();
  }
});

test("accounts show: the ledger table below the account is the JSON's ledger", async () => {
  const t = tempDb();
  try {
    await everything(t.db, t.dir);
    const text = (await ok(t.db, ["accounts", "show", "4"])).stdout;
    const doc = JSON.parse((await ok(t.db, ["accounts", "show", "4", "--json"])).stdout);
    const rows = table(text.split("\n\n")[1]);
    assert.equal(rows.length, 2);
    doc.ledger.forEach((l: Json, i: number) => {
      assert.deepEqual(rows[i], { LEDGER: String(l.id), WHEN: iso(l.created_at), REASON: l.reason, AMOUNT: money(l.amount, "USD"), AFTER: money(l.balance_after, "USD"), REF: l.ref, NOTE: l.note });
    });
  } finally {
    t.cleanup();
  }
});

test("exports: the --json rows carry the CSV's fields", async () => {
  const t = tempDb();
  try {
    await everything(t.db, t.dir);
    for (const argv of [["cdr", "export"], ["rates", "export", "--table", "retail"], ["batches", "export", "1"]]) {
      const csv = parseCsv((await ok(t.db, argv)).stdout).map((r) => r.fields);
      const doc = JSON.parse((await ok(t.db, [...argv, "--json"])).stdout) as Json[];
      checkConventions(doc, argv.join(" "));
      assert.equal(doc.length, csv.length - 1, argv.join(" "));
      const header = csv[0];
      doc.forEach((j, i) => header.forEach((h, k) => assert.equal(csv[i + 1][k], j[h] === null ? "" : String(j[h]), `${argv.join(" ")} row ${i} ${h}`)));
    }
  } finally {
    t.cleanup();
  }
});

test("--json on a command that changes something prints what it changed", async () => {
  const t = tempDb();
  try {
    await everything(t.db, t.dir);
    const changes: [string[], (j: Json) => unknown, unknown][] = [
      [["init"], (j) => j.schema_version, MIGRATIONS[MIGRATIONS.length - 1].version],
      [["routes", "add", "r2"], (j) => [j.name, j.max_attempts, j.gateways], ["r2", 3, []]],
      [["routes", "add-gateway", "r2", "gw1", "--weight", "2"], (j) => j.gateways, [{ gateway: "gw1", weight: 2, enabled: true }]],
      [["gateways", "add", "gw3", "--max-channels", "5"], (j) => [j.name, j.max_channels, j.routes], ["gw3", 5, []]],
      [["gateways", "set", "gw3", "--disable"], (j) => j.enabled, 0],
      [["gateways", "remove", "gw3"], (j) => j.name, "gw3"],
      [["products", "set", "gold", "--pin-max-tries", "4"], (j) => [j.name, j.pin_max_tries], ["gold", 4]],
      [["cards", "refill", "0000000001", "--amount", "1"], (j) => [j.serial, j.balance_micros, j.ledger[0].reason, j.ledger[0].amount], ["0000000001", 11005000, "refill", "1.000000"]],
      [["cards", "unblock", "0000000003"], (j) => j.state, "new"],
      [["accounts", "credit", "4", "1"], (j) => [j.id, j.balance, j.ledger.length, j.ledger[0].balance_after], [4, "18.500000", 1, "18.500000"]],
      [["cli", "remove", "12125550100"], (j) => [j.cli, j.account_id], ["12125550100", 2]],
      [["rates", "create-table", "t3"], (j) => j, { name: "t3", currency: "USD", active_version: 0, row_count: 0, pending: [] }],
      [["security", "clear", "dnis", "18005550100"], (j) => [j.kind, j.key, j.failures], ["dnis", "18005550100", 2]],
      [["holds", "reap", "--dry-run"], (j) => [j.dry_run, j.reaped.length, j.released], [true, 0, "0.000000"]],
      [["batches", "block", "1"], (j) => [j.state, j.cards_by_state.blocked], ["blocked", 3]],
    ];
    for (const [argv, pick, want] of changes) {
      const r = await ok(t.db, [...argv, "--json"]);
      assert.deepEqual(pick(JSON.parse(r.stdout)), want, argv.join(" "));
      assert.equal(r.stderr, "", argv.join(" "));
    }
  } finally {
    t.cleanup();
  }
});

test("--json errors are one JSON object on stderr with a stable code and the exit code", async () => {
  const t = tempDb();
  try {
    await everything(t.db, t.dir);
    const bad = join(t.dir, "bad.csv");
    writeFileSync(bad, "prefix,destination,rate_per_minute\n44,UK,x\n");
    const errors: [string[], number, string][] = [
      [["frob"], 2, "UNKNOWN_COMMAND"],
      [["cards", "generate", "--product", "gold", "--count", "0", "--value", "1"], 2, "BAD_VALUE"],
      [["cards", "generate", "--count", "1", "--value", "1"], 2, "MISSING_OPTION"],
      [["gateways", "set", "gw1"], 2, "NOTHING_TO_DO"],
      [["gateways", "add", "gw9", "--cost-table", "nope"], 1, "RATE_TABLE_NOT_FOUND"],
      [["routes", "add", "intl"], 1, "ALREADY_EXISTS"],
      [["accounts", "debit", "4", "1000"], 1, "INSUFFICIENT_FUNDS"],
      [["rates", "import", bad, "--table", "retail"], 1, "FILE_REJECTED"],
    ];
    for (const [argv, exit, code] of errors) {
      const r = await runCli(t.db, [...argv, "--json"]);
      assert.equal(r.code, exit, argv.join(" "));
      assert.equal(r.stdout, "", argv.join(" "));
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, `${argv.join(" ")}: one line`);
      const e = JSON.parse(r.stderr).error;
      assert.deepEqual([e.code, e.exit, typeof e.message], [code, exit, "string"], argv.join(" "));
    }
    const rejected = JSON.parse((await runCli(t.db, ["rates", "import", bad, "--table", "retail", "--json"])).stderr).error;
    assert.deepEqual(rejected.lines, [{ line: 2, reason: "rate_per_minute 'x': INVALID_AMOUNT" }]);
  } finally {
    t.cleanup();
  }
});
