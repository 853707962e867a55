// The PostgreSQL the tests run on: a real server from Debian's `postgresql` package, never a mock.
// ensureTestPostgres() returns how to reach it, as a role that may create databases; each test
// creates its own throwaway databases (named ccard_t_<pid>_<n>, ccard_tpl_<pid> for a template)
// and drops them. As root it starts the local cluster and makes the role; as another user it
// says what to run, unless CCARD_TEST_PG names a server already (postgres://USER:PASS@HOST:PORT).
import { spawnSync } from "node:child_process";

/** The role the tests log in as on the local cluster: a throwaway server, so a fixed password. */
const TEST_ROLE = "ccard_test";
const TEST_PASSWORD = "ccard_test";

/** The connection facts, as the tests are given them (CCARD_TEST_PG_URL, CCARD_TEST_PG_CONNINFO). */
function facts({ host, port, user, password }) {
  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`;
  const conninfo = `hostaddr=${host} port=${port} user=${user} password=${password}`;
  return { host, port, user, password, url, conninfo };
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  if (r.error) throw new Error(`cannot run ${cmd}: ${r.error.message}`);
  return r;
}

function fail(lines) {
  console.error(lines.join("\n"));
  process.exit(1);
}

/** The clusters pg_lsclusters knows: [{ version, name, port, status }]. */
function clusters() {
  const r = sh("pg_lsclusters", ["--no-header"]);
  if (r.status !== 0) return [];
  return r.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [version, name, port, status] = l.trim().split(/\s+/);
      return { version, name, port: Number(port), status };
    });
}

/** As root: the local cluster running (cluster `main` of the newest version) and the test role in it. */
function localCluster() {
  if (sh("sh", ["-c", "command -v pg_lsclusters"]).status !== 0) {
    fail(["PostgreSQL is not installed (Debian package postgresql): run 'node scripts/ensure-deps.mjs' as root"]);
  }
  let all = clusters();
  if (all.length === 0) {
    // The package makes cluster `main`; a machine whose cluster was dropped gets it back.
    const versions = sh("ls", ["/usr/lib/postgresql"]).stdout.split("\n").filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b));
    if (versions.length === 0) fail(["no PostgreSQL server under /usr/lib/postgresql: apt-get install -y postgresql"]);
    const r = sh("pg_createcluster", [versions[versions.length - 1], "main"], { stdio: "inherit" });
    if (r.status !== 0) fail(["pg_createcluster failed"]);
    all = clusters();
  }
  const c = all.find((x) => x.name === "main") ?? all[0];
  if (c.status !== "online") {
    console.log(`starting PostgreSQL ${c.version}/${c.name} (pg_ctlcluster ${c.version} ${c.name} start)`);
    const r = sh("pg_ctlcluster", [c.version, c.name, "start"], { stdio: "inherit" });
    if (r.status !== 0) fail([`pg_ctlcluster ${c.version} ${c.name} start failed: see /var/log/postgresql/postgresql-${c.version}-${c.name}.log`]);
  }
  const role = `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${TEST_ROLE}') THEN CREATE ROLE ${TEST_ROLE} LOGIN CREATEDB PASSWORD '${TEST_PASSWORD}';
  ELSE ALTER ROLE ${TEST_ROLE} LOGIN CREATEDB PASSWORD '${TEST_PASSWORD}';
  END IF;
END $$;
-- DROP DATABASE … WITH (FORCE) of a test database ends the sessions still on it, an
-- autovacuum worker's too (a process of no role): only pg_signal_backend may.
GRANT pg_signal_backend TO ${TEST_ROLE};`;
  const r = sh("runuser", ["-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-p", String(c.port), "-d", "postgres"], { input: role });
  if (r.status !== 0) fail([`cannot create the test role in PostgreSQL ${c.version}/${c.name}: ${r.stderr.trim()}`]);
  return facts({ host: "127.0.0.1", port: c.port, user: TEST_ROLE, password: TEST_PASSWORD });
}

/** CCARD_TEST_PG: postgres://USER:PASS@HOST:PORT of a role with CREATEDB. */
function given(text) {
  let u;
  try {
    u = new URL(text);
  } catch {
    fail(["CCARD_TEST_PG is not a URL: expected postgres://USER:PASS@HOST:PORT"]);
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") fail(["CCARD_TEST_PG must be a postgres:// URL"]);
  if (u.username === "" || u.hostname === "") fail(["CCARD_TEST_PG needs a user and a host: postgres://USER:PASS@HOST:PORT"]);
  return facts({ host: u.hostname, port: Number(u.port === "" ? 5432 : u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) });
}

/** SQL run as the test role on its server's `postgres` database; the rows as text lines. */
export function psql(pg, sql) {
  const r = sh("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", pg.host, "-p", String(pg.port), "-U", pg.user, "-d", "postgres"], {
    input: sql,
    env: { ...process.env, PGPASSWORD: pg.password, PGCONNECT_TIMEOUT: "5" },
  });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr.trim()}`);
  return r.stdout.split("\n").filter((l) => l !== "");
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** Drops the test databases whose process is gone (a run that was killed leaves them behind). */
export function dropStaleTestDatabases(pg) {
  // Only those of this role: another role's (another developer's runs) are not ours to drop.
  const names = psql(pg, "SELECT datname FROM pg_database WHERE datname ~ '^ccard_(t|tpl)_[0-9]+(_|$)' AND pg_get_userbyid(datdba) = current_user");
  for (const name of names) {
    const pid = Number(/^ccard_(?:t|tpl)_(\d+)/.exec(name)[1]);
    if (!alive(pid)) psql(pg, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

/**
 * The PostgreSQL for the tests: { host, port, user, password, url, conninfo }. Exits 1 with the
 * commands to run when there is none and this process may not make one.
 */
export function ensureTestPostgres() {
  const pg = process.env.CCARD_TEST_PG !== undefined && process.env.CCARD_TEST_PG !== "" ? given(process.env.CCARD_TEST_PG) : undefined;
  if (pg !== undefined) return pg;
  if (process.getuid?.() !== 0) {
    fail([
      "the tests need a PostgreSQL server and a role that may create databases; as root run:",
      "  apt-get install -y postgresql && pg_ctlcluster 15 main start",
      `  runuser -u postgres -- psql -c "CREATE ROLE ${TEST_ROLE} LOGIN CREATEDB PASSWORD '${TEST_PASSWORD}'" -c "GRANT pg_signal_backend TO ${TEST_ROLE}"`,
      `then: export CCARD_TEST_PG=postgres://${TEST_ROLE}:${TEST_PASSWORD}@127.0.0.1:5432`,
    ]);
  }
  return localCluster();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pg = ensureTestPostgres();
  dropStaleTestDatabases(pg);
  console.log(`PostgreSQL for the tests: ${pg.user}@${pg.host}:${pg.port}`);
}
