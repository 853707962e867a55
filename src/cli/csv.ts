/**
 * CSV (RFC 4180) reading and writing for imports and exports. Reading is incremental: feed
 * text chunks to CsvParser and it emits whole records with the line number they start on,
 * so a million-line file never sits in memory. Fields may be quoted ("a, b", "say ""hi""",
 * line breaks inside quotes); CRLF and LF both end a record; a leading BOM and blank lines
 * are ignored. A malformed record is emitted with `error` set instead of fields.
 */

/** One record: its first line number (1-based) and its fields, or why it is malformed. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record is malformed (fields is then empty). */
  error?: string;
}

/** Longest record accepted (characters); beyond this a quote was almost surely left open. */
const MAX_RECORD_CHARS = 65536;

const INCOMPLETE = Symbol("incomplete");

/** Splits one record's text into fields; INCOMPLETE when a quoted field is still open. */
function splitRecord(text: string): string[] | string | typeof INCOMPLETE {
  if (text.indexOf('"') < 0) return text.split(",");
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return INCOMPLETE;
        value += text.substring(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text.charCodeAt(i) !== 44) return `unexpected text after a closing quote at column ${fields.length}`;
      i++;
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? text.length : comma;
      const value = text.substring(i, end);
      if (value.indexOf('"') >= 0) return `a quote inside an unquoted field at column ${fields.length + 1}`;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

/** Incremental CSV reader: push() text chunks, then end(); records go to the callback. */
export class CsvParser {
  private partial = "";
  private lineNo = 0;
  private pending: { line: number; text: string } | undefined;
  private first = true;

  constructor(private readonly emit: (record: CsvRecord) => void) {}

  /** Feeds the next chunk of text (any split, even mid-line). */
  push(chunk: string): void {
    let text = this.partial + chunk;
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.substring(1);
      this.first = false;
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      this.line(text.substring(start, nl));
      start = nl + 1;
    }
    this.partial = text.substring(start);
  }

  /** Flushes the last line; an open quoted field becomes an error record. */
  end(): void {
    if (this.partial.length > 0) this.line(this.partial);
    this.partial = "";
    if (this.pending !== undefined) {
      this.emit({ line: this.pending.line, fields: [], error: "unterminated quoted field" });
      this.pending = undefined;
    }
  }

  private line(raw: string): void {
    this.lineNo++;
    const text = raw.endsWith("\r") ? raw.substring(0, raw.length - 1) : raw;
    let record: { line: number; text: string };
    if (this.pending !== undefined) {
      this.pending.text += "\n" + text;
      record = this.pending;
    } else {
      if (text.length === 0) return;
      record = { line: this.lineNo, text };
    }
    const fields = splitRecord(record.text);
    if (fields === INCOMPLETE) {
      if (record.text.length > MAX_RECORD_CHARS) {
        this.pending = undefined;
        this.emit({ line: record.line, fields: [], error: "unterminated quoted field" });
        return;
      }
      this.pending = record;
      return;
    }
    this.pending = undefined;
    if (typeof fields === "string") this.emit({ line: record.line, fields: [], error: fields });
    else this.emit({ line: record.line, fields });
  }
}

/** Parses a whole CSV text (a caller-ID import, read whole: it is checked whole before anything is written). */
export function parseCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  const p = new CsvParser((r) => out.push(r));
  p.push(text);
  p.end();
  return out;
}

/** One field quoted when it must be (comma, quote, CR/LF, or leading/trailing space). */
export function csvField(value: string): string {
  const needs =
    value.indexOf(",") >= 0 || value.indexOf('"') >= 0 || value.indexOf("\n") >= 0 || value.indexOf("\r") >= 0 ||
    (value.length > 0 && (value.charCodeAt(0) === 32 || value.charCodeAt(value.length - 1) === 32));
  return needs ? '"' + value.split('"').join('""') + '"' : value;
}

/** One CSV line (with its LF) from fields. */
export function csvLine(fields: string[]): string {
  return fields.map(csvField).join(",") + "\n";
}
