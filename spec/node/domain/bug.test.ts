import { test } from "node:test";
import assert from "node:assert/strict";
import { bug } from "../../../src/domain/bug";

test("bug throws an Error with the message on Node (the Lua build raises the plain message)", () => {
  assert.throws(() => bug("sqlInt: not an exact integer"), (e: unknown) => e instanceof Error && e.message === "sqlInt: not an exact integer");
});
