import { test } from "node:test";
import assert from "node:assert/strict";
import { currencyDecimals, formatMoney, parseMoney, splitMoney } from "../../../src/domain/money";
import { loadFixture } from "../support/fixtures";

const vectors = loadFixture("money_vectors");

test("parseMoney: every vector parses exactly or fails with its code", () => {
  for (const v of vectors.parse) {
    const r = parseMoney(v.text, { allowNegative: v.allowNegative === true });
    assert.deepEqual(r, v.code !== undefined ? { ok: false, code: v.code } : { ok: true, value: v.micros }, v.text);
  }
});

test("formatMoney and splitMoney truncate toward zero", () => {
  for (const v of vectors.format) {
    assert.equal(formatMoney(v.micros, v.decimals), v.text);
    const p = splitMoney(v.micros, v.decimals);
    assert.equal(p.units, v.units);
    assert.equal(p.minor, v.minor);
  }
});

test("currencyDecimals", () => {
  for (const v of vectors.currencyDecimals) assert.equal(currencyDecimals(v.currency), v.decimals);
});
