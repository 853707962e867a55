/**
 * The PostgreSQL adapter of the store (store.ts), on node-postgres (`pg`): the only file that
 * imports it. One connection per command; `?` placeholders become `$1`, `$2` …; int8 and
 * numeric values come back as JS numbers (every stored integer is below 2^53 by design; one
 * that is not is a bug, never a silent rounding), booleans as 1/0, text as text. Bulk inserts
 * go through COPY (three to four times faster than multi-row INSERTs here); exports and scans
 * page through a server-side cursor. Pending migrations are applied on open, under an advisory
 * lock so two commands never migrate at once, and a read-only command's session is then set
 * read only. Every error that leaves this file is scrubbed of the password (pgerrors.ts).
 */
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { Failure } from "../exit";
import { PgUrl, parsePgUrl, redactUrl, targetText } from "./dsn";
import { migrate } from "./migrate";
import { MIGRATIONS } from "./schema";
import { connectFailure, translate } from "./pgerrors";
import { insertValues } from "./store";
import type { DbMode, Sql, SqlRecord, SqlValue, Store } from "./store";

/** Rows per multi-row INSERT (PostgreSQL takes up to 65,535 parameters in one statement). */
const ROWS_PER_INSERT = 500;
/** From this many rows insertMany uses COPY (below it one INSERT is as quick and simpler). */
const COPY_FROM_ROWS = 20;
/** COPY data is sent in pieces of about this many characters. */
const COPY_PIECE_CHARS = 1 << 16;
/** How long a statement waits for a lock before DATABASE_BUSY, as SQLite's busy_timeout. */
const LOCK_TIMEOUT_MS = 5000;
const CONNECT_TIMEOUT_MS = 10000;
/** One advisory lock key for "migrating the schema", another for "reserving ids" (any 64-bit number). */
const MIGRATE_LOCK = 7342001;
const RESERVE_LOCK = 7342002;

const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;

function integer(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`integer ${text} from PostgreSQL is past 2^53: read it as text (CAST(… AS TEXT))`);
  return n;
}

/** How values come back: per connection, so nothing global in pg is changed (the specs' own connections use it too). */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: string): (text: string) => unknown {
    if (oid === INT8) return integer;
    if (oid === NUMERIC) return (t: string) => (/^-?\d+$/.test(t) ? integer(t) : Number(t));
    if (oid === BOOL) return (t: string) => (t === "t" ? 1 : 0);
    return pg.types.getTypeParser(oid, format as "text");
  },
};

/**
 * SQL with `?` placeholders numbered for PostgreSQL ($1 …); a `?` inside a string literal, a
 * quoted name or a comment is left alone.
 */
export function numbered(sql: string): string {
  let out = "";
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === "?") {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}

/** A value in COPY's text format. */
function copyText(v: SqlValue): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (m) => (m === "\\" ? "\\\\" : m === "\t" ? "\\t" : m === "\n" ? "\\n" : "\\r")) : v;
}

function insertSql(table: string, columns: string[], rows: number, tail: string): string {
  const values: string[] = [];
  let k = 0;
  for (let r = 0; r < rows; r++) values.push(`(${columns.map(() => `$${++k}`).join(", ")})`);
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${values.join(", ")}${tail}`;
}

class PgStore implements Store {
  readonly dialect = "pgsql" as const;
  private readonly numberedSql = new Map<string, string>();
  private readonly names = new Map<string, string>();
  private inTransaction = false;
  private cursors = 0;
  /** Set when the server or the network dropped the connection: every later call fails with it. */
  private lost: Failure | undefined;

  constructor(
    private readonly client: pg.Client,
    readonly location: string,
    private readonly secret: string | undefined,
  ) {
    // An idle connection that drops emits 'error': remember it instead of crashing the process.
    client.on("error", (e) => {
      this.lost = translate(e, this.location, this.secret) as Failure;
    });
  }

  private text(sql: string): string {
    let t = this.numberedSql.get(sql);
    if (t === undefined) {
      t = numbered(sql);
      this.numberedSql.set(sql, t);
    }
    return t;
  }

  /** A statement prepared once per connection and named, for SQL that runs many times. */
  private name(text: string): string {
    let n = this.names.get(text);
    if (n === undefined) {
      n = `s${this.names.size + 1}`;
      this.names.set(text, n);
    }
    return n;
  }

  private async query(text: string, params: readonly SqlValue[], array = false): Promise<pg.QueryResult<any>> {
    if (this.lost !== undefined) throw this.lost;
    try {
      const config: pg.QueryConfig & { rowMode?: "array" } = { text, values: params as SqlValue[] };
      if (params.length > 0) config.name = this.name(text);
      if (array) config.rowMode = "array";
      return await this.client.query(config);
    } catch (e) {
      throw translate(e, this.location, this.secret);
    }
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query(this.text(sql), params)).rows as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query(this.text(sql), params)).rows[0] as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.query(this.text(sql), params)).rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    // No parameters: the simple protocol, which runs several statements at once.
    await this.query(script, []);
  }

  async insert(table: string, row: SqlRecord): Promise<void> {
    await this.query(insertSql(table, Object.keys(row), 1, ""), Object.values(row));
  }

  async insertId(table: string, row: SqlRecord): Promise<number> {
    return (await this.query(insertSql(table, Object.keys(row), 1, " RETURNING id"), Object.values(row))).rows[0].id as number;
  }

  async insertMany(table: string, rows: readonly SqlRecord[], options: { skipConflictsOn?: readonly string[] } = {}): Promise<number> {
    if (rows.length === 0) return 0;
    const columns = Object.keys(rows[0]);
    if (options.skipConflictsOn === undefined && rows.length >= COPY_FROM_ROWS) return this.copyIn(table, columns, rows);
    const tail = options.skipConflictsOn === undefined ? "" : ` ON CONFLICT (${options.skipConflictsOn.join(", ")}) DO NOTHING`;
    const perInsert = Math.min(ROWS_PER_INSERT, Math.floor(65535 / columns.length));
    let changes = 0;
    for (let start = 0; start < rows.length; start += perInsert) {
      const n = Math.min(perInsert, rows.length - start);
      const values = insertValues(table, columns, rows, start, n);
      changes += (await this.query(insertSql(table, columns, n, tail), values)).rowCount ?? 0;
    }
    return changes;
  }

  /** COPY table (columns) FROM STDIN in text format; resolves with the rows written. */
  private async copyIn(table: string, columns: string[], rows: readonly SqlRecord[]): Promise<number> {
    if (this.lost !== undefined) throw this.lost;
    const stream = this.client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", reject);
    });
    try {
      let piece = "";
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        let line = "";
        for (let j = 0; j < columns.length; j++) {
          const v = row[columns[j]];
          if (v === undefined) throw new Error(`insertMany ${table}: row ${i} has no ${columns[j]}`);
          line += (j === 0 ? "" : "\t") + copyText(v);
        }
        piece += line + "\n";
        if (piece.length >= COPY_PIECE_CHARS) {
          const more = stream.write(piece);
          piece = "";
          if (!more) await new Promise<void>((resolve, reject) => {
            stream.once("drain", resolve);
            stream.once("error", reject);
          });
        }
      }
      stream.end(piece);
      await done;
    } catch (e) {
      // A row without a column: end the COPY with an error, so the connection is usable again.
      if (!stream.writableEnded) stream.destroy(e as Error);
      await done.catch(() => undefined);
      throw translate(e, this.location, this.secret);
    }
    return stream.rowCount;
  }

  async reserveIds(table: string, count: number): Promise<number> {
    if (!this.inTransaction) throw new Error("reserveIds outside a transaction");
    if (count < 1) throw new Error(`reserveIds ${table}: count ${count}`);
    // One reserver at a time (until commit); the sequence then moves past the block, and past any
    // id written explicitly before (a copied database), so rows that take the default never land in it.
    await this.query("SELECT pg_advisory_xact_lock($1, $2)", [RESERVE_LOCK, hashText(table)]);
    const seq = `pg_get_serial_sequence('${table}', 'id')`;
    const row = await this.get<{ first: number }>(
      `SELECT setval(${seq}, GREATEST(nextval(${seq}), (SELECT COALESCE(MAX(id), 0) + 1 FROM ${table})) + ? - 1) - ? + 1 AS first`,
      [count, count],
    );
    return (row as { first: number }).first;
  }

  async syncIds(table: string): Promise<void> {
    const seq = `pg_get_serial_sequence('${table}', 'id')`;
    // An empty table: the next id is 1 (setval's third argument false: not used yet).
    await this.get(`SELECT setval(${seq}, COALESCE((SELECT MAX(id) FROM ${table}), 1), (SELECT MAX(id) FROM ${table}) IS NOT NULL) AS v`);
  }

  async lockAccount(accountId: number): Promise<void> {
    await this.query("SELECT id FROM accounts WHERE id = $1 FOR UPDATE", [accountId]);
  }

  async columns(table: string): Promise<string[]> {
    const rows = await this.all<{ name: string }>(
      "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
      [table],
    );
    return rows.map((r) => r.name);
  }

  batches<T>(sql: string, params: readonly SqlValue[] = [], batchRows = 1000): AsyncIterable<T[]> {
    return this.cursor<T>(sql, params, batchRows, false);
  }

  arrayBatches(sql: string, params: readonly SqlValue[] = [], batchRows = 1000): AsyncIterable<SqlValue[][]> {
    return this.cursor<SqlValue[]>(sql, params, batchRows, true);
  }

  /** A server-side cursor, in the open transaction or in one of its own, fetched batchRows at a time. */
  private async *cursor<T>(sql: string, params: readonly SqlValue[], batchRows: number, array: boolean): AsyncIterable<T[]> {
    const own = !this.inTransaction;
    const name = `ccard_cursor_${++this.cursors}`;
    if (own) {
      await this.query("BEGIN", []);
      this.inTransaction = true;
    }
    let open = false;
    try {
      await this.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${this.text(sql)}`, params);
      open = true;
      for (;;) {
        const rows = (await this.query(`FETCH FORWARD ${batchRows} FROM ${name}`, [], array)).rows as T[];
        if (rows.length > 0) yield rows;
        if (rows.length < batchRows) break;
      }
    } finally {
      if (own) {
        this.inTransaction = false;
        await this.settle("COMMIT");
      } else if (open && this.lost === undefined) {
        await this.query(`CLOSE ${name}`, []).catch(() => undefined);
      }
    }
  }

  /** Ends the open transaction (COMMIT or ROLLBACK); a failure is rethrown unless the connection is gone. */
  private async settle(end: "COMMIT" | "ROLLBACK"): Promise<void> {
    if (this.lost !== undefined) return;
    await this.query(end, []);
  }

  async transaction<T>(body: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error("transaction inside a transaction");
    await this.query("BEGIN", []);
    this.inTransaction = true;
    try {
      const result = await body(this);
      await this.query("COMMIT", []);
      return result;
    } catch (e) {
      await this.settle("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  async snapshot<T>(body: (db: Sql) => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error("snapshot inside a transaction");
    await this.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", []);
    this.inTransaction = true;
    try {
      return await body(this);
    } finally {
      this.inTransaction = false;
      await this.settle("ROLLBACK").catch(() => undefined);
    }
  }

  close(): Promise<void> {
    // Terminate is sent at once; the socket's close (about 10 ms) need not hold the command up.
    this.client.end().catch(() => undefined);
    return Promise.resolve();
  }

  /**
   * Brings the schema up to date: one read when it is (the common case); otherwise the
   * migrations, under an advisory lock held by this session, so two commands never migrate at once.
   */
  async migrateIfBehind(readOnly: boolean): Promise<void> {
    const known = MIGRATIONS[MIGRATIONS.length - 1].version;
    const current = await this.query("SELECT MAX(version) AS v FROM schema_migrations", []).then(
      (r) => (r.rows[0]?.v as number | null) ?? 0,
      (e: unknown) => {
        // No schema_migrations table yet: an empty database, which migrate() sets up.
        if ((e as { code?: unknown }).code === "42P01") return 0;
        throw e;
      },
    );
    if (current === known) return;
    await this.exec("SET default_transaction_read_only = off");
    await this.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK]);
    try {
      await migrate(this);
    } finally {
      if (this.lost === undefined) await this.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK]);
    }
    if (readOnly) await this.exec("SET default_transaction_read_only = on");
  }
}

/** A table name as a 32-bit number, the advisory lock's second key. */
function hashText(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

function clientFor(u: PgUrl, mode: DbMode): pg.Client {
  const ssl = u.params.sslmode;
  return new pg.Client({
    host: u.host,
    port: u.port,
    database: u.database,
    user: u.user,
    // A function, so the password is handed over only when the server asks for it.
    password: async () => u.password ?? process.env.PGPASSWORD ?? "",
    ssl: ssl === undefined || ssl === "disable" || ssl === "prefer" || ssl === "allow" ? false : ssl === "require" ? { rejectUnauthorized: false } : true,
    application_name: "ccard",
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A read-only command's session refuses every write (migrations switch it off for themselves).
    options: `-c lock_timeout=${LOCK_TIMEOUT_MS}${mode === "read" ? " -c default_transaction_read_only=on" : ""}`,
    types: PG_TYPES,
  });
}

/**
 * Opens the PostgreSQL database of a postgres:// URL and applies pending migrations (in an
 * empty database: the whole schema). The database itself must exist: creating one needs rights
 * (CREATEDB) an operator may rightly not give ccard. "read" leaves the session read only.
 * Failure: BAD_SETTING, DATABASE_MISSING, DATABASE_UNREACHABLE, DATABASE_AUTH,
 * DATABASE_UNUSABLE, DATABASE_TOO_NEW.
 */
export async function openPg(url: string, mode: DbMode, migrate = true): Promise<Store> {
  const u = parsePgUrl(url);
  const location = redactUrl(url);
  const client = clientFor(u, mode);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw connectFailure(e, u, location);
  }
  const store = new PgStore(client, location, u.password);
  try {
    if (migrate) await store.migrateIfBehind(mode === "read");
  } catch (e) {
    await store.close();
    if (e instanceof Failure && !e.message.includes(targetText(u))) throw new Failure(e.code, `${location}: ${e.message}`);
    throw e;
  }
  return store;
}
