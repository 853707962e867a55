/**
 * Loads a rate deck CSV into a new version of a rate table, to take effect at once or at a
 * chosen instant. The rows go into version max+1 in short write transactions of
 * COMMIT_EVERY_ROWS rows, so settlements and holds never wait long for the write lock; calls
 * keep reading the version in force and never see the new rows until the one statement that
 * registers the version (its rate_versions row, with its effective_at), in the last
 * transaction, once every line has proved valid. A bad line, an unreadable file or a newer
 * import that won the race: the rows loaded so far are deleted and nothing visible changed. A
 * crash mid-import leaves only rows of a version no call reads; the next successful import
 * deletes them, and every version the one in force has superseded.
 */
import { closeSync, createReadStream, openSync } from "node:fs";
import { Failure, LineProblem } from "../../exit";
import { unreadable } from "../../files";
import { CsvParser, CsvRecord } from "../../csv";
import { findRateTable } from "../../store/lookups";
import type { Sql, Store } from "../../store/store";
import { nowSeconds, timeText } from "../../time";
import { DeckHeader, DeckRow, parseDeckHeader, parseDeckRow } from "./deck_row";
import { deleteRows, deleteUnreachable, versionAt } from "./versions";

export interface LoadOptions {
  file: string;
  table: string;
  /** Create the table when it does not exist. */
  create: boolean;
  /** Currency of a table created here. */
  currency: string;
  /** When the deck takes effect (epoch seconds, after now); undefined: as soon as it is loaded. */
  effectiveAt?: number;
  /** Called every PROGRESS_EVERY lines with the number of lines read. */
  progress?: (lines: number) => void;
}

export type LoadResult =
  | {
    ok: true;
    tableId: number;
    version: number;
    /** When it takes effect (the switch itself for an immediate import). */
    effectiveAt: number;
    /** The version in force when the import started (0: none). */
    previousVersion: number;
    rows: number;
    maxPrefixDigits: number;
    /** The bands the deck prices (its rate_per_minute:BAND columns). */
    bands: string[];
    unknownRoutes: string[];
    oldRowsKept: boolean;
  }
  | { ok: false; errors: LineProblem[] };

export const PROGRESS_EVERY = 100000;

/** Rows per write transaction (at least; commits fall between reads of the file). */
export const COMMIT_EVERY_ROWS = 20000;

/** Characters read from the deck at a time (about 1,300 lines). */
const READ_CHARS = 1 << 16;

/** Pause between write transactions, long enough for a waiting writer's busy handler to get in. */
const LOCK_PAUSE_MS = 20;

interface Target {
  tableId: number;
  previousVersion: number;
  version: number;
  created: boolean;
}

const pause = (): Promise<void> => new Promise((res) => setTimeout(res, LOCK_PAUSE_MS));

/** Finds (or creates) the table and picks the new version. */
async function reserveVersion(tx: Sql, o: LoadOptions): Promise<Target> {
  let tableId = (await tx.get<{ id: number }>("SELECT id FROM rate_tables WHERE name = ?", [o.table]))?.id;
  let created = false;
  if (tableId === undefined) {
    if (!o.create) await findRateTable(tx, o.table); // the one "no rate table" failure
    tableId = await tx.insertId("rate_tables", { name: o.table, currency: o.currency, created_at: nowSeconds() });
    created = true;
  }
  const max = await tx.get<{ v: number | null }>(
    "SELECT MAX(v) AS v FROM (SELECT MAX(version) AS v FROM rates WHERE table_id = ? UNION ALL SELECT MAX(version) FROM rate_versions WHERE table_id = ?) x",
    [tableId, tableId],
  );
  const previous = await versionAt(tx, tableId, nowSeconds());
  return { tableId, previousVersion: previous?.version ?? 0, version: (max?.v ?? 0) + 1, created };
}

/** Removes what a failed import committed: its rows, and the table if it made it. */
async function discard(db: Store, t: Target): Promise<void> {
  await deleteRows(db, t.tableId, t.version);
  if (t.created) {
    await db.run(
      "DELETE FROM rate_tables WHERE id = ? AND NOT EXISTS (SELECT 1 FROM rate_versions WHERE table_id = ?) AND NOT EXISTS (SELECT 1 FROM rates WHERE table_id = ?)",
      [t.tableId, t.tableId, t.tableId],
    );
  }
}

/** Loads and registers the deck; bad lines come back as values, unusable input as Failure. */
export async function loadDeck(db: Store, o: LoadOptions): Promise<LoadResult> {
  try {
    closeSync(openSync(o.file, "r"));
  } catch (e) {
    throw unreadable(o.file, e);
  }
  const target = await db.transaction((tx) => reserveVersion(tx, o));
  let result: LoadResult | undefined;
  try {
    result = await loadRows(db, o, target);
  } finally {
    if (result === undefined || !result.ok) await discard(db, target);
  }
  if (result.ok) {
    try {
      await deleteUnreachable(db, target.tableId, target.version, nowSeconds());
    } catch (e) {
      // The new deck is live; unused old rows are harmless and the next import deletes them.
      if (!(e instanceof Failure && e.code === "DATABASE_BUSY")) throw e;
      result.oldRowsKept = true;
    }
  }
  return result;
}

/** Reads, checks and inserts every line, COMMIT_EVERY_ROWS rows a transaction; the last one registers the version. */
async function loadRows(db: Store, o: LoadOptions, t: Target): Promise<LoadResult> {
  const errors: LineProblem[] = [];
  const seen = new Map<string, number>();
  const routes = new Set<string>();
  let header: DeckHeader | undefined;
  let width = 0;
  let rows = 0;
  let maxPrefixDigits = 1;
  let pending: DeckRow[] = [];
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
      if ("errors" in h) throw new Failure("FILE_REJECTED", `line ${rec.line} (header): ${h.errors.join("; ")}`);
      header = h.header;
      width = rec.fields.length;
      return;
    }
    const parsed = parseDeckRow(rec.fields, header, width, t);
    if ("error" in parsed) {
      errors.push({ line: rec.line, reason: parsed.error });
      return;
    }
    const prefix = parsed.row.prefix;
    const earlier = seen.get(prefix);
    if (earlier !== undefined) {
      errors.push({ line: rec.line, reason: `duplicate prefix ${prefix} (first on line ${earlier})` });
      return;
    }
    seen.set(prefix, rec.line);
    routes.add(parsed.row.route);
    rows++;
    if (prefix.length > maxPrefixDigits) maxPrefixDigits = prefix.length;
    if (errors.length === 0) pending.push(parsed.row);
  };
  const parser = new CsvParser(onRecord);
  const chunks = createReadStream(o.file, { encoding: "utf8", highWaterMark: READ_CHARS })[Symbol.asyncIterator]();
  let ended = false;
  /** Reads and parses one chunk of the file; false at its end. */
  const read = async (): Promise<boolean> => {
    const next = await chunks.next();
    if (next.done === true) return false;
    parser.push(next.value as string);
    return true;
  };
  try {
    // Each transaction reads and writes about COMMIT_EVERY_ROWS rows, a chunk at a time (so the
    // rows in memory stay few), then lets go of the write lock for a moment, so a waiting
    // settlement gets it. From the first bad line on, the rest is only read, for its errors.
    while (!ended && errors.length === 0) {
      await db.transaction(async (tx) => {
        let written = 0;
        while (written < COMMIT_EVERY_ROWS && errors.length === 0) {
          if (!(await read())) {
            ended = true;
            return;
          }
          if (errors.length === 0) written += await tx.insertMany("rates", pending);
          pending = [];
        }
      });
      if (!ended) await pause();
    }
    while (!ended) ended = !(await read());
  } catch (e) {
    if (e instanceof Failure) throw e;
    if ((e as NodeJS.ErrnoException).code !== undefined) throw unreadable(o.file, e);
    throw e;
  }
  parser.end();
  if (header === undefined) throw new Failure("FILE_REJECTED", `${o.file} is empty: expected a header line such as prefix,destination,rate_per_minute`);
  if (errors.length > 0) return { ok: false, errors };
  if (rows === 0) throw new Failure("FILE_REJECTED", `${o.file} has a header but no rate lines; an empty deck would stop every call`);
  let effectiveAt = 0;
  await db.transaction(async (tx) => {
    await tx.insertMany("rates", pending);
    // The switch: the version's row makes its rows readable from effectiveAt on. Only forward:
    // a version registered meanwhile with a higher number and an effective time no later than
    // ours would be overridden by this older deck, so this import gives way instead.
    const now = nowSeconds();
    effectiveAt = o.effectiveAt ?? now;
    if (effectiveAt < now) throw new Failure("DATE_PAST", `--effective ${timeText(effectiveAt)} passed while the deck loaded; nothing imported`);
    const newer = await tx.get("SELECT 1 AS x FROM rate_versions WHERE table_id = ? AND version > ? AND effective_at <= ?", [t.tableId, t.version, effectiveAt]);
    if (newer !== undefined) throw new Failure("IMPORT_OVERTAKEN", `a newer deck of '${o.table}' was loaded while this one loaded; this import was discarded`);
    await tx.insert("rate_versions", {
      table_id: t.tableId, version: t.version, effective_at: effectiveAt, max_prefix_digits: maxPrefixDigits, row_count: rows, loaded_at: now,
    });
  });
  const known = new Set((await db.all<{ name: string }>("SELECT name FROM routes")).map((r) => r.name));
  const unknownRoutes = [...routes].filter((r) => r !== "" && !known.has(r)).sort();
  const bands = (header as DeckHeader).bands.map((b) => b.band);
  return { ok: true, tableId: t.tableId, version: t.version, effectiveAt, previousVersion: t.previousVersion, rows, maxPrefixDigits, bands, unknownRoutes, oldRowsKept: false };
}
