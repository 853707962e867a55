import { test } from "node:test";
import assert from "node:assert/strict";
import { CsvParser, CsvRecord, csvLine, parseCsv } from "../../../src/cli/csv";

const fields = (text: string): string[][] => parseCsv(text).map((r) => r.fields);

test("plain records split on commas, with LF or CRLF line ends", () => {
  assert.deepEqual(fields("a,b,c\n1,2,3\r\n4,,6"), [["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]]);
});

test("quoted fields keep commas, doubled quotes and line breaks", () => {
  const recs = parseCsv('p,d\n44,"UK, London"\n45,"say ""hi"""\n46,"two\nlines"\n47,""\n');
  assert.deepEqual(recs.map((r) => r.fields), [["p", "d"], ["44", "UK, London"], ["45", 'say "hi"'], ["46", "two\nlines"], ["47", ""]]);
  assert.deepEqual(recs.map((r) => r.line), [1, 2, 3, 4, 6]);
});

test("a BOM and blank lines are ignored; line numbers still count them", () => {
  const recs = parseCsv("\ufeffa,b\n\n1,2\n\r\n3,4\n");
  assert.deepEqual(recs.map((r) => [r.line, r.fields]), [[1, ["a", "b"]], [3, ["1", "2"]], [5, ["3", "4"]]]);
});

test("malformed records are reported with their line and the parser carries on", () => {
  const recs = parseCsv('a,b\n1,x"y\n"2"z,3\n4,5\n6,"open\n');
  assert.deepEqual(recs.map((r) => [r.line, r.error ?? r.fields.join("|")]), [
    [1, "a|b"],
    [2, "a quote inside an unquoted field at column 2"],
    [3, "unexpected text after a closing quote at column 1"],
    [4, "4|5"],
    [5, "unterminated quoted field"],
  ]);
});

test("chunks split anywhere give the same records", () => {
  const text = 'p,d\r\n44,"UK, ""L""\r\nx"\r\n1,USA\n';
  const whole = parseCsv(text);
  for (let cut = 0; cut <= text.length; cut++) {
    const out: CsvRecord[] = [];
    const p = new CsvParser((r) => out.push(r));
    p.push(text.slice(0, cut));
    p.push(text.slice(cut));
    p.end();
    assert.deepEqual(out, whole, `cut at ${cut}`);
  }
});

test("csvLine quotes only what needs it and parses back to the same fields", () => {
  const row = ["44", "UK, London", 'a "b"', "multi\nline", " padded ", "", "plain"];
  assert.equal(csvLine(["a", "b c"]), "a,b c\n");
  assert.equal(csvLine(row), '44,"UK, London","a ""b""","multi\nline"," padded ",,plain\n');
  assert.deepEqual(fields(csvLine(row)), [row]);
});
