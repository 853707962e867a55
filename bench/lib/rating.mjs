// Section 1: rate lookup in Lua through the IVR's own store code, against a LIKE scan of the
// same deck measured in the same process.
import { bandedPendingCopy, rateDeckDb } from "./fixtures.mjs";
import { runLua } from "./proc.mjs";
import { int, times, us, verdict } from "./format.mjs";

const SCRIPT = "bench/lua/rate_lookup.lua";

/** Rows for each deck size: { prefixes, lookups, scans } (the scan is slow: fewer of them). */
export function rateLookupRows(dir, sizes) {
  const rows = [];
  for (const { prefixes, lookups, scans } of sizes) {
    const { path, numbers } = rateDeckDb(dir, prefixes, lookups);
    const r = runLua("lua5.3", SCRIPT, [path, numbers, lookups, scans]);
    const r52 = runLua("lua5.2", SCRIPT, [path, numbers, lookups, 0]);
    for (const x of [r, r52]) {
      if (x.misses !== 0 || x.mismatches !== 0) throw new Error(`rate lookup at ${prefixes} prefixes: ${x.misses} misses, ${x.mismatches} disagree with the scan`);
    }
    const ratio = r.scan.median / r.indexed.median;
    const biggest = prefixes === sizes[sizes.length - 1].prefixes;
    rows.push({
      bench: `Rate lookup, ${int(prefixes)} prefixes (Lua 5.3)`,
      result: `median ${us(r.indexed.median)}, p99 ${us(r.indexed.p99)} (${int(lookups)} lookups, of which the Dbh query ${us(r.sqlite.median)}); LIKE scan median ${us(r.scan.median)} (${int(scans)}): ${times(ratio)} faster`,
      target: biggest ? verdict("≤ 50 µs median; ≥ 1,000× the scan", r.indexed.median <= 50 && ratio >= 1000) : "",
    });
    rows.push({
      bench: `Rate lookup, ${int(prefixes)} prefixes (Lua 5.2)`,
      result: `median ${us(r52.indexed.median)}, p99 ${us(r52.indexed.p99)} (of which the Dbh query ${us(r52.sqlite.median)})`,
      target: "",
    });
    if (biggest) rows.push(bandedRow(path, numbers, prefixes, lookups));
  }
  return rows;
}

/**
 * The same lookups on the same deck made banded (a band plan, band prices on every row) with a
 * second full version pending, against the plain deck, alternated twice in this run: the
 * version pick and the band prices must cost little (target ≤ 1.3×).
 */
function bandedRow(path, numbers, prefixes, lookups) {
  const banded = bandedPendingCopy(path.replace(/\/[^/]*$/, ""), path);
  const plain = [];
  const bandedRuns = [];
  for (let i = 0; i < 2; i++) {
    plain.push(runLua("lua5.3", SCRIPT, [path, numbers, lookups, 0]).indexed.median);
    const b = runLua("lua5.3", SCRIPT, [banded, numbers, lookups, 0]);
    if (b.misses !== 0) throw new Error(`banded rate lookup at ${prefixes} prefixes: ${b.misses} misses`);
    bandedRuns.push(b.indexed.median);
  }
  const mean = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const ratio = mean(bandedRuns) / mean(plain);
  return {
    bench: `Rate lookup, ${int(prefixes)} prefixes, banded with a version pending (Lua 5.3)`,
    result: `median ${us(mean(bandedRuns))} vs ${us(mean(plain))} on the plain deck, alternated 2×: ${ratio.toFixed(2)}×`,
    target: verdict("≤ 1.3× the plain deck", ratio <= 1.3),
  };
}
