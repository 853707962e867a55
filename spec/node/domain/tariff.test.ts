import { test } from "node:test";
import assert from "node:assert/strict";
import { Rate, callCost, maxTalkSeconds, validateRate } from "../../../src/domain/tariff";
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

test("property: over 100,000 random cases the granted time is affordable and maximal", () => {
  const rnd = seededRandom(42);
  const pick = <T>(xs: T[]): T => xs[rnd(0, xs.length - 1)];
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
    const s = maxTalkSeconds(r, b, cap);
    const where = JSON.stringify({ r, b, cap, s });
    assert.ok(s >= 0 && s <= cap, where);
    if (b < 0) {
      assert.equal(s, 0, where);
      continue;
    }
    assert.ok(callCost(r, s * 1000) <= b, where);
    if (s < cap) assert.ok(callCost(r, (s + 1) * 1000) > b, where);
  }
});
