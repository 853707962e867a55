/**
 * Loads a rate deck CSV into a new version of a rate table and activates it atomically.
 * The rows go into version max+1 in short write transactions of COMMIT_EVERY_ROWS rows, so
 * settlements and holds never wait long for the write lock; calls keep reading the active
 * version (rate_tables.active_version) and never see the new rows until the one statement that
 * switches active_version, in the last transaction, once every line has proved valid. A bad
 * line, an unreadable file or a newer import that won the race: the rows loaded so far are
 * deleted and nothing visible changed. A crash mid-import leaves only rows of a version no call
 * reads; the next successful import deletes every version older than its own.
 */
import { createReadStream, openSync, closeSync } from "node:fs";
import type { Db } from "../../store/db";
import { nowSeconds } from "../../store/db";
import { CliError } from "../../framework";
import { CsvParser, CsvRecord } from "../../csv";
import { DeckHeader, parseDeckHeader, parseDeckRow } from "./deck_row";
import { checkName } from "../../names";
import { checkCurrency } from "../../store/rate_tables";

export interface LoadOptions {
  file: string;
  table: string;
  /** Create the table (in the same transaction) when it does not exist. */
  create: boolean;
  /** Currency of a table created here. */
  currency: string;
  /** Called every PROGRESS_EVERY lines with the number of lines read. */
  progress?: (lines: number) => void;
}

export type LoadResult =
  | { ok: true; tableId: number; version: number; previousVersion: number; rows: number; maxPrefixDigits: number; unknownRoutes: string[]; oldRowsKept?: boolean }
  | { ok: false; errors: { line: number; reason: string }[] };

export const PROGRESS_EVERY = 100000;

/** Rows per write transaction (at least; commits fall between 1 MiB reads of the file). */
export const COMMIT_EVERY_ROWS = 20000;

/** Pause between write transactions, long enough for a waiting writer's busy handler to get in. */
const LOCK_PAUSE_MS = 20;

/** Page cache of the importing connection, KiB (SQLite allocates it only as pages are used). */
const IMPORT_CACHE_KIB = 262144;

function begin(db: Db): void {
  try {
    db.exec("BEGIN IMMEDIATE");
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_BUSY") throw new CliError("the database is busy (another import or a long write): try again");
    throw e;
  }
}

/** Deletes rows matching `where` in short transactions (never one long write lock). */
function deleteInChunks(db: Db, where: string, params: unknown[]): void {
  const del = db.prepare(`DELETE FROM rates WHERE rowid IN (SELECT rowid FROM rates WHERE ${where} LIMIT ${COMMIT_EVERY_ROWS})`);
  for (;;) {
    begin(db);
    const n = del.run(...params).changes;
    db.exec("COMMIT");
    if (n === 0) return;
  }
}

interface Target {
  tableId: number;
  previousVersion: number;
  version: number;
  created: boolean;
}

/** Loads and activates the deck; bad lines come back as values, unusable input as CliError. */
export async function loadDeck(db: Db, o: LoadOptions): Promise<LoadResult> {
  checkName("rate table", o.table);
  try {
    closeSync(openSync(o.file, "r"));
  } catch (e) {
    throw new CliError(`cannot read ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // A page cache big enough for the rates index keeps out-of-order prefixes from thrashing it.
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  begin(db);
  let target: Target | undefined;
  let result: LoadResult | undefined;
  try {
    target = reserveVersion(db, o);
    result = await loadRows(db, o, target);
    if (result.ok) {
      // The switch: only forward, so a slower import can never replace a newer deck. The
      // deck's longest prefix goes with it: calls look up no longer candidate.
      const switched = db
        .prepare("UPDATE rate_tables SET active_version = ?, max_prefix_digits = ?, max_prefix_version = ? WHERE id = ? AND active_version < ?")
        .run(target.version, result.maxPrefixDigits, target.version, target.tableId, target.version).changes;
      if (switched !== 1) throw new CliError(`a newer deck of '${o.table}' was activated while this one loaded; this import was discarded`);
      db.exec("COMMIT");
    }
  } finally {
    if (db.inTransaction) db.exec("ROLLBACK");
    if (target !== undefined && (result === undefined || !result.ok)) discard(db, target);
  }
  if (result.ok) {
    try {
      deleteInChunks(db, "table_id = ? AND version < ?", [target.tableId, target.version]);
    } catch (e) {
      // The new deck is live; unused old rows are harmless and the next import deletes them.
      if (!(e instanceof CliError)) throw e;
      result.oldRowsKept = true;
    }
  }
  return result;
}

/** Finds (or creates) the table and picks the new version, in the first write transaction. */
function reserveVersion(db: Db, o: LoadOptions): Target {
  let table = db.prepare("SELECT id, active_version FROM rate_tables WHERE name = ?").get(o.table) as { id: number; active_version: number } | undefined;
  let created = false;
  if (table === undefined) {
    if (!o.create) throw new CliError(`no rate table '${o.table}' (create it with 'ccard rates create-table', or pass --create)`);
    checkCurrency(o.currency);
    const r = db.prepare("INSERT INTO rate_tables (name, currency, active_version, created_at) VALUES (?, ?, 0, ?)").run(o.table, o.currency, nowSeconds());
    table = { id: Number(r.lastInsertRowid), active_version: 0 };
    created = true;
  }
  const max = db.prepare("SELECT MAX(version) AS v FROM rates WHERE table_id = ?").get(table.id) as { v: number | null };
  return { tableId: table.id, previousVersion: table.active_version, version: Math.max(max.v ?? 0, table.active_version) + 1, created };
}

/** Removes what a failed import committed: its rows, and the table if it made it. */
function discard(db: Db, t: Target): void {
  deleteInChunks(db, "table_id = ? AND version = ?", [t.tableId, t.version]);
  if (t.created) {
    begin(db);
    db.prepare("DELETE FROM rate_tables WHERE id = ? AND active_version = 0 AND NOT EXISTS (SELECT 1 FROM rates WHERE table_id = ?)").run(t.tableId, t.tableId);
    db.exec("COMMIT");
  }
}

/** Reads, checks and inserts every line, committing every COMMIT_EVERY_ROWS rows; ends inside a transaction. */
async function loadRows(db: Db, o: LoadOptions, t: Target): Promise<LoadResult> {
  const { tableId, version } = t;
  const insert = db.prepare(
    "INSERT INTO rates (table_id, version, prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, " +
      "initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, route) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const errors: { line: number; reason: string }[] = [];
  const seen = new Map<string, number>();
  const routes = new Set<string>();
  let header: DeckHeader | undefined;
  let width = 0;
  let rows = 0;
  let maxPrefixDigits = 1;
  let uncommitted = 0;
  let lines = 0;
  const onRecord = (rec: CsvRecord): void => {
    lines++;
    if (o.progress !== undefined && lines % PROGRESS_EVERY === 0) o.progress(lines);
    if (rec.error !== undefined) {
      errors.push({ line: rec.line, reason: rec.error });
      return;
    }
    if (header === undefined) {
      const h = parseDeckHeader(rec.fields);
      if ("errors" in h) throw new CliError(`line ${rec.line} (header): ${h.errors.join("; ")}`);
      header = h.header;
      width = rec.fields.length;
      return;
    }
    const parsed = parseDeckRow(rec.fields, header, width);
    if ("error" in parsed) {
      errors.push({ line: rec.line, reason: parsed.error });
      return;
    }
    const prefix = parsed.row[0];
    const earlier = seen.get(prefix);
    if (earlier !== undefined) {
      errors.push({ line: rec.line, reason: `duplicate prefix ${prefix} (first on line ${earlier})` });
      return;
    }
    seen.set(prefix, rec.line);
    const r = parsed.row;
    routes.add(r[9]);
    rows++;
    if (prefix.length > maxPrefixDigits) maxPrefixDigits = prefix.length;
    if (errors.length > 0) return;
    insert.run(tableId, version, prefix, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
    uncommitted++;
  };
  const parser = new CsvParser(onRecord);
  try {
    for await (const chunk of createReadStream(o.file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
      parser.push(chunk as string);
      if (uncommitted >= COMMIT_EVERY_ROWS) {
        // Let go of the write lock for a moment, so a waiting settlement gets it.
        db.exec("COMMIT");
        uncommitted = 0;
        await new Promise((res) => setTimeout(res, LOCK_PAUSE_MS));
        begin(db);
      }
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new CliError(`cannot read ${o.file}: ${code}`);
    throw e;
  }
  parser.end();
  if (header === undefined) throw new CliError(`${o.file} is empty: expected a header line such as prefix,destination,rate_per_minute`);
  if (errors.length > 0) return { ok: false, errors };
  if (rows === 0) throw new CliError(`${o.file} has a header but no rate lines; an empty deck would stop every call`);
  const known = new Set(db.prepare("SELECT name FROM routes").pluck().all() as string[]);
  const unknown = [...routes].filter((r) => r !== "" && !known.has(r)).sort();
  return { ok: true, tableId, version, previousVersion: t.previousVersion, rows, maxPrefixDigits, unknownRoutes: unknown };
}
