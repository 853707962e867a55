// The PostgreSQL server the benchmark's PostgreSQL section runs on, and its throwaway databases.
// The server comes from --pg URL or, as the tests have it, CCARD_TEST_PG_URL / CCARD_TEST_PG
// (postgres://USER:PASS@HOST:PORT of a role with CREATEDB). Databases are named
// ccard_bench_<pid>_<n> and dropped when done (those of a run that was killed go at the next run).
// The password never appears on a command line or in a message: it goes to every child process
// as PGPASSWORD (libpq and node-postgres read it), and the URLs and DSNs built here leave it out.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pg = require("pg");

/** What to say when no server is given. */
export const PG_HOW = "set CCARD_TEST_PG_URL=postgres://USER:PASS@HOST:PORT (a role with CREATEDB; npm test sets it) or pass --pg URL";

/** The server to use ({ host, port, user, label }), or undefined when none is given. Sets PGPASSWORD for children. */
export function pgServer(flag) {
  const text = flag ?? (process.env.CCARD_TEST_PG_URL || process.env.CCARD_TEST_PG || undefined);
  if (text === undefined) return undefined;
  let u;
  try {
    u = new URL(text);
  } catch {
    throw new Error("the PostgreSQL server is not a URL: expected postgres://USER:PASS@HOST:PORT");
  }
  if (!/^postgres(ql)?:$/.test(u.protocol) || u.username === "" || u.hostname === "") {
    throw new Error("the PostgreSQL server must be postgres://USER:PASS@HOST:PORT");
  }
  if (u.password !== "") process.env.PGPASSWORD = decodeURIComponent(u.password);
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = u.port === "" ? 5432 : Number(u.port);
  const user = decodeURIComponent(u.username);
  return { host, port, user, label: `${user}@${host}:${port}` };
}

const quoteConninfo = (v) => `'${String(v).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** The benchmark's databases on one server. */
export class PgDatabases {
  constructor(server) {
    this.server = server;
    this.made = [];
    this.n = 0;
  }

  /** postgres://USER@HOST:PORT, the server for another benchmark script's --pg (the password comes from PGPASSWORD). */
  serverUrl() {
    const host = this.server.host.includes(":") ? `[${this.server.host}]` : this.server.host;
    return `postgres://${encodeURIComponent(this.server.user)}@${host}:${this.server.port}`;
  }

  /** postgres://USER@HOST:PORT/DB for the CLI (the password comes from PGPASSWORD). */
  url(db) {
    return `${this.serverUrl()}/${db}`;
  }

  /** pgsql://CONNINFO, FreeSWITCH's DSN for mod_pgsql, for the Dbh (the password comes from PGPASSWORD). */
  dsn(db) {
    const addr = /^[\d.]+$|:/.test(this.server.host) ? "hostaddr" : "host";
    return `pgsql://${addr}=${this.server.host} port=${this.server.port} user=${quoteConninfo(this.server.user)} dbname=${db}`;
  }

  /** A connected node-postgres client on db (default: the server's postgres database). */
  async client(db = "postgres") {
    const c = new pg.Client({ host: this.server.host, port: this.server.port, user: this.server.user, database: db });
    await c.connect();
    return c;
  }

  /** Runs fn(client) on db and closes the client. */
  async with(db, fn) {
    const c = await this.client(db);
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  /** One line about the server: version, where, and the settings that bound a commit. */
  async facts() {
    return this.with("postgres", async (c) => {
      const get = async (name) => (await c.query(`SHOW ${name}`)).rows[0][name];
      return `PostgreSQL ${await get("server_version")} at ${this.server.label} (fsync ${await get("fsync")}, synchronous_commit ${await get("synchronous_commit")}, ` +
        `shared_buffers ${await get("shared_buffers")})`;
    });
  }

  /** Drops the benchmark databases whose process is gone (a killed run's). */
  async dropStale() {
    await this.with("postgres", async (c) => {
      const { rows } = await c.query("SELECT datname FROM pg_database WHERE datname ~ '^ccard_bench_[0-9]+_'");
      for (const { datname } of rows) {
        const pid = Number(/^ccard_bench_(\d+)_/.exec(datname)[1]);
        if (pid !== process.pid && !alive(pid)) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  }

  /** A new empty database (or a copy of `template`); returns its name. */
  async create(template) {
    const name = `ccard_bench_${process.pid}_${++this.n}`;
    await this.with("postgres", (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
    this.made.push(name);
    return name;
  }

  /** A new database holding everything of the SQLite file at `path`, copied by `ccard db copy`. */
  async fromSqlite(path) {
    const name = await this.create();
    const r = spawnSync("node", ["bin/ccard", "db", "copy", "--to", this.url(name)], { encoding: "utf8", env: { ...process.env, CCARD_DB: path } });
    if (r.status !== 0) throw new Error(`ccard db copy of ${path} into ${name} failed: ${(r.stderr || r.stdout).trim()}`);
    await this.with(name, (c) => c.query("VACUUM ANALYZE"));
    return name;
  }

  async drop(name) {
    await this.with("postgres", (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    this.made = this.made.filter((x) => x !== name);
  }

  async dropAll() {
    for (const name of [...this.made]) await this.drop(name);
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
