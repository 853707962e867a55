import { test } from "node:test";
import assert from "node:assert/strict";
import { normaliseNumber } from "../../../src/domain/numbers";
import { rateLookupSql } from "../../../src/domain/rate_sql";
import { loadFixture } from "../support/fixtures";

const vectors = loadFixture("numbers_vectors");

test("normaliseNumber: every vector", () => {
  for (const v of vectors.normalise) {
    const r = normaliseNumber(v.raw, vectors.rules[v.rules]);
    assert.deepEqual(r, v.code !== undefined ? { ok: false, code: v.code } : { ok: true, value: v.e164 }, v.raw);
  }
});

test("rateLookupSql: every prefix of the number, longest first", () => {
  for (const v of vectors.lookup_candidates) {
    const list = /IN \(([^)]*)\)/.exec(rateLookupSql(1, v.e164, 0))?.[1] ?? "";
    assert.deepEqual([...list.matchAll(/'(\d+)'/g)].map((m) => m[1]), v.candidates);
  }
});
