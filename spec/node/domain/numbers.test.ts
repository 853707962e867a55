import { test } from "node:test";
import assert from "node:assert/strict";
import { normaliseNumber, numberPrefixes } from "../../../src/domain/numbers";
import { loadFixture } from "../support/fixtures";

const vectors = loadFixture("numbers_vectors");

test("normaliseNumber: every vector", () => {
  for (const v of vectors.normalise) {
    const r = normaliseNumber(v.raw, vectors.rules[v.rules]);
    assert.deepEqual(r, v.code !== undefined ? { ok: false, code: v.code } : { ok: true, value: v.e164 }, v.raw);
  }
});

test("numberPrefixes: longest first, bounded", () => {
  for (const v of vectors.prefixes) assert.deepEqual(numberPrefixes(v.e164, v.maxLength), v.prefixes);
});
