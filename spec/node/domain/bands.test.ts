import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BandPlan, bandAt, bandChanges, formatBandPrices, formatBandRules, formatZoneOffsets, parseBandPrices, parseBandRules,
  parseZoneOffsets, priceTimeline,
} from "../../../src/domain/bands";
import { Timeline, billedByBand, callCost, formatBandSeconds, maxTalkSeconds, worstOverDelay } from "../../../src/domain/tariff";
import { isZoneName, zoneOffsets } from "../../../src/cli/zones";
import { loadFixture } from "../support/fixtures";

const vectors = loadFixture("band_vectors");

function value<T>(r: { ok: true; value: T } | { ok: false; code: string }): T {
  if (!r.ok) throw new Error(r.code);
  return r.value;
}
const planOf = (v: any): BandPlan => ({ rules: value(parseBandRules(v.rules)), offsets: value(parseZoneOffsets(v.offsets)) });
const timelineOf = (v: any): Timeline =>
  priceTimeline(v.rate.ratePerMinuteMicros, value(parseBandPrices(v.prices)), bandChanges(planOf(v), v.start, v.offsetsTo), v.start);

test("callCost and billedByBand match every reference vector", () => {
  let n = 0;
  for (const v of vectors.cases) {
    const tl = timelineOf(v);
    for (const [ms, cost, billed] of v.costs) {
      n++;
      const where = `${v.zone} ${v.rules} start=${v.start} ${ms}ms`;
      assert.equal(callCost(v.rate, ms, tl), cost, where);
      assert.equal(formatBandSeconds(billedByBand(v.rate, ms, tl)), billed, where);
    }
  }
  assert.ok(n >= 1000);
});

test("maxTalkSeconds over worstOverDelay matches every reference vector", () => {
  let n = 0;
  for (const v of vectors.cases) {
    const tl = timelineOf(v);
    for (const [avail, cap, delay, want] of v.talks) {
      n++;
      assert.equal(maxTalkSeconds(v.rate, avail, cap, worstOverDelay(tl, delay)), want, `${v.zone} start=${v.start} b=${avail} cap=${cap} d=${delay}`);
    }
  }
  assert.ok(n >= 500);
});

test("worstOverDelay matches every reference vector", () => {
  const seg = (l: [number, number, string][]): Timeline => l.map(([fromSecond, ratePerMinuteMicros, band]) => ({ fromSecond, ratePerMinuteMicros, band }));
  for (const v of vectors.worstOverDelay) assert.deepEqual(worstOverDelay(seg(v.timeline), v.delay), seg(v.worst));
});

test("zoneOffsets gives every vector's offsets, which the reference read from Intl another way", () => {
  for (const v of vectors.cases) {
    assert.equal(formatZoneOffsets(zoneOffsets(v.zone, v.offsetsFrom, v.offsetsTo)), v.offsets, v.zone);
  }
});

test("zoneOffsets finds 30-minute and 45-minute offsets and both DST directions", () => {
  // Lord Howe: +11:00 in summer, +10:30 from 2024-04-07 02:00 local.
  assert.deepEqual(zoneOffsets("Australia/Lord_Howe", 1712000000, 1713000000), [
    { from: 1712000000, offsetSeconds: 39600 }, { from: 1712415600, offsetSeconds: 37800 }]);
  assert.deepEqual(zoneOffsets("Asia/Kathmandu", 1700000000, 1800000000), [{ from: 1700000000, offsetSeconds: 20700 }]);
  const ny = zoneOffsets("America/New_York", 1735689600, 1735689600 + 20 * 365 * 86400);
  assert.equal(ny.length, 41);
  assert.deepEqual(ny.slice(1, 3), [{ from: 1741503600, offsetSeconds: -14400 }, { from: 1762063200, offsetSeconds: -18000 }]);
});

test("isZoneName knows IANA names, not offsets or made-up names", () => {
  assert.equal(isZoneName("Europe/Madrid"), true);
  assert.equal(isZoneName("UTC"), true);
  assert.equal(isZoneName("Mars/Olympus"), false);
  assert.equal(isZoneName("+01:00"), false);
  assert.equal(isZoneName(""), false);
});

test("bandChanges repeats the hour New York's clocks go back: 01:30 happens twice", () => {
  const plan: BandPlan = {
    rules: value(parseBandRules("late=sun/01:00-01:30")),
    offsets: value(parseZoneOffsets("1762000000:-14400,1762063200:-18000")), // 2025-11-02 06:00 UTC
  };
  // 01:00 EDT = 05:00 UTC; 01:30 EDT; 01:00 EST = 06:00 UTC; 01:30 EST.
  assert.deepEqual(bandChanges(plan, 1762059600 - 60, 1762068000), [
    { at: 1762059540, band: "" }, { at: 1762059600, band: "late" }, { at: 1762061400, band: "" },
    { at: 1762063200, band: "late" }, { at: 1762065000, band: "" }]);
  assert.equal(bandAt(plan, 1762063199), "");
});

test("priceTimeline prices unpriced bands at the base rate under band '' and merges them", () => {
  const changes = [{ at: 100, band: "night" }, { at: 160, band: "" }, { at: 200, band: "peak" }, { at: 260, band: "weekend" }];
  assert.deepEqual(priceTimeline(1000, [{ band: "peak", ratePerMinuteMicros: 5000 }, { band: "weekend", ratePerMinuteMicros: 5000 }], changes, 130), [
    { fromSecond: 0, ratePerMinuteMicros: 1000, band: "" },
    { fromSecond: 70, ratePerMinuteMicros: 5000, band: "peak" },
    { fromSecond: 130, ratePerMinuteMicros: 5000, band: "weekend" }]);
  assert.throws(() => priceTimeline(1000, [], changes, 99));
});

test("parseBandRules refuses with a code for each fault", () => {
  const cases: [string, string][] = [
    ["peak", "BAND_RULES_SYNTAX"],
    ["peak=mon08:00-20:00", "BAND_RULES_SYNTAX"],
    ["peak=mon/08:00/20:00", "BAND_RULES_SYNTAX"],
    ["peak=mon/8:00-20:00", "BAND_RULES_SYNTAX"],
    ["Peak=mon/08:00-20:00", "BAND_NAME_INVALID"],
    ["=mon/08:00-20:00", "BAND_NAME_INVALID"],
    ["abcdefghijklmnopq=mon/08:00-20:00", "BAND_NAME_INVALID"],
    ["peak=mun/08:00-20:00", "BAND_DAYS_INVALID"],
    ["peak=fri-mon/08:00-20:00", "BAND_DAYS_INVALID"],
    ["peak=mon,mon/08:00-20:00", "BAND_DAYS_INVALID"],
    ["peak=mon-fri,wed/08:00-20:00", "BAND_DAYS_INVALID"],
    ["peak=/08:00-20:00", "BAND_DAYS_INVALID"],
    ["peak=mon/08:60-20:00", "BAND_TIME_INVALID"],
    ["peak=mon/24:00-24:00", "BAND_TIME_INVALID"],
    ["peak=mon/08:00-24:01", "BAND_TIME_INVALID"],
    ["peak=mon/0a:00-20:00", "BAND_TIME_INVALID"],
    ["peak=mon/20:00-08:00", "BAND_TIME_ORDER"],
    ["peak=mon/08:00-08:00", "BAND_TIME_ORDER"],
    ["a=mon/08:00-20:00;b=mon-fri/19:59-20:30", "BAND_RULES_OVERLAP"],
    ["a=mon-sun/00:00-24:00+sun/12:00-13:00", "BAND_RULES_OVERLAP"],
  ];
  for (const [text, code] of cases) assert.deepEqual(parseBandRules(text), { ok: false, code }, text);
  const many = Array.from({ length: 33 }, (_, i) => `mon/${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 === 0 ? "00" : "30"}-${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 === 0 ? "30" : "59"}`);
  assert.deepEqual(parseBandRules("a=" + many.slice(0, 32).join("+")).ok, true);
  assert.deepEqual(parseBandRules("a=" + many.join("+")), { ok: false, code: "BAND_RULES_TOO_MANY" });
});

test("band rules text round-trips, in canonical form", () => {
  assert.deepEqual(parseBandRules(""), { ok: true, value: [] });
  const text = "peak=mon-fri/08:00-20:00+sat/09:00-13:00;weekend=sat/13:00-24:00+sun/00:00-24:00;night=mon,wed-thu/00:00-06:00";
  assert.equal(formatBandRules(value(parseBandRules(text))), text);
  assert.equal(formatBandRules(value(parseBandRules("w=sat,sun/00:00-24:00"))), "w=sat-sun/00:00-24:00");
  assert.equal(formatBandRules(value(parseBandRules("a=mon/00:00-01:00;b=tue/00:00-01:00;a=wed/00:00-01:00"))),
    "a=mon/00:00-01:00;b=tue/00:00-01:00;a=wed/00:00-01:00");
});

test("parseZoneOffsets refuses with a code for each fault", () => {
  const cases: [string, string][] = [
    ["", "ZONE_OFFSETS_EMPTY"],
    ["100", "ZONE_OFFSETS_SYNTAX"],
    ["100:", "ZONE_OFFSETS_SYNTAX"],
    ["100:+3600", "ZONE_OFFSETS_SYNTAX"],
    ["100:03600", "ZONE_OFFSETS_SYNTAX"],
    ["-0:3600", "ZONE_OFFSETS_SYNTAX"],
    ["100:3600,", "ZONE_OFFSETS_SYNTAX"],
    ["1.5:3600", "ZONE_OFFSETS_SYNTAX"],
    ["100:3600,100:7200", "ZONE_OFFSETS_ORDER"],
    ["100:3600,99:7200", "ZONE_OFFSETS_ORDER"],
    ["100:64801", "ZONE_OFFSET_RANGE"],
    ["100:-64801", "ZONE_OFFSET_RANGE"],
  ];
  for (const [text, code] of cases) assert.deepEqual(parseZoneOffsets(text), { ok: false, code }, text);
  assert.equal(formatZoneOffsets(value(parseZoneOffsets("-5:-64800,0:0,7:64800"))), "-5:-64800,0:0,7:64800");
});

test("parseBandPrices refuses with a code for each fault", () => {
  const cases: [string, string][] = [
    ["peak", "BAND_PRICES_SYNTAX"],
    ["peak=1,", "BAND_PRICES_SYNTAX"],
    ["9peak=1", "BAND_NAME_INVALID"],
    ["peak=", "BAND_PRICE_INVALID"],
    ["peak=-1", "BAND_PRICE_INVALID"],
    ["peak=01", "BAND_PRICE_INVALID"],
    ["peak=1.5", "BAND_PRICE_INVALID"],
    ["peak=10000000001", "BAND_PRICE_TOO_LARGE"],
    ["peak=99999999999999999999", "BAND_PRICE_TOO_LARGE"],
    ["peak=1,peak=2", "BAND_PRICE_DUPLICATE"],
  ];
  for (const [text, code] of cases) assert.deepEqual(parseBandPrices(text), { ok: false, code }, text);
  assert.deepEqual(parseBandPrices(""), { ok: true, value: [] });
  assert.equal(formatBandPrices(value(parseBandPrices("peak=50000,weekend=0"))), "peak=50000,weekend=0");
});
