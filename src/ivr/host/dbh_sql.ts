/**
 * SqlPort over freeswitch.Dbh. Takes a pooled handle on first use, sets the connection's
 * durability (FreeSWITCH opens SQLite with synchronous=OFF), turns Dbh's "" into absent,
 * and raises StoreFailure with Dbh's last_error on any failed statement.
 */
import { Dialect, Row, SqlPort, StoreFailure } from "../ports";

/** Pragmas for SQLite handles: the same durability the CLI sets (src/cli/store/db.ts). */
const SQLITE_PRAGMAS = ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"];

/**
 * The engine a Dbh DSN opens: pgsql://… is PostgreSQL (mod_pgsql); sqlite://…, an absolute
 * path or a bare name (FreeSWITCH's db folder) is SQLite; anything else (odbc://…) is not one
 * ccard runs on.
 */
export function dsnDialect(dsn: string): Dialect | undefined {
  if (dsn.startsWith("pgsql://")) return "pgsql";
  if (dsn.startsWith("sqlite://") || dsn.startsWith("/") || dsn.indexOf("://") < 0) return "sqlite";
  return undefined;
}

/** A DSN of an engine ccard does not run on fails (StoreFailure) at the first statement. */
export function dbhSql(dsn: string): SqlPort {
  let handle: FsDbh | undefined;
  const known = dsnDialect(dsn);
  const dialect: Dialect = known ?? "sqlite";

  const take = (): FsDbh => {
    if (handle !== undefined) return handle;
    if (known === undefined) throw new StoreFailure("ccard_dsn must be sqlite:///path, an absolute path or pgsql://...");
    const h = freeswitch.Dbh(dsn);
    if (!h.connected()) throw new StoreFailure("cannot connect to the database");
    handle = h;
    if (dialect === "sqlite") {
      for (const p of SQLITE_PRAGMAS) {
        if (!h.query(p)) throw new StoreFailure(p + ": " + (h.last_error() ?? "failed"));
      }
    }
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
    release: () => {
      if (handle !== undefined) {
        handle.release();
        handle = undefined;
      }
    },
  };
}
