/**
 * One way to fail: each kind of mistake, made on several commands, gets the same exit code, the
 * same --json error code and the same wording (src/cli/exit.ts states the rule), and changes
 * nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { everything } from "../support/catalogue";
import { dumpDb, tempDb } from "../support/db";

interface Kind {
  mistake: string;
  exit: number;
  code: string;
  /** The message without the `ccard COMMAND: ` prefix. */
  message: RegExp;
  lines: string[][];
}

const DECK = "FILE";
const NOWHERE = "/nonexistent/dir/out.csv";

const KINDS: Kind[] = [
  {
    mistake: "an option no command has", exit: 2, code: "UNKNOWN_OPTION", message: /^Unknown option '--bogus'$/,
    lines: [["init", "--bogus"], ["cards", "list", "--bogus"], ["rates", "tables", "--bogus"], ["report", "margin", "--bogus"], ["fs", "calls", "--bogus"], ["products", "add", "x", "--rate-table", "retail", "--bogus"]],
  },
  {
    mistake: "a missing argument", exit: 2, code: "MISSING_ARGUMENT", message: /^expected [A-Z][A-Za-z. ]*$/,
    lines: [["products", "show"], ["cards", "show"], ["gateways", "add"], ["routes", "add-gateway", "intl"], ["accounts", "credit", "4"], ["security", "clear", "ani"], ["rates", "import", "--table", "t"]],
  },
  {
    mistake: "an extra argument", exit: 2, code: "EXTRA_ARGUMENT", message: /^expected .*, got extra 'x'$/,
    lines: [["products", "list", "x"], ["cards", "list", "x"], ["rates", "tables", "x"], ["holds", "list", "x"], ["routes", "show", "intl", "x"], ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1", "x"]],
  },
  {
    mistake: "a required option left out", exit: 2, code: "MISSING_OPTION", message: /^--[a-z-]+ is required$/,
    lines: [["cards", "generate", "--count", "1", "--value", "1"], ["rates", "import", DECK], ["accounts", "create", "--product", "shop"], ["cards", "refill", "0000000001"], ["rates", "lookup", "+4420"], ["rates", "export"], ["products", "add", "x"]],
  },
  {
    mistake: "a whole number out of its range", exit: 2, code: "BAD_VALUE", message: /^(--[a-z-]+|account id) must be (from \d+ to \d+|at least \d+), got \d+$/,
    lines: [
      ["cards", "generate", "--product", "gold", "--count", "0", "--value", "1"], ["routes", "add", "r9", "--max-attempts", "0"], ["routes", "add-gateway", "intl", "gw1", "--weight", "1001"],
      ["gateways", "add", "g9", "--max-channels", "100001"], ["products", "set", "gold", "--pin-max-tries", "11"], ["cards", "list", "--limit", "0"], ["accounts", "show", "0"], ["fs", "calls", "--timeout-ms", "0"],
    ],
  },
  {
    mistake: "a number that is not a whole number", exit: 2, code: "BAD_VALUE", message: /^(--[a-z-]+|account id|batch id) '1\.5' is not a whole number$/,
    lines: [
      ["cards", "generate", "--product", "gold", "--count", "1.5", "--value", "1"], ["routes", "add-gateway", "intl", "gw1", "--weight", "1.5"], ["gateways", "add", "g9", "--max-channels", "1.5"],
      ["cards", "list", "--batch", "1.5"], ["accounts", "show", "1.5"], ["batches", "show", "1.5"], ["fs", "calls", "--timeout-ms", "1.5"],
    ],
  },
  {
    mistake: "a day that does not exist", exit: 2, code: "BAD_VALUE", message: /^--[a-z]+( fixed date)? '2025-02-30' is not a real calendar date$/,
    lines: [["cdr", "export", "--from", "2025-02-30"], ["report", "margin", "--to", "2025-02-30"], ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1", "--expires", "2025-02-30"], ["products", "set", "gold", "--expiry", "fixed:2025-02-30"]],
  },
  {
    mistake: "a date not written YYYY-MM-DD", exit: 2, code: "BAD_VALUE", message: /^--[a-z]+( fixed date)? '30\/12\/2099' is not a date YYYY-MM-DD$/,
    lines: [["cdr", "export", "--to", "30/12/2099"], ["report", "asr-acd", "--from", "30/12/2099"], ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1", "--expires", "30/12/2099"], ["products", "set", "gold", "--expiry", "fixed:30/12/2099"]],
  },
  {
    mistake: "money that is not a decimal amount", exit: 2, code: "BAD_VALUE", message: /^(--[a-z-]+|AMOUNT) '1e3' is not a decimal amount \(digits with an optional '\.'\)$/,
    lines: [
      ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1e3"], ["cards", "refill", "0000000001", "--amount", "1e3"], ["accounts", "credit", "4", "1e3"],
      ["accounts", "create", "--product", "shop", "--name", "x", "--balance", "1e3"], ["products", "set", "gold", "--connect-fee", "1e3"],
    ],
  },
  {
    mistake: "no money where some must be given", exit: 2, code: "BAD_VALUE", message: /^(--[a-z]+|AMOUNT) must be more than 0$/,
    lines: [["cards", "generate", "--product", "gold", "--count", "1", "--value", "0"], ["cards", "refill", "0000000001", "--amount", "0"], ["accounts", "debit", "4", "0.000000"]],
  },
  {
    mistake: "a word not in its set", exit: 2, code: "BAD_VALUE", message: /^(--[a-z]+|KIND) 'x' is not one of [a-z_-]+(, [a-z_-]+)+$/,
    lines: [["products", "set", "gold", "--kind", "x"], ["products", "set", "gold", "--language", "x"], ["cards", "list", "--state", "x"], ["report", "margin", "--by", "x"], ["security", "show", "--kind", "x"], ["security", "clear", "x", "k"]],
  },
  {
    mistake: "a name with a character names may not hold", exit: 2, code: "BAD_VALUE", message: /^(gateway|route|rate table|product) name 'a b' may only hold letters, digits, '\.', '_' and '-'$/,
    lines: [["gateways", "add", "a b"], ["routes", "add", "a b"], ["rates", "create-table", "a b"], ["products", "add", "a b", "--rate-table", "retail"], ["rates", "import", DECK, "--table", "a b", "--create"], ["gateways", "add", "g9", "--cost-table", "a b"]],
  },
  {
    mistake: "a currency that is not an ISO 4217 code", exit: 2, code: "BAD_VALUE", message: /^--currency 'usd' is not three capital letters \(an ISO 4217 code such as USD\)$/,
    lines: [["rates", "create-table", "t9", "--currency", "usd"], ["rates", "import", DECK, "--table", "t9", "--create", "--currency", "usd"], ["products", "set", "gold", "--currency", "usd"]],
  },
  {
    mistake: "options that do not go together", exit: 2, code: "CONFLICTING_OPTIONS", message: /^(--[a-z-]+ and --[a-z-]+ exclude each other|--[a-z]+ (only goes with|needs) --.*|give exactly one of .*|--pin-length 8 is below 10: .*|--to \S+ is before --from \S+)$/,
    lines: [
      ["gateways", "set", "gw1", "--enable", "--disable"], ["gateways", "set", "gw1", "--cost-table", "vendor", "--no-cost-table"], ["cdr", "export", "--csv", "--json"], ["cli", "add", "+15550001", "--account", "4", "--card", "0000000001"],
      ["rates", "import", DECK, "--table", "retail", "--currency", "EUR"], ["distributor", "export", "--reload"], ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1", "--pin-length", "8"],
      ["report", "margin", "--from", "2026-01-02", "--to", "2026-01-01"],
    ],
  },
  {
    mistake: "nothing to do", exit: 2, code: "NOTHING_TO_DO", message: /^nothing to change: give at least one option \(see --help\)$/,
    lines: [["gateways", "set", "gw1"], ["products", "set", "gold"]],
  },
  {
    mistake: "a rate table that does not exist", exit: 1, code: "RATE_TABLE_NOT_FOUND", message: /^no rate table 'nope' \(see 'ccard rates tables'; 'ccard rates import --create' makes one\)$/,
    lines: [
      ["products", "add", "n9", "--rate-table", "nope"], ["products", "set", "gold", "--rate-table", "nope"], ["gateways", "add", "g9", "--cost-table", "nope"], ["gateways", "set", "gw1", "--cost-table", "nope"],
      ["rates", "lookup", "--table", "nope", "+4420"], ["rates", "export", "--table", "nope"], ["rates", "import", DECK, "--table", "nope"],
    ],
  },
  {
    mistake: "a product that does not exist", exit: 1, code: "PRODUCT_NOT_FOUND", message: /^no product named 'nope' \(see 'ccard products list'\)$/,
    lines: [["products", "show", "nope"], ["products", "set", "nope", "--pin-max-tries", "2"], ["cards", "generate", "--product", "nope", "--count", "1", "--value", "1"], ["accounts", "create", "--product", "nope", "--name", "x"], ["accounts", "list", "--product", "nope"], ["rates", "lookup", "--table", "retail", "+4420", "--product", "nope"]],
  },
  {
    mistake: "a gateway that does not exist", exit: 1, code: "GATEWAY_NOT_FOUND", message: /^no gateway 'nope' \(see 'ccard gateways list'\)$/,
    lines: [["gateways", "show", "nope"], ["gateways", "set", "nope", "--enable"], ["gateways", "remove", "nope"], ["routes", "add-gateway", "intl", "nope"], ["routes", "remove-gateway", "intl", "nope"]],
  },
  {
    mistake: "a route that does not exist", exit: 1, code: "ROUTE_NOT_FOUND", message: /^no route 'nope' \(see 'ccard routes list'\)$/,
    lines: [["routes", "show", "nope"], ["routes", "remove", "nope"], ["routes", "add-gateway", "nope", "gw1"], ["routes", "remove-gateway", "nope", "gw1"]],
  },
  {
    mistake: "a card that does not exist", exit: 1, code: "CARD_NOT_FOUND", message: /^no card with serial '0000000099'$/,
    lines: [["cards", "show", "0000000099"], ["cards", "block", "0000000099"], ["cards", "unblock", "0000000099"], ["cards", "refill", "0000000099", "--amount", "1"], ["cards", "void", "0000000099"], ["cli", "add", "+12125550199", "--card", "0000000099"]],
  },
  {
    mistake: "an account that does not exist", exit: 1, code: "ACCOUNT_NOT_FOUND", message: /^no account 99$/,
    lines: [["accounts", "show", "99"], ["accounts", "credit", "99", "1"], ["accounts", "debit", "99", "1"], ["cli", "add", "+12125550199", "--account", "99"], ["cli", "list", "--account", "99"]],
  },
  {
    mistake: "a batch that does not exist", exit: 1, code: "BATCH_NOT_FOUND", message: /^no batch 99$/,
    lines: [["batches", "show", "99"], ["batches", "block", "99"], ["batches", "export", "99"], ["cards", "list", "--batch", "99"]],
  },
  {
    mistake: "a name already taken", exit: 1, code: "ALREADY_EXISTS", message: /^(route|gateway|rate table|product) '[a-z0-9]+' already exists/,
    lines: [["routes", "add", "intl"], ["gateways", "add", "gw1"], ["rates", "create-table", "retail"], ["products", "add", "gold", "--rate-table", "retail"]],
  },
  {
    mistake: "an input file that cannot be read", exit: 1, code: "FILE_UNREADABLE", message: /^cannot read \/nonexistent\/in\.csv: ENOENT$/,
    lines: [["rates", "import", "/nonexistent/in.csv", "--table", "retail"], ["cli", "import", "/nonexistent/in.csv"]],
  },
  {
    mistake: "an output file that cannot be written", exit: 1, code: "FILE_UNWRITABLE", message: /^cannot write \/nonexistent\/dir\/out\.csv: ENOENT$/,
    lines: [["cards", "generate", "--product", "gold", "--count", "1", "--value", "1", "--out", NOWHERE], ["batches", "export", "1", "--out", NOWHERE], ["rates", "export", "--table", "retail", "--out", NOWHERE], ["cdr", "export", "--out", NOWHERE], ["distributor", "export", "--out", NOWHERE]],
  },
];

test("the same kind of mistake gets the same exit code, error code and wording from every command, and changes nothing", async () => {
  const t = tempDb();
  try {
    await everything(t.db, t.dir);
    const deck = join(t.dir, "deck.csv");
    const before = dumpDb(t.db);
    for (const k of KINDS) {
      for (const raw of k.lines) {
        const argv = raw.map((a) => (a === DECK ? deck : a));
        const name = `${k.mistake}: ccard ${argv.join(" ")}`;
        const json = argv.includes("--json");
        const text = json ? undefined : await runCli(t.db, argv);
        const r = await runCli(t.db, json ? argv : [...argv, "--json"]);
        assert.equal(r.code, k.exit, `${name}: exit ${r.code} ${r.stderr}`);
        const e = JSON.parse(r.stderr).error;
        assert.deepEqual([e.code, e.exit], [k.code, k.exit], name);
        assert.match(e.message, k.message, name);
        if (text !== undefined) {
          assert.equal(text.code, k.exit, name);
          assert.ok(text.stderr.startsWith(`ccard ${commandPath(argv)}: ${e.message}\n`), `${name}: text says ${text.stderr}`);
        }
      }
    }
    assert.equal(dumpDb(t.db), before, "a refused command changed the database");
  } finally {
    t.cleanup();
  }
});

/** The command words of a command line (its leading words that are not values). */
function commandPath(argv: string[]): string {
  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith("-") || words.length === 2 || (words.length === 1 && ["init"].includes(words[0]))) break;
    words.push(a);
  }
  return words.join(" ");
}
