/**
 * The one printing module. A command's result is a Printable: the JSON document `--json`
 * prints, and the text form built from the same values (aligned tables, "label: value"
 * records, one-line messages). Conventions of the JSON side (docs/cli-json.md): snake_case
 * names with their unit (`balance_micros`, `*_at` epoch seconds, `*_seconds`), money both as
 * integer micro-units and as exact decimal text (`balance_micros` and `balance`), lists as
 * arrays, one record as an object.
 */
import type { Io } from "../framework/command";
import type { Failure, Outcome } from "../exit";
import { visibleText } from "./format";
import { scrub } from "../store/dsn";

export interface Printable {
  /** What --json prints. */
  readonly json: unknown;
  /** The text form (ends with a newline, or is empty). */
  text(): string;
  /** Set when the result is also a refusal (a failed check): printed, then the run fails with it. */
  readonly failure?: Failure;
}

/** A column of a table, or a line of a record: its header or label, and its text. */
export interface Column<R> {
  readonly header: string;
  readonly cell: (row: R) => string;
}

/**
 * Left-aligned columns two spaces apart, under a header row (upper case, by convention of the
 * callers). Every cell goes through visibleText, as every echo does: a stored name cannot drive
 * the operator's terminal.
 */
function tableText(headers: string[], cells: string[][]): string {
  const rows = cells.map((r) => r.map(visibleText));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd() + "\n";
  return line(headers) + rows.map(line).join("");
}

/** "label: value" lines, the values aligned. */
function fieldsText(fields: [string, string][]): string {
  const w = Math.max(...fields.map(([k]) => k.length));
  return fields.map(([k, v]) => `${(k + ":").padEnd(w + 1)} ${visibleText(v)}`.trimEnd()).join("\n") + "\n";
}

/** A list: a table in text (or `empty` when there are no rows), the array of rows in JSON. */
export function listOf<R>(rows: R[], columns: Column<R>[], empty: string): Printable {
  return {
    json: rows,
    text: () => (rows.length === 0 ? (empty === "" ? "" : empty + "\n") : tableText(columns.map((c) => c.header), rows.map((r) => columns.map((c) => c.cell(r))))),
  };
}

/** One record: "label: value" lines in text, the object in JSON; `then` is printed below it. */
export function recordOf<R>(value: R, fields: Column<R>[], then?: { text(): string }): Printable {
  return {
    json: value,
    text: () => {
      const more = then === undefined ? "" : then.text();
      return fieldsText(fields.map((f) => [f.header, f.cell(value)])) + (more === "" ? "" : "\n" + more);
    },
  };
}

/** What a change did: one line of text, or (JSON) the changed record. */
export function changed(line: string, json: unknown): Printable {
  return { json, text: () => line + "\n" };
}

/** The JSON text of a document, with the warnings collected on the way. */
function jsonText(doc: unknown, warnings: string[]): string {
  const withWarnings = warnings.length > 0 && typeof doc === "object" && doc !== null && !Array.isArray(doc) ? { ...doc, warnings } : doc;
  return JSON.stringify(withWarnings, undefined, 2) + "\n";
}

/** Prints a result on stdout: JSON or text. */
export function printResult(io: Io, p: Printable, json: boolean, warnings: string[]): void {
  io.stdout.write(json ? jsonText(p.json, warnings) : p.text());
}

/**
 * Prints how a run failed, on stderr. Text: `PATH: message` (a file's refused lines first, as
 * FILE:LINE: reason; a bug's stack after). JSON: one object {"error": {code, message, exit, …}}.
 * URL passwords and `password=` values in the message are shown as ***.
 */
export function printOutcome(io: Io, path: string, outcome: Outcome, json: boolean, hint?: string): void {
  // Whatever an error quotes (a command line's word, a driver's message) shows no password.
  const o: Outcome = { ...outcome, message: scrub(outcome.message), stack: outcome.stack === undefined ? undefined : scrub(outcome.stack) };
  if (json) {
    const error = { code: o.code, message: visibleText(o.message), exit: o.exit, file: o.file, lines: o.lines?.map((l) => ({ line: l.line, reason: visibleText(l.reason) })), stack: o.stack };
    io.stderr.write(JSON.stringify({ error }) + "\n");
    return;
  }
  let text = "";
  for (const l of o.lines ?? []) text += `${visibleText(o.file ?? "")}:${l.line}: ${visibleText(l.reason)}\n`;
  text += `${path}: ${visibleText(o.stack !== undefined ? `internal error (a bug): ${o.stack}` : o.message)}\n`;
  if (hint !== undefined) text += hint;
  io.stderr.write(text);
}

/** Streams a JSON array, one element a line, from batches of rows (exports of any size). */
export async function jsonArray<T>(write: (text: string) => void, batches: AsyncIterable<T[]>, view: (row: T) => unknown): Promise<void> {
  let first = true;
  write("[");
  for await (const batch of batches) {
    for (const row of batch) {
      write((first ? "\n" : ",\n") + JSON.stringify(view(row)));
      first = false;
    }
  }
  write(first ? "]\n" : "\n]\n");
}
