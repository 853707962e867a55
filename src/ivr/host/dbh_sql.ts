/**
 * SqlPort over freeswitch.Dbh. Takes a pooled handle on first use, sets the connection's
 * durability (FreeSWITCH opens SQLite with synchronous=OFF), turns Dbh's "" into absent,
 * and raises StoreFailure with Dbh's last_error on any failed statement.
 */
import { intStr } from "../../domain/intmath";
import { Dialect, Row, SqlPort, StoreFailure } from "../ports";

/**
 * SQLite's own wait for another connection's write lock, in ms (PRAGMA busy_timeout), before it
 * answers BUSY. FreeSWITCH sets none, and retries a BUSY statement after a 100 ms sleep, 299
 * times: every collision of two calls' transactions then costs at least 100 ms, and collisions
 * pile into convoys. With this wait a collision costs what the other transaction takes (a few
 * ms); only a lock held longer than this meets FreeSWITCH's retries. A database locked for good
 * fails a call after at most 299 × (this + 100 ms) ≈ 105 s: the caller then hears the
 * service-unavailable prompt, and no money is held. Chosen by measurement: 50 ms still let lock
 * waits past it reach the retries below capacity, 1000 ms gained no capacity over 250 and
 * stretches that worst case to 5½ minutes (docs/benchmarks.md, "The busy timeout").
 */
export const SQLITE_BUSY_TIMEOUT_MS = 250;

/**
 * What every SQLite handle is set to, in one query each time a script takes one (a pooled handle
 * may come from a process or build that set other values): the busy timeout above and the
 * durability the CLI sets (src/cli/store/db.ts).
 */
export const SQLITE_SETUP = "PRAGMA busy_timeout=" + intStr(SQLITE_BUSY_TIMEOUT_MS) + "; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON";

/**
 * The engine a Dbh DSN opens: pgsql://… is PostgreSQL (mod_pgsql); sqlite://…, an absolute
 * path or a bare name (FreeSWITCH's db folder) is SQLite; anything else (odbc://…) is not one
 * ccard runs on.
 */
function dsnDialect(dsn: string): Dialect | undefined {
  if (dsn.startsWith("pgsql://")) return "pgsql";
  if (dsn.startsWith("sqlite://") || dsn.startsWith("/") || dsn.indexOf("://") < 0) return "sqlite";
  return undefined;
}

/** A DSN of an engine ccard does not run on fails (StoreFailure) at the first statement. */
export function dbhSql(dsn: string): SqlPort {
  let handle: FsDbh | undefined;
  // The purposes `once` has set the held connection up for.
  let setUp: Record<string, true> = {};
  const known = dsnDialect(dsn);
  const dialect: Dialect = known ?? "sqlite";

  const take = (): FsDbh => {
    if (handle !== undefined) return handle;
    if (known === undefined) throw new StoreFailure("ccard_dsn must be sqlite:///path, an absolute path or pgsql://...");
    const h = freeswitch.Dbh(dsn);
    if (!h.connected()) throw new StoreFailure("cannot connect to the database");
    handle = h;
    setUp = {};
    if (dialect === "sqlite" && !h.query(SQLITE_SETUP)) throw new StoreFailure(SQLITE_SETUP + ": " + (h.last_error() ?? "failed"));
    return h;
  };

  return {
    dialect,
    rows: (sql) => {
      const h = take();
      const out: Row[] = [];
      const ok = h.query(sql, (raw) => {
        // Each row is a fresh table from Dbh: keep it, with its "" (SQL NULL) fields cleared.
        const row: Row = raw;
        for (const [k, v] of pairs(raw)) {
          if (v === "") row[k as string] = undefined;
        }
        out.push(row);
        return 0;
      });
      if (!ok) throw new StoreFailure(h.last_error() ?? "query failed (FreeSWITCH logs the reason: SQL ERR)");
      return out;
    },
    exec: (sql) => {
      const h = take();
      if (!h.query(sql)) throw new StoreFailure(h.last_error() ?? "statement failed");
      return h.affected_rows();
    },
    once: (purpose, setup) => {
      take();
      if (setUp[purpose]) return;
      setup();
      setUp[purpose] = true;
    },
    release: () => {
      if (handle !== undefined) {
        handle.release();
        handle = undefined;
      }
    },
  };
}
