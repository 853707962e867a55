/**
 * Database names as the operator gives them: an SQLite file's path, or a PostgreSQL URL
 * (`postgres://USER:PASS@HOST:PORT/DB`, also `postgresql://`), and FreeSWITCH's own form of the
 * latter (`pgsql://hostaddr=… dbname=… user=… password=…`). A password is kept only where a
 * connection needs it: everything shown (a store's location, a message, a check) goes through
 * redactUrl or scrub, so a password never reaches output, errors or logs.
 */
import { Failure } from "../exit";

/** Where a PostgreSQL database is, without its password. */
export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** A PostgreSQL URL taken apart: the target, the password, and the URL's query settings (sslmode …). */
export interface PgUrl extends PgTarget {
  password: string | undefined;
  params: Record<string, string>;
}

const MASK = "***";

/** True for postgres:// and postgresql:// URLs (any case). */
export function isPgUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/**
 * Takes a postgres:// URL apart. Failure BAD_SETTING when it is not one ccard can use (the
 * message shows the URL without its password).
 */
export function parsePgUrl(text: string): PgUrl {
  const bad = (why: string) => new Failure("BAD_SETTING", `--db / CCARD_DB ${redactUrl(text)}: ${why} (expected postgres://USER:PASS@HOST:PORT/DB)`);
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw bad("not a URL");
  }
  if (u.hostname === "") throw bad("no host");
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/")) throw bad("no database name");
  if (u.username === "") throw bad("no user");
  const port = u.port === "" ? 5432 : Number(u.port);
  const params: Record<string, string> = {};
  for (const [k, v] of u.searchParams) params[k] = v;
  // A host in brackets is an IPv6 address; node-postgres wants it bare.
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port, database, user: decodeURIComponent(u.username), password: u.password === "" ? undefined : decodeURIComponent(u.password), params };
}

/** The URL with its password replaced by ***, for every message and for Store.location. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*):[^@/?#]*@/i, `$1:${MASK}@`).replace(/([?&]password=)[^&#]*/gi, `$1${MASK}`);
}

/** The target of a URL that may be redacted already (Store.location). */
export function pgTargetOf(url: string): PgTarget {
  const { host, port, database, user } = parsePgUrl(url);
  return { host, port, database, user };
}

/** "user@host:port/db", for messages. */
export function targetText(t: PgTarget): string {
  return `${t.user}@${t.host.includes(":") ? `[${t.host}]` : t.host}:${t.port}/${t.database}`;
}

/**
 * FreeSWITCH's pgsql:// DSN (libpq's key=value conninfo after the scheme) taken apart into its
 * target; undefined when a part is missing. The password is read past, never kept.
 */
export function parsePgsqlDsn(dsn: string): Partial<PgTarget> {
  const body = dsn.replace(/^pgsql:\/\//i, "");
  const kv: Record<string, string> = {};
  // key=value, key='quoted value' (libpq's conninfo rules: \' and \\ inside quotes).
  const re = /([a-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/gi;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    const v = m[2].startsWith("'") ? m[2].slice(1, -1).replace(/\\(.)/g, "$1") : m[2];
    kv[m[1].toLowerCase()] = v;
  }
  const host = kv.hostaddr ?? kv.host;
  return {
    host,
    port: kv.port === undefined ? 5432 : Number(kv.port),
    database: kv.dbname,
    user: kv.user,
  };
}

/**
 * Text that may hold a password (a driver's message, a DSN) made safe to show: the given
 * secrets, URL passwords and conninfo `password=` values become ***.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s === undefined || s === "") continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join(MASK);
  }
  out = out.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@/]*@/gi, `$1:${MASK}@`);
  return out.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'"]+)/gi, `$1${MASK}`);
}
