import { test } from "node:test";
import assert from "node:assert/strict";
import { Rate, Timeline, callCost, maxTalkSeconds, validateRate, worstOverDelay } from "../../../src/domain/tariff";
import { loadFixture, seededRandom } from "../support/fixtures";

const vectors = loadFixture("tariff_vectors");
const rate = (over: Partial<Rate> = {}): Rate => ({
  ratePerMinuteMicros: 100000, connectFeeMicros: 0, disconnectFeeMicros: 0,
  initialSeconds: 60, incrementSeconds: 60, graceSeconds: 0, minimumCostMicros: 0, ...over,
});

test("callCost matches every reference vector", () => {
  assert.ok(vectors.callCost.length >= 100);
  for (const v of vectors.callCost) {
    assert.equal(callCost(v.rate, v.answeredMs), v.cost, `${v.name} ${v.answeredMs}ms`);
  }
});

test("maxTalkSeconds matches every reference vector", () => {
  assert.ok(vectors.maxTalkSeconds.length >= 100);
  for (const v of vectors.maxTalkSeconds) {
    assert.equal(maxTalkSeconds(v.rate, v.availableMicros, v.capSeconds), v.maxTalkSeconds,
      `${v.name} b=${v.availableMicros} cap=${v.capSeconds}`);
  }
});

test("a 61 s call on 60/60 at 0.10 a minute costs two minutes", () => {
  assert.equal(callCost(rate(), 61000), 200000);
});

test("the initial block counts toward the time limit", () => {
  assert.equal(maxTalkSeconds(rate(), 150000, 3600), 60);
});

test("callCost refuses a negative or fractional duration", () => {
  assert.throws(() => callCost(rate(), -1));
  assert.throws(() => callCost(rate(), 1.5));
});

test("validateRate rejects bad fields with a code", () => {
  assert.deepEqual(validateRate(rate({ incrementSeconds: 0 })), { ok: false, code: "INCREMENT_NOT_POSITIVE" });
  assert.deepEqual(validateRate(rate({ connectFeeMicros: -1 })), { ok: false, code: "RATE_FIELD_NEGATIVE" });
  assert.deepEqual(validateRate(rate({ ratePerMinuteMicros: 0.5 })), { ok: false, code: "RATE_FIELD_NOT_INTEGER" });
  assert.deepEqual(validateRate(rate({ ratePerMinuteMicros: 1e11 })), { ok: false, code: "RATE_FIELD_TOO_LARGE" });
  assert.deepEqual(validateRate(rate()), { ok: true, value: rate() });
});

/** The timeline as seen from `d` seconds later (the callee answering d seconds after setup). */
function shifted(tl: Timeline, d: number): Timeline {
  const out: Timeline = [];
  for (const s of tl) {
    const from = Math.max(0, s.fromSecond - d);
    if (out.length > 0 && out[out.length - 1].fromSecond === from) out.pop();
    out.push({ ...s, fromSecond: from });
  }
  return out;
}

test("property: over 100,000 random cases, banded or not, the granted time is affordable and maximal", () => {
  const rnd = seededRandom(42);
  const pick = <T>(xs: T[]): T => xs[rnd(0, xs.length - 1)];
  const randomTimeline = (base: number): Timeline => {
    const tl: Timeline = [{ fromSecond: 0, ratePerMinuteMicros: base, band: "" }];
    for (let k = rnd(0, 6); k > 0; k--) {
      tl.push({
        fromSecond: tl[tl.length - 1].fromSecond + pick([1, rnd(1, 60), rnd(1, 3600), rnd(1, 20000)]),
        ratePerMinuteMicros: pick([0, base, rnd(0, 1000), rnd(0, 500000), rnd(0, 10000000), rnd(0, 10000000000)]),
        band: pick(["", "peak", "night"]),
      });
    }
    return tl;
  };
  for (let i = 0; i < 100000; i++) {
    const r: Rate = {
      ratePerMinuteMicros: pick([0, rnd(0, 1000), rnd(0, 500000), rnd(0, 10000000), rnd(0, 10000000000)]),
      connectFeeMicros: pick([0, 0, rnd(0, 1000000)]),
      disconnectFeeMicros: pick([0, 0, rnd(0, 1000000)]),
      initialSeconds: pick([0, 1, 30, 60, rnd(0, 600)]),
      incrementSeconds: pick([1, 6, 30, 60, rnd(1, 600)]),
      graceSeconds: pick([0, 0, rnd(0, 10), rnd(0, 120)]),
      minimumCostMicros: pick([0, 0, rnd(0, 2000000)]),
    };
    const b = pick([rnd(-1000, 1000), rnd(0, 1000000), rnd(0, 100000000), rnd(0, 1000000) * 1000000]);
    const cap = pick([rnd(0, 120), rnd(0, 7200), 86400]);
    const tl = i % 2 === 0 ? undefined : randomTimeline(r.ratePerMinuteMicros);
    const s = maxTalkSeconds(r, b, cap, tl);
    const where = JSON.stringify({ r, b, cap, s, tl });
    assert.ok(s >= 0 && s <= cap, where);
    if (b < 0) {
      assert.equal(s, 0, where);
      continue;
    }
    assert.ok(callCost(r, s * 1000, tl) <= b, where);
    if (s < cap) assert.ok(callCost(r, (s + 1) * 1000, tl) > b, where);
    if (tl === undefined || i % 4 !== 1) continue;
    // A grant over the worst case of a ring time D is affordable for any answer within D.
    const D = pick([0, rnd(0, 60), rnd(0, 600)]);
    const worst = worstOverDelay(tl, D);
    const g = maxTalkSeconds(r, b, cap, worst);
    const d = rnd(0, D);
    const ms = pick([g * 1000, rnd(0, g * 1000), rnd(0, 86400000)]);
    assert.ok(callCost(r, ms, shifted(tl, d)) <= callCost(r, ms, worst), where + ` D=${D} d=${d} ms=${ms}`);
    assert.ok(callCost(r, g * 1000, shifted(tl, d)) <= b, where + ` D=${D} d=${d} g=${g}`);
  }
});
