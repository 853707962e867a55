// The PostgreSQL section (issue 15: many FreeSWITCH nodes on one shared database), on a server
// from --pg or CCARD_TEST_PG_URL (bench/lib/pg.mjs). Each row is judged against a baseline
// measured in the same run on the same server:
// - rate lookup: findRate through the Dbh on PostgreSQL (bench/lua/rate_lookup.lua handed a
//   pgsql:// DSN) against the same script on the same deck in SQLite, wall-clock medians (the
//   server's work is in another process, which CPU time would leave out), runs alternating;
// - authorise+settle: money.mjs on PostgreSQL, engine against bare transactions;
// - card generation and rate import: cards.mjs and rates-import.mjs with --pg, against one COPY.
import { callDb, rateDeckDb } from "./fixtures.mjs";
import { moneyRows, pgMoneyDb } from "./money.mjs";
import { runLua, runNode } from "./proc.mjs";
import { int, times, us, verdict } from "./format.mjs";

const RATE_SCRIPT = "bench/lua/rate_lookup.lua";

async function rateRow(dbs, dir, { prefixes, lookups, reps }) {
  const { path, numbers } = rateDeckDb(dir, prefixes, lookups);
  const name = await dbs.fromSqlite(path);
  try {
    let sqlite;
    let pg;
    const better = (a, b) => (a === undefined || b.indexed_wall.median < a.indexed_wall.median ? b : a);
    for (let r = 0; r < reps; r++) {
      sqlite = better(sqlite, runLua("lua5.3", RATE_SCRIPT, [path, numbers, lookups, 0]));
      // A few LIKE scans on PostgreSQL check its answers against the indexed lookup's (not timed here).
      pg = better(pg, runLua("lua5.3", RATE_SCRIPT, [dbs.dsn(name), numbers, lookups, 5]));
    }
    for (const [engine, x] of [["SQLite", sqlite], ["PostgreSQL", pg]]) {
      if (x.misses !== 0 || x.mismatches !== 0) throw new Error(`rate lookup on ${engine}: ${x.misses} misses, ${x.mismatches} disagree with the scan`);
    }
    const ratio = pg.indexed_wall.median / sqlite.indexed_wall.median;
    return {
      bench: `Rate lookup, PostgreSQL, ${int(prefixes)} prefixes (Lua 5.3)`,
      result: `wall median ${us(pg.indexed_wall.median)}, p99 ${us(pg.indexed_wall.p99)} (${int(lookups)} lookups, of which the Dbh query ${us(pg.sqlite_wall.median)}, ` +
        `CPU here ${us(pg.indexed.median)}); SQLite, same deck: wall median ${us(sqlite.indexed_wall.median)} (the Dbh query ${us(sqlite.sqlite_wall.median)}): ` +
        `PostgreSQL/SQLite ${times(ratio)} (best of ${reps})`,
      target: verdict("within 2× of SQLite", ratio <= 2),
    };
  } finally {
    await dbs.drop(name);
  }
}

const lastRatio = (lines, label) => {
  const m = new RegExp(`${label}: ([\\d.]+)x`).exec(lines.join("\n"));
  if (m === null) throw new Error(`no "${label}" in:\n${lines.join("\n")}`);
  return Number(m[1]);
};

function importRows(dbs, { cards, lines }) {
  const pgArgs = ["--pg", dbs.serverUrl()];
  const c = runNode("bench/cards.mjs", ["--count", String(cards), ...pgArgs]);
  const r = runNode("bench/rates-import.mjs", ["--lines", String(lines), ...pgArgs]);
  const cardRatio = lastRatio(c, "command / bare");
  const importRatio = lastRatio(r, "ratio first import / bare");
  return [
    { bench: `Card generation, PostgreSQL, ${int(cards)} cards`, result: c.join("; "), target: verdict("command within 1.5× of bare COPY", cardRatio <= 1.5) },
    { bench: `Rate import, PostgreSQL, ${int(lines)} lines`, result: r.join("; "), target: verdict("first import within 1.5× of bare COPY", importRatio <= 1.5) },
  ];
}

/** Every row of the section; dbs: a PgDatabases; sizes: { rates, money, imports }. step(what) reports progress. */
export async function postgresRows(dbs, dir, sizes, step) {
  await dbs.dropStale();
  const rows = [];
  try {
    step("PostgreSQL: rate lookup");
    rows.push(await rateRow(dbs, dir, sizes.rates));
    step("PostgreSQL: authorise+settle throughput");
    const template = await dbs.fromSqlite(callDb(dir, 8));
    rows.push(...(await moneyRows(pgMoneyDb(dbs, template), sizes.money, ", PostgreSQL")));
    await dbs.drop(template);
    step("PostgreSQL: card generation and rate import");
    rows.push(...importRows(dbs, sizes.imports));
  } finally {
    await dbs.dropAll();
  }
  return rows;
}
