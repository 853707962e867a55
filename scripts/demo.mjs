// npm start: the console demo. Installs what is missing, builds, creates a demo database with
// the real `ccard` CLI (rates, gateways, a route, a card product with three cards, a retail
// account with a mapped caller ID), then runs one call through the generated Lua bundle
// against it, with the terminal as the phone, and prints the settled CDR and the new balance.
//
//   npm start                                    interactive card call (type the keys)
//   npm start -- --dtmf pin,00441612345678,2 --talk 61   unattended (pin = the first demo PIN)
//   npm start -- --retail --to 00441612345678 --talk 30  a retail call from the mapped caller ID
//   npm start -- --pinless --dtmf 0033142685300,2        the third card's mapped caller ID
//   npm start -- --features --dtmf 1,pin,9,voucher,…     the card product with the caller features on:
//                                                         a language menu (key 1 English, 2 Spanish),
//                                                         rate and after-call announcements, daily caps
//                                                         (5 calls, 3.00), satellite numbers 881/882 blocked,
//                                                         9# redeems the demo voucher ("voucher" in --dtmf)
//   at a terminal the prompts are also played when aplay is installed (--no-sound: never;
//   --sound: also when unattended); --ani NUMBER presents another caller ID
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { ensureDeps } from "./ensure-deps.mjs";
import { buildFakeDbh } from "./build-fake-dbh.mjs";

const USAGE = `usage: npm start -- [--retail | --pinless] [--features] [--dtmf K1,K2,...] [--talk SECONDS] [--to NUMBER] [--ani NUMBER] [--sound | --no-sound]`;
let opts;
try {
  opts = parseArgs({
    options: {
      retail: { type: "boolean" }, pinless: { type: "boolean" }, features: { type: "boolean" }, dtmf: { type: "string" }, talk: { type: "string" },
      to: { type: "string" }, ani: { type: "string" }, sound: { type: "boolean" }, "no-sound": { type: "boolean" }, help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (e) {
  console.error(`demo: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
if (opts.talk !== undefined && !/^\d{1,5}$/.test(opts.talk)) {
  console.error(`demo: --talk takes whole seconds\n${USAGE}`);
  process.exit(2);
}

ensureDeps({ quiet: true });

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const built = existsSync("dist/src/cli/main.js") && existsSync("dist-lua/callingcard.lua")
  && statSync("dist/src/cli/main.js").mtimeMs >= newest("src");
if (!built) {
  console.log("building (npm run build) …");
  const b = spawnSync("node", ["scripts/build.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
  if (b.status !== 0) process.exit(1);
}
buildFakeDbh({ quiet: true }); // the demo's FreeSWITCH uses the specs' Dbh

const dir = resolve("demo-data");
const db = join(dir, "demo.db");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

function ccard(...argv) {
  const r = spawnSync("node", ["bin/ccard", "--db", db, ...argv], { encoding: "utf8" });
  if (r.status !== 0) {
    console.error(`demo: ccard ${argv.join(" ")} failed:\n${r.stderr}`);
    process.exit(1);
  }
  return r.stdout;
}

const ACCESS = "18005550100";
const RETAIL_CLI = "+34911234567";
const PINLESS_CLI = "+15557654321";
console.log("creating the demo database with the ccard CLI …");
ccard("init");
ccard("rates", "import", "scripts/demo/rates.csv", "--table", "retail", "--create");
ccard("rates", "import", "scripts/demo/vendor.csv", "--table", "vendor", "--create");
ccard("gateways", "add", "gw1", "--cost-table", "vendor");
ccard("gateways", "add", "gw2", "--cost-table", "vendor");
ccard("routes", "add", "intl", "--max-attempts", "2");
ccard("routes", "add-gateway", "intl", "gw1", "--weight", "3");
ccard("routes", "add-gateway", "intl", "gw2", "--weight", "1");
ccard("products", "add", "gold", "--rate-table", "retail", "--access-number", ACCESS, "--max-concurrent-calls", "2");
if (opts.features) {
  ccard("products", "set", "gold", "--language-menu", "en,es", "--announce-rate", "on", "--announce-call-cost", "on", "--cap-calls", "5", "--cap-money", "3.00");
  ccard("products", "block", "gold", "--prefix", "881", "--prefix", "882");
  // Recharge vouchers: 9# at the destination prompt, then a voucher PIN (printed below).
  ccard("products", "add", "topup", "--rate-table", "retail", "--vouchers", "on");
  ccard("products", "set", "gold", "--voucher-key", "9");
  ccard("cards", "generate", "--product", "topup", "--count", "1", "--value", "5.00", "--out", join(dir, "vouchers.csv"));
}
ccard("products", "add", "retail", "--kind", "retail", "--rate-table", "retail", "--language", "es");
ccard("cards", "generate", "--product", "gold", "--count", "3", "--value", "5.00", "--out", join(dir, "cards.csv"));
const cards = readFileSync(join(dir, "cards.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
ccard("cli", "add", PINLESS_CLI, "--card", cards[2][0]);
const account = Number(/account (\d+) created/.exec(ccard("accounts", "create", "--product", "retail", "--name", "Tienda Sol", "--balance", "2.00"))[1]);
ccard("cli", "add", RETAIL_CLI, "--account", String(account));

console.log(`\nDemo database: ${db}
  access number ${ACCESS} (product gold, English), destinations: 1 USA, 44 UK, 4420 London, 33 France, 34 Spain, 52 Mexico, 881 free
  cards (serial, PIN, value):`);
for (const [serial, pin, value, currency] of cards) console.log(`    ${serial}  PIN ${pin}  ${value} ${currency}`);
let voucher;
if (opts.features) {
  [voucher] = readFileSync(join(dir, "vouchers.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  console.log(`  caller features on (--features): language menu (1 English, 2 Spanish), rate and after-call announcements,
  caps of 5 calls and 3.00 a day, 881 and 882 blocked; 9# at the destination prompt redeems the voucher
    ${voucher[0]}  PIN ${voucher[1]}  ${voucher[2]} ${voucher[3]}`);
}
console.log(`  pinless caller ID ${PINLESS_CLI} → card ${cards[2][0]}
  retail caller ID ${RETAIL_CLI} → account ${account} "Tienda Sol" (Spanish prompts), 2.00 USD\n`);

const mode = opts.retail ? "retail" : "callingcard";
const ani = opts.ani ?? (opts.retail ? RETAIL_CLI : opts.pinless ? PINLESS_CLI : "+15551230000");
const dnis = opts.retail ? (opts.to ?? "00441612345678") : ACCESS;
const args = ["scripts/demo/console_call.lua", mode, db, ani, dnis];
// "pin" is the first demo card's PIN; with --features, "voucher" is the demo voucher's.
const key = (k) => (k === "pin" ? cards[0][1] : k === "voucher" && voucher !== undefined ? voucher[1] : k);
if (opts.dtmf !== undefined) args.push("--dtmf", opts.dtmf.split(",").map(key).join(","));
if (opts.talk !== undefined) args.push("--talk", opts.talk);
// Play the WAVs at a terminal when a player is there (and always with --sound).
const hasPlayer = spawnSync("sh", ["-c", "command -v aplay"], { stdio: "ignore" }).status === 0;
if (opts["no-sound"] !== true && (opts.sound === true || (process.stdin.isTTY === true && opts.dtmf === undefined && hasPlayer))) args.push("--sound");
if (!process.stdin.isTTY && opts.dtmf === undefined) console.log("(reading keys from standard input, one entry per line)");
console.log(`── ${mode === "retail" ? "retail call" : "calling-card call"} from ${ani} to ${dnis} ──`);
const call = spawnSync("lua5.3", args, { stdio: "inherit" });
if (call.status !== 0) {
  console.error("demo: the call script failed");
  process.exit(1);
}

const cdrs = JSON.parse(ccard("cdr", "export", "--json"));
console.log("\n── settled ──");
if (cdrs.length === 0) console.log("no call reached a gateway: nothing was charged");
for (const c of cdrs) {
  console.log(`CDR ${c.uuid}: ${c.destination} via ${c.gateway}, answered ${(c.answered_ms / 1000).toFixed(1)} s, ` +
    `cost ${c.cost} (vendor ${c.vendor_cost}), balance ${c.balance_before} → ${c.balance_after}, ${c.hangup_cause}`);
}
const { formatMoney } = createRequire(import.meta.url)("../dist/src/domain/money.js");
if (opts.retail) {
  const a = JSON.parse(ccard("accounts", "show", String(account), "--json"));
  console.log(`account ${account} balance: ${formatMoney(a.balance_micros, 2)} ${a.currency}`);
} else {
  const serial = opts.pinless ? cards[2][0] : cards[0][0];
  const c = JSON.parse(ccard("cards", "show", serial, "--json"));
  console.log(`card ${serial} balance: ${formatMoney(c.balance_micros, 2)} ${c.currency}`);
}
