/**
 * Loads a rate deck CSV into a new version of a rate table and activates it atomically.
 * One write transaction: the rows go into version max+1 (invisible to calls, which read
 * rate_tables.active_version), and only when every line is valid is active_version switched
 * to it, just before COMMIT. Any bad line rolls the whole transaction back: nothing changes.
 * Older versions' rows are deleted afterwards in a second, separate transaction.
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
  | { ok: true; tableId: number; version: number; previousVersion: number; rows: number; unknownRoutes: string[]; oldRowsKept?: boolean }
  | { ok: false; errors: { line: number; reason: string }[] };

export const PROGRESS_EVERY = 100000;

/** Page cache of the importing connection, KiB (SQLite allocates it only as pages are used). */
const IMPORT_CACHE_KIB = 262144;

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
  try {
    db.exec("BEGIN IMMEDIATE");
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_BUSY") throw new CliError("the database is busy (another import or a long write): try again");
    throw e;
  }
  try {
    const result = await loadInTransaction(db, o);
    if (result.ok) db.exec("COMMIT");
    else db.exec("ROLLBACK");
    if (result.ok) {
      try {
        db.prepare("DELETE FROM rates WHERE table_id = ? AND version <> ?").run(result.tableId, result.version);
      } catch (e) {
        // The new deck is live; unused old rows are harmless and the next import deletes them.
        if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
        result.oldRowsKept = true;
      }
    }
    return result;
  } finally {
    if (db.inTransaction) db.exec("ROLLBACK");
  }
}

async function loadInTransaction(db: Db, o: LoadOptions): Promise<LoadResult> {
  let table = db.prepare("SELECT id, active_version FROM rate_tables WHERE name = ?").get(o.table) as { id: number; active_version: number } | undefined;
  if (table === undefined) {
    if (!o.create) throw new CliError(`no rate table '${o.table}' (create it with 'ccard rates create-table', or pass --create)`);
    checkCurrency(o.currency);
    const r = db.prepare("INSERT INTO rate_tables (name, currency, active_version, created_at) VALUES (?, ?, 0, ?)").run(o.table, o.currency, nowSeconds());
    table = { id: Number(r.lastInsertRowid), active_version: 0 };
  }
  const tableId = table.id;
  const max = db.prepare("SELECT MAX(version) AS v FROM rates WHERE table_id = ?").get(tableId) as { v: number | null };
  const version = Math.max(max.v ?? 0, table.active_version) + 1;
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
    if (errors.length === 0) insert.run(tableId, version, prefix, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
    routes.add(r[9]);
    rows++;
  };
  const parser = new CsvParser(onRecord);
  try {
    for await (const chunk of createReadStream(o.file, { encoding: "utf8", highWaterMark: 1 << 20 })) parser.push(chunk as string);
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
  db.prepare("UPDATE rate_tables SET active_version = ? WHERE id = ?").run(version, tableId);
  const known = new Set(db.prepare("SELECT name FROM routes").pluck().all() as string[]);
  const unknown = [...routes].filter((r) => r !== "" && !known.has(r)).sort();
  return { ok: true, tableId, version, previousVersion: table.active_version, rows, unknownRoutes: unknown };
}
