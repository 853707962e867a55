import { test } from "node:test";
import assert from "node:assert/strict";
import { isLang, promptFile } from "../../../src/domain/prompt_paths";

test("promptFile and isLang", () => {
  assert.equal(promptFile("welcome"), "ccard/welcome.wav");
  assert.equal(isLang("es"), true);
  assert.equal(isLang("fr"), false);
  assert.equal(isLang("EN"), false);
});
