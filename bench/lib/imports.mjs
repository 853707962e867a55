// Section 4: card generation (bench/cards.mjs, written on another branch: skipped with a note
// when absent) and rate import (bench/rates-import.mjs), each run as its own script; their
// printed figures go into the table as they are.
import { existsSync } from "node:fs";
import { runNode } from "./proc.mjs";
import { int } from "./format.mjs";

/** Rows for card generation and rate import of n cards / lines. */
export function importRows({ cards, lines }) {
  const rows = [];
  if (existsSync("bench/cards.mjs")) {
    rows.push({ bench: `Card generation, ${int(cards)} cards`, result: runNode("bench/cards.mjs", ["--count", String(cards)]).join("; "), target: "" });
  } else {
    rows.push({ bench: `Card generation, ${int(cards)} cards`, result: "skipped: bench/cards.mjs is not on this branch", target: "" });
  }
  rows.push({ bench: `Rate import, ${int(lines)} lines`, result: runNode("bench/rates-import.mjs", ["--lines", String(lines)]).join("; "), target: "" });
  return rows;
}
