/**
 * The CLI against a PostgreSQL that is not there, refuses the login, or goes away mid-command:
 * one clear line on stderr, exit 1, and never the password (text or --json); init into an
 * existing empty database; a URL ccard cannot use; a lock held too long is DATABASE_BUSY.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import pg from "pg";
import { Failure } from "../../../src/cli/exit";
import { openStore } from "../../../src/cli/store/open";
import { MIGRATIONS } from "../../../src/cli/store/schema";
import { runCli } from "../support/cli";
import { ENGINE, PG_USER, ok, onlyOn, pgServer, query, tempDb, withDb } from "../support/db";

const PG = onlyOn("pgsql");

/** The test server's URL with another password, port or database. */
function variant(db: string, change: { password?: string; port?: number; database?: string }): string {
  const u = new URL(db);
  if (change.password !== undefined) u.password = change.password;
  if (change.port !== undefined) u.port = String(change.port);
  if (change.database !== undefined) u.pathname = "/" + change.database;
  return u.toString();
}

/** A port on which nothing listens (one just closed). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Runs the CLI in text and in JSON; both refuse with `code`, in one line, without `secret` anywhere. */
async function refused(db: string, argv: string[], code: string, message: RegExp, secret: string): Promise<void> {
  const text = await runCli(db, argv);
  assert.equal(text.code, 1, text.stderr);
  assert.equal(text.stdout, "");
  assert.match(text.stderr, message);
  assert.equal(text.stderr.split("\n").length, 2, `one line: ${text.stderr}`);
  const json = await runCli(db, [...argv, "--json"]);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stderr).error.code, code);
  for (const out of [text.stdout, text.stderr, json.stdout, json.stderr]) assert.ok(!out.includes(secret), `the password shows: ${out}`);
}

test("a PostgreSQL that is down, or refuses the password: one line, exit 1, no password", PG, async () => {
  await withDb(async (db) => {
    const secret = "s3cret-Pa55word";
    await refused(variant(db, { port: await closedPort(), password: secret }), ["products", "list"], "DATABASE_UNREACHABLE", new RegExp(String.raw`^ccard products list: cannot reach PostgreSQL at ${PG_USER}@127\.0\.0\.1:\d+\/ccard_t_\w+ \(connect ECONNREFUSED [^)]*\): is the server running`), secret);
    await refused(variant(db, { password: secret }), ["cards", "list"], "DATABASE_AUTH", new RegExp(String.raw`^ccard cards list: PostgreSQL at ${PG_USER}@127\.0\.0\.1:\d+\/\w+ refused the login of '${PG_USER}' \(password authentication failed for user "${PG_USER}"\)`), secret);
    await refused(variant(db, { password: "" }), ["cards", "list"], "DATABASE_AUTH", new RegExp(String.raw`^ccard cards list: PostgreSQL at ${PG_USER}@127\.0\.0\.1:\d+\/\w+ wants a password for '${PG_USER}', and none was given: put it in the --db / CCARD_DB URL`), secret);
    await refused(variant(db, { database: "ccard_t_never_made" }), ["init"], "DATABASE_MISSING", new RegExp(String.raw`has no database 'ccard_t_never_made': create it first .*'ccard init --db postgres:\/\/${PG_USER}:\*\*\*@`), "ccard_t_never_made'x");
  });
});

test("a URL ccard cannot use is refused before any connection, without its password", PG, async () => {
  const secret = "hunter2hunter2";
  const r = await runCli(`postgres://someone:${secret}@127.0.0.1:5432`, ["products", "list"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ccard products list: --db \/ CCARD_DB postgres:\/\/someone:\*\*\*@127\.0\.0\.1:5432: no database name \(expected postgres:\/\/USER:\*\*\*@HOST:PORT\/DB\)\n$/);
  // A word of the command line that holds a URL is shown without its password too.
  const extra = await runCli(`postgres://someone:${secret}@127.0.0.1:5432/x`, ["products", "list", `postgres://a:${secret}@h/db`]);
  assert.equal(extra.code, 2);
  assert.ok(!extra.stderr.includes(secret), extra.stderr);
});

test("ccard init creates the schema in an existing empty database; again it changes nothing", PG, async () => {
  const t = tempDb({ empty: true });
  try {
    const first = await ok(t.db, ["init"]);
    assert.match(first.stdout, new RegExp(String.raw`^database postgres:\/\/${PG_USER}:\*\*\*@127\.0\.0\.1:\d+\/ccard_t_\w+ at schema version ${MIGRATIONS[MIGRATIONS.length - 1].version}\n$`));
    assert.deepEqual(query(t.db, "SELECT version FROM schema_migrations ORDER BY version"), MIGRATIONS.map((m) => ({ version: m.version })));
    const again = await ok(t.db, ["init", "--json"]);
    assert.equal(JSON.parse(again.stdout).schema_version, MIGRATIONS[MIGRATIONS.length - 1].version);
    assert.equal(query(t.db, "SELECT COUNT(*) AS n FROM schema_migrations")[0].n, MIGRATIONS.length);
  } finally {
    t.cleanup();
  }
});

/** A second connection of the test that holds the accounts table locked until release(). */
async function lockAccounts(db: string): Promise<{ release(): Promise<void> }> {
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  await c.query("BEGIN");
  await c.query("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
  return {
    async release() {
      await c.query("ROLLBACK").catch(() => undefined);
      await c.end();
    },
  };
}

test("a lock held past the lock timeout is DATABASE_BUSY and changes nothing", PG, async () => {
  await withDb(async (db) => {
    await ok(db, ["rates", "create-table", "std"]);
    await ok(db, ["products", "add", "shop", "--kind", "retail", "--rate-table", "std"]);
    await ok(db, ["accounts", "create", "--product", "shop", "--name", "corner shop", "--balance", "5"]);
    const lock = await lockAccounts(db);
    try {
      const r = await runCli(db, ["accounts", "credit", "1", "2.50"]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^ccard accounts credit: the database is busy \(canceling statement due to lock timeout\): .*try again\n$/);
    } finally {
      await lock.release();
    }
    assert.equal(query(db, "SELECT balance_micros FROM accounts WHERE id = 1")[0].balance_micros, 5000000);
  });
});

test("PostgreSQL going away mid-command: one line, exit 1, nothing of the command written", PG, async () => {
  await withDb(async (db) => {
    await ok(db, ["rates", "create-table", "std"]);
    await ok(db, ["products", "add", "shop", "--kind", "retail", "--rate-table", "std"]);
    await ok(db, ["accounts", "create", "--product", "shop", "--name", "corner shop", "--balance", "5"]);
    const ledgerRows = query(db, "SELECT COUNT(*) AS n FROM ledger")[0].n;
    const lock = await lockAccounts(db);
    try {
      const running = runCli(db, ["accounts", "credit", "1", "2.50"]);
      // The command waits for the lock inside its transaction: then its connection is killed.
      const admin = new pg.Client({ connectionString: `${pgServer()}/postgres` });
      await admin.connect();
      let killed = 0;
      for (let i = 0; i < 100 && killed === 0; i++) {
        const r = await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'ccard' AND wait_event_type = 'Lock'",
          [db.slice(db.lastIndexOf("/") + 1)],
        );
        killed = r.rowCount ?? 0;
        if (killed === 0) await new Promise((res) => setTimeout(res, 20));
      }
      await admin.end();
      assert.equal(killed, 1, "the command never waited for the lock");
      const r = await running;
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(String.raw`^ccard accounts credit: lost the connection to postgres:\/\/${PG_USER}:\*\*\*@127\.0\.0\.1:\d+\/ccard_t_\w+ \(terminating connection due to administrator command\): what the command had not committed was rolled back; check the server and try again\n$`));
    } finally {
      await lock.release();
    }
    assert.equal(query(db, "SELECT balance_micros FROM accounts WHERE id = 1")[0].balance_micros, 5000000);
    assert.equal(query(db, "SELECT COUNT(*) AS n FROM ledger")[0].n, ledgerRows);
  });
});

test("the store maps a unique key (23505) to DATABASE_CONFLICT and a CHECK to DATABASE_CONFLICT, without the password", PG, async () => {
  await withDb(async (db) => {
    const store = await openStore(db, "write");
    try {
      await store.insert("routes", { name: "uk", created_at: 0 });
      await assert.rejects(store.insert("routes", { name: "uk", created_at: 0 }), (e: Failure) => {
        assert.equal(e.code, "DATABASE_CONFLICT");
        assert.match(e.message, /duplicate key value violates unique constraint "routes_name_key"/);
        return true;
      });
      await assert.rejects(store.run("UPDATE routes SET max_attempts = max_attempts WHERE name = ?", ["uk"]).then(() => store.insert("route_gateways", { route_id: 1, gateway_id: 99, weight: 0 })), (e: Failure) => {
        assert.equal(e.code, "DATABASE_CONFLICT");
        return true;
      });
      assert.ok(!store.location.includes(`${PG_USER}@`) && store.location.includes(":***@"), store.location);
    } finally {
      await store.close();
    }
  });
});

test("the engine under test is PostgreSQL in this pass", PG, () => {
  assert.equal(ENGINE, "pgsql");
});
