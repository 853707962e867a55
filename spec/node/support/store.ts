/** Store helpers for CLI specs: a seeded database and a dump of every table to compare. */
import assert from "node:assert/strict";
import { openStore } from "../../../src/cli/context";
import { createRateTable } from "../../../src/cli/store/records";
import { CliRun, runCli } from "./cli";

/** Every row of every table, in a stable order, as one string. */
export function dumpDb(dbPath: string): string {
  const db = openStore(dbPath, false);
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const out: Record<string, unknown[]> = {};
    for (const t of tables) out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
    return JSON.stringify(out);
  } finally {
    db.close();
  }
}

/** Runs SQL against the test database and returns the rows. */
export function query<T = Record<string, unknown>>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = openStore(dbPath, false);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Runs SQL that changes the test database. */
export function exec(dbPath: string, sql: string, ...params: unknown[]): void {
  const db = openStore(dbPath, false);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** Runs the CLI and fails the test unless it exits 0. */
export async function ok(dbPath: string, argv: string[]): Promise<CliRun> {
  const r = await runCli(dbPath, argv);
  assert.equal(r.code, 0, `ccard ${argv.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r;
}

/**
 * A database with rate tables 'std' (USD) and 'eur' (EUR), a card product 'gold' (access
 * number 18005550100) and a retail product 'shop' (UK dialling: 0 national prefix, 44).
 */
export async function seeded(dbPath: string): Promise<void> {
  await ok(dbPath, ["init"]);
  const db = openStore(dbPath, false);
  try {
    createRateTable(db, "std", "USD");
    createRateTable(db, "eur", "EUR");
  } finally {
    db.close();
  }
  await ok(dbPath, ["products", "add", "gold", "--rate-table", "std", "--access-number", "18005550100"]);
  await ok(dbPath, ["products", "add", "shop", "--kind", "retail", "--rate-table", "std", "--country-code", "44", "--national-prefix", "0"]);
}

/**
 * Runs each bad command line and checks that it exits with the expected code, that stderr
 * matches, and that the database is byte-for-byte the same afterwards.
 */
export async function rejectsAll(dbPath: string, cases: [string[], number, RegExp][]): Promise<void> {
  for (const [argv, code, message] of cases) {
    const before = dumpDb(dbPath);
    const r = await runCli(dbPath, argv);
    assert.equal(r.code, code, `ccard ${argv.join(" ")}: exit ${r.code}, stderr: ${r.stderr}`);
    assert.match(r.stderr, message, `ccard ${argv.join(" ")}`);
    assert.equal(dumpDb(dbPath), before, `ccard ${argv.join(" ")} changed the database`);
  }
}
