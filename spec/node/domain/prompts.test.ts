import { test } from "node:test";
import assert from "node:assert/strict";
import { LANGS, MESSAGE_IDS, PROMPT_IDS } from "../../../src/domain/prompts";
import { VOICE_DIRS } from "../../../src/domain/prompt_paths";
import { PROMPT_TEXT } from "../../../src/domain/prompt_text";

test("prompt ids are unique and safe as file names", () => {
  assert.equal(new Set(PROMPT_IDS).size, PROMPT_IDS.length);
  for (const id of PROMPT_IDS) assert.match(id, /^[a-z][a-z0-9_]*$/, id);
});

test("every language has a non-empty text for every id, and nothing more", () => {
  for (const lang of LANGS) {
    assert.deepEqual(Object.keys(PROMPT_TEXT[lang]).sort(), [...PROMPT_IDS].sort(), lang);
    for (const id of PROMPT_IDS) assert.ok(PROMPT_TEXT[lang][id].trim().length > 0, lang + " " + id);
    assert.match(VOICE_DIRS[lang], /^[a-z]{2}\/[a-z]{2}\/[a-z0-9_-]+$/, lang);
  }
});

test("the messages the IVR plays are in the catalogue", () => {
  for (const id of ["welcome", "enter_pin", "call_failed", "another_call", "please_wait", "destination_barred", "this_call_costs", "cap_reached"]) {
    assert.ok((MESSAGE_IDS as readonly string[]).includes(id), id);
  }
  assert.equal(MESSAGE_IDS.length, 41);
});
