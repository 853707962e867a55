import { test } from "node:test";
import assert from "node:assert/strict";
import { Gender, canSayCurrency, sayDays, sayDuration, sayMoney, sayNumber, sayRatePerMinute } from "../../../src/domain/speech";
import { Lang, PromptId, WORD_IDS, LANGS } from "../../../src/domain/prompts";
import { PROMPT_TEXT } from "../../../src/domain/prompt_text";
import { loadFixture } from "../support/fixtures";

const vectors = loadFixture("speech_vectors");

/** The spoken form of a list of ids: their texts joined by spaces (fails on an unknown id). */
function says(ids: PromptId[], lang: Lang): string {
  return ids
    .map((id) => {
      const text = PROMPT_TEXT[lang][id];
      assert.ok(text !== undefined, "no prompt text for id " + id);
      return text;
    })
    .join(" ");
}

test("sayNumber: every vector", () => {
  for (const v of vectors.number) {
    assert.equal(says(sayNumber(v.n, v.lang, v.gender as Gender | undefined), v.lang), v.says, v.lang + " " + v.n);
  }
});

test("sayMoney: every vector, truncated toward zero", () => {
  for (const v of vectors.money) {
    assert.equal(says(sayMoney(v.micros, v.currency, v.lang), v.lang), v.says, v.lang + " " + v.micros + " " + v.currency);
  }
});

test("sayRatePerMinute: every vector, rounded up (never a price lower than charged)", () => {
  for (const v of vectors.rate_per_minute) {
    assert.equal(says(sayRatePerMinute(v.micros, v.currency, v.lang), v.lang), v.says, v.lang + " " + v.micros + " " + v.currency);
  }
});

test("sayDays: every vector", () => {
  for (const v of vectors.days) assert.equal(says(sayDays(v.n, v.lang), v.lang), v.says, v.lang + " " + v.n);
});

test("sayDuration: every vector, minutes rounded down", () => {
  for (const v of vectors.duration) {
    assert.equal(says(sayDuration(v.seconds, v.lang), v.lang), v.says, v.lang + " " + v.seconds);
  }
});

test("caller bugs throw a clear error", () => {
  const fns: Record<string, (...args: any[]) => PromptId[]> = { sayNumber, sayMoney, sayDuration };
  for (const v of vectors.errors) {
    assert.throws(() => fns[v.fn](...v.args), { message: v.error });
  }
});

test("canSayCurrency", () => {
  assert.equal(canSayCurrency("GBP"), true);
  assert.equal(canSayCurrency("CAD"), false);
});

test("every word prompt is spoken by some language (no dead word files)", () => {
  const used = new Set<PromptId>();
  for (const lang of LANGS) {
    for (let n = 0; n <= 1000; n++) {
      for (const g of [undefined, "masculine", "feminine"] as const) sayNumber(n, lang, g).forEach((id) => used.add(id));
    }
    for (const n of [1000000, 2000000]) sayNumber(n, lang).forEach((id) => used.add(id));
    for (const currency of ["USD", "EUR", "MXN", "GBP"]) {
      for (const micros of [-1010000, 1010000, 2020000, 1000000000000]) sayMoney(micros, currency, lang).forEach((id) => used.add(id));
    }
    for (const seconds of [3660, 7320]) sayDuration(seconds, lang).forEach((id) => used.add(id));
    sayRatePerMinute(50000, "USD", lang).forEach((id) => used.add(id));
    for (const n of [1, 2]) sayDays(n, lang).forEach((id) => used.add(id));
  }
  assert.deepEqual(WORD_IDS.filter((id) => !used.has(id)), []);
});
