// bench/RESULTS.md is written by two benchmarks: bench/run.mjs writes the whole file, and
// bench/callrate.mjs (minutes of load that needs the machine to itself, so never part of run.mjs)
// writes its own section, between markers. Each keeps the other's part when it writes.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const BEGIN = "<!-- callrate: written by node bench/callrate.mjs --results -->";
const END = "<!-- /callrate -->";

function split(path) {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const b = text.indexOf(BEGIN);
  const e = text.indexOf(END);
  if (b < 0 || e < b) return { rest: text, section: "" };
  return { rest: text.slice(0, b).trimEnd() + "\n" + text.slice(e + END.length).replace(/^\n+/, "\n"), section: text.slice(b, e + END.length) };
}

/** Writes run.mjs's report to path, followed by the call capacity section already there, if any. */
export function writeReport(path, report) {
  const { section } = split(path);
  writeFileSync(path, section === "" ? report : report.trimEnd() + "\n\n" + section + "\n");
}

/** Writes (or replaces) the call capacity section of the file at path. */
export function writeCapacitySection(path, body) {
  const { rest } = split(path);
  writeFileSync(path, (rest.trim() === "" ? "" : rest.trimEnd() + "\n\n") + BEGIN + "\n" + body.trimEnd() + "\n" + END + "\n");
}
