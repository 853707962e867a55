// Time bands from the CLI: `rates bands set|show`, decks with rate_per_minute:BAND columns,
// `rates lookup --at` across a band change, export round-trips.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { dumpDb, query, withDb } from "../support/db";

const DECK = "prefix,destination,rate_per_minute,rate_per_minute:peak,initial_seconds,increment_seconds\n44,United Kingdom,0.02,0.10,1,1\n1,USA,0.01,,60,60\n";
const utc = (iso: string): number => Date.parse(iso) / 1000;

async function json(db: string, argv: string[]): Promise<Record<string, unknown>> {
  const r = await runCli(db, [...argv, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function bandedTable(db: string, dir: string): Promise<void> {
  writeFileSync(join(dir, "deck.csv"), DECK);
  assert.equal((await runCli(db, ["rates", "import", join(dir, "deck.csv"), "--table", "t", "--create"])).code, 0);
  const r = await runCli(db, ["rates", "bands", "set", "--table", "t", "--zone", "Europe/Madrid", "--rules", "peak=mon-fri/08:00-20:00"]);
  assert.equal(r.code, 0, r.stderr);
}

test("bands set stores the rules and the zone's offsets for years ahead; show reads them back", async () => {
  await withDb(async (db, dir) => {
    await bandedTable(db, dir);
    const [t] = query<{ band_zone: string; band_rules: string; band_offsets: string; band_offsets_until: number }>(db, "SELECT band_zone, band_rules, band_offsets, band_offsets_until FROM rate_tables");
    assert.equal(t.band_zone, "Europe/Madrid");
    assert.equal(t.band_rules, "peak=mon-fri/08:00-20:00");
    // Madrid's summer time of 2027: from 28 March 01:00 UTC (+02:00) to 31 October 01:00 UTC (+01:00).
    assert.match(t.band_offsets, new RegExp(`${utc("2027-03-28T01:00:00Z")}:7200,${utc("2027-10-31T01:00:00Z")}:3600`));
    assert.ok(t.band_offsets_until - Date.now() / 1000 > 19 * 365 * 86400);
    const show = await json(db, ["rates", "bands", "show", "--table", "t"]);
    assert.equal(show.zone, "Europe/Madrid");
    assert.equal(show.rules, "peak=mon-fri/08:00-20:00");
    assert.ok((show.next_24h as unknown[]).length >= 1);
  });
});

test("lookup --at prices a call in the band in force when each block starts, and lists the bands of the next 24 h", async () => {
  await withDb(async (db, dir) => {
    await bandedTable(db, dir);
    // Tuesday 2027-01-05 07:59:30 in Madrid (+01:00): 30 s at the base rate, then peak.
    const at = "2027-01-05T06:59:30Z";
    const l = await json(db, ["rates", "lookup", "--table", "t", "+442071234567", "--at", at]);
    assert.deepEqual(l.band_prices, [{ band: "peak", rate_per_minute_micros: 100000, rate_per_minute: "0.100000" }]);
    const costs = l.costs as { minutes: number; cost_micros: number }[];
    assert.equal(costs[0].cost_micros, Math.ceil((20000 * 30 + 100000 * 30) / 60)); // 1 min: 30 s base, 30 s peak
    const next = l.next_24h as { from: number; band: string; rate_per_minute_micros: number }[];
    assert.deepEqual(next.slice(0, 3).map((b) => [b.from, b.band, b.rate_per_minute_micros]), [
      [utc(at), "", 20000], [utc("2027-01-05T07:00:00Z"), "peak", 100000], [utc("2027-01-05T19:00:00Z"), "", 20000],
    ]);
    // A prefix that prices no band costs its one rate throughout.
    const us = await json(db, ["rates", "lookup", "--table", "t", "+12125551234", "--at", at]);
    assert.deepEqual(us.band_prices, []);
    const text = await runCli(db, ["rates", "lookup", "--table", "t", "+442071234567", "--at", at]);
    assert.match(text.stdout, /next 24 h: 2027-01-05T06:59:30Z \(base\) 0\.020000, 2027-01-05T07:00:00Z peak 0\.100000/);
  });
});

test("a deck's band columns export and import back as they were; a band the table lacks is warned about", async () => {
  await withDb(async (db, dir) => {
    await bandedTable(db, dir);
    const out = await runCli(db, ["rates", "export", "--table", "t"]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /,route,rate_per_minute:peak\n/);
    assert.match(out.stdout, /^44,United Kingdom,0\.020000,.*,0\.100000$/m);
    writeFileSync(join(dir, "again.csv"), out.stdout);
    assert.equal((await runCli(db, ["rates", "import", join(dir, "again.csv"), "--table", "t"])).code, 0);
    assert.deepEqual(query(db, "SELECT prefix, bands FROM rates ORDER BY prefix"), [{ prefix: "1", bands: "" }, { prefix: "44", bands: "peak=100000" }]);
    writeFileSync(join(dir, "night.csv"), "prefix,destination,rate_per_minute,rate_per_minute:night\n44,UK,0.02,0.01\n");
    const w = await runCli(db, ["rates", "import", join(dir, "night.csv"), "--table", "t"]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /band 'night' is not in the bands of 't'/);
  });
});

test("bad band plans and band columns are refused and change nothing", async () => {
  await withDb(async (db, dir) => {
    await bandedTable(db, dir);
    const before = dumpDb(db);
    const set = (...argv: string[]) => runCli(db, ["rates", "bands", "set", "--table", "t", ...argv]);
    for (const [argv, why] of [
      [["--zone", "Mars/Olympus", "--rules", "peak=mon/08:00-09:00"], /not an IANA time zone/],
      [["--zone", "+01:00", "--rules", "peak=mon/08:00-09:00"], /not an IANA time zone/],
      [["--zone", "UTC", "--rules", "peak=mon/08:00-25:00"], /--rules/],
      [["--zone", "UTC", "--rules", "peak=mon-fri/08:00-20:00;cheap=fri/19:00-24:00"], /same minute/],
      [["--zone", "UTC", "--rules", "Peak=mon/08:00-09:00"], /band/],
      [["--zone", "UTC"], /--zone and --rules/],
      [["--clear", "--zone", "UTC"], /--clear/],
    ] as [string[], RegExp][]) {
      const r = await set(...argv);
      assert.equal(r.code, 2, `${argv.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, why);
    }
    for (const [deck, why] of [
      ["prefix,destination,rate_per_minute,rate_per_minute:9pm\n44,UK,0.02,0.1\n", /band name/],
      ["prefix,destination,rate_per_minute,rate_per_minute:peak\n44,UK,0.02,-1\n", /rate_per_minute:peak '-1'/],
      ["prefix,destination,rate_per_minute,rate_per_minute:peak,rate_per_minute:peak\n44,UK,0.02,0.1,0.1\n", /appears twice/],
    ] as [string, RegExp][]) {
      writeFileSync(join(dir, "bad.csv"), deck);
      const r = await runCli(db, ["rates", "import", join(dir, "bad.csv"), "--table", "t"]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, why);
    }
    assert.deepEqual(dumpDb(db), before);
    // --clear removes the plan: one price at all times.
    assert.equal((await set("--clear")).code, 0);
    const l = await json(db, ["rates", "lookup", "--table", "t", "+442071234567", "--at", "2027-01-05T09:00:00Z"]);
    assert.deepEqual(l.next_24h, []);
    assert.equal((l.costs as { cost_micros: number }[])[0].cost_micros, 20000);
  });
});
