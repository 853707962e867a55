// Imports a generated rate deck through the built CLI code and prints rows/s.
//   node bench/rates-import.mjs [--lines N] [--scattered]   (default 1,000,000; build first: npm run build)
// --scattered writes the prefixes out of order (carriers' decks are usually sorted; this is the
// slower case for the primary-key index).
// The deck has N distinct prefixes with every column filled and some quoted destinations.
// It is imported twice: into a fresh table, then again over it (new version + swap + delete
// of the old rows), the path an operator's weekly deck update takes.
import { mkdtempSync, rmSync, createWriteStream, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { dispatch } = require("../dist/src/cli/framework/dispatch.js");
const { rootCommand } = require("../dist/src/cli/main.js");

const { values } = parseArgs({ options: { lines: { type: "string", default: "1000000" }, scattered: { type: "boolean", default: false } } });
const lines = Number(values.lines);
if (!Number.isInteger(lines) || lines < 1) throw new Error("--lines must be a positive whole number");

const dir = mkdtempSync(join(tmpdir(), "ccard-bench-"));
const dbPath = join(dir, "ccard.db");
const deck = join(dir, "deck.csv");

async function writeDeck() {
  const out = createWriteStream(deck);
  let buf = "prefix,destination,rate_per_minute,connect_fee,disconnect_fee,initial_seconds,increment_seconds,grace_seconds,minimum_cost,route\n";
  for (let i = 0; i < lines; i++) {
    // Distinct either way: 7919 is prime, so i -> i * 7919 mod N is a permutation unless 7919 divides N.
    const prefix = String(1000000 + (values.scattered && lines % 7919 !== 0 ? (i * 7919) % lines : i));
    const dest = i % 10 === 0 ? `"Zone ${i % 977}, mobile"` : `Zone ${i % 977}`;
    buf += `${prefix},${dest},0.${String(i % 1000000).padStart(6, "0")},0.01,0,60,6,3,0.02,r${i % 7}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once("drain", r));
      buf = "";
    }
  }
  out.end(buf);
  await new Promise((r) => out.on("finish", r));
}

function ctx() {
  return { stdout: { write: () => {} }, stderr: { write: (t) => process.stderr.write(t) }, env: { CCARD_DB: dbPath }, interactive: false };
}

async function timedImport(label) {
  const t0 = process.hrtime.bigint();
  const code = await dispatch(rootCommand, ["rates", "import", deck, "--table", "bench", "--create"], ctx());
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`import failed with exit code ${code}`);
  console.log(`${label}: ${lines} rows in ${s.toFixed(2)} s = ${Math.round(lines / s).toLocaleString("en")} rows/s`);
}

try {
  const g0 = process.hrtime.bigint();
  await writeDeck();
  console.log(`generated ${lines} lines (${(statSync(deck).size / 1e6).toFixed(1)} MB) in ${(Number(process.hrtime.bigint() - g0) / 1e9).toFixed(2)} s`);
  if ((await dispatch(rootCommand, ["init"], ctx())) !== 0) throw new Error("init failed");
  await timedImport("first import (new table)");
  await timedImport("re-import (new version, swap, old rows deleted)");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
