import { readFileSync } from "node:fs";
import { Failure, LineProblem } from "../../exit";
import { arg } from "../../options/declare";
import { text } from "../../options/values";
import { command } from "../../framework/command";
import { parseCsv } from "../../csv";
import { unreadable } from "../../files";
import { changed } from "../../output/print";
import { plural } from "../../output/format";
import { e164 } from "../../numbers";
import type { Sql, SqlRecord } from "../../store/store";
import { nowSeconds } from "../../time";
import { mappings } from "./map";
import { Target, refuseMapped, resolveTarget } from "./target";

/** Most lines one import takes (a bigger file is refused before any work). */
const MAX_LINES = 1000000;

/** The account column: an account id, or card:SERIAL. */
function targetOf(text: string): { account: number } | { card: string } {
  if (text.startsWith("card:")) return { card: text.slice(5) };
  if (!/^[1-9][0-9]{0,14}$/.test(text)) throw new Failure("FILE_REJECTED", `account '${text}' is not an account id (or card:SERIAL)`);
  return { account: Number(text) };
}

/** The target of an account column, or why it cannot take caller IDs (asked once per account). */
async function targetOrFailure(db: Sql, account: string): Promise<Target | Failure> {
  try {
    return await resolveTarget(db, targetOf(account));
  } catch (e) {
    if (e instanceof Failure) return e;
    throw e;
  }
}

/** Every mapping of the file, or every refused line with its reason. */
async function checkImport(db: Sql, text: string, now: number): Promise<{ rows: SqlRecord[]; problems: LineProblem[] }> {
  const records = parseCsv(text);
  if (records.length > MAX_LINES) throw new Failure("FILE_REJECTED", `more than ${MAX_LINES} lines: split the file`);
  const header = records[0]?.fields.map((f) => f.trim().toLowerCase()).join(",") ?? "";
  if (header !== "cli,account") throw new Failure("FILE_REJECTED", `line 1: the header must be 'cli,account', got '${records[0]?.fields.join(",") ?? ""}'`);
  const problems: LineProblem[] = [];
  const rows: SqlRecord[] = [];
  const seen = new Map<string, number>();
  const targets = new Map<string, Target | Failure>();
  for (const rec of records.slice(1)) {
    try {
      if (rec.error !== undefined) throw new Failure("FILE_REJECTED", rec.error);
      if (rec.fields.length !== 2) throw new Failure("FILE_REJECTED", `expected 2 fields, found ${rec.fields.length}`);
      const [raw, acc] = rec.fields.map((f) => f.trim());
      let target = targets.get(acc);
      if (target === undefined) {
        target = await targetOrFailure(db, acc);
        targets.set(acc, target);
      }
      if (target instanceof Failure) throw target;
      const cli = e164("caller ID", raw, target.product);
      const first = seen.get(cli);
      if (first !== undefined) throw new Failure("CALLER_ID_TAKEN", `caller ID ${cli} repeats line ${first}`);
      seen.set(cli, rec.line);
      await refuseMapped(db, cli);
      rows.push({ cli, account_id: target.account.id, created_at: now });
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      problems.push({ line: rec.line, reason: e.message });
    }
  }
  if (problems.length === 0 && rows.length === 0) throw new Failure("FILE_REJECTED", "no caller IDs in the file");
  return { rows, problems };
}

export const cliImport = command({
  name: "import",
  summary: "map many caller IDs from a CSV file, all or nothing",
  about: `FILE.csv has the header 'cli,account' and one mapping a line; account is an account id or
card:SERIAL. Caller IDs are normalised like 'ccard cli add'. If any line is malformed, names a
missing or closed account, or repeats a caller ID (in the file or already mapped), nothing is
imported and every bad line is listed with its reason.`,
  args: { file: arg("FILE.csv", text("FILE.csv")) },
  db: "write",
  async run(o, { db }) {
    let text: string;
    try {
      text = readFileSync(o.file, "utf8");
    } catch (e) {
      throw unreadable(o.file, e);
    }
    const rows = await db.transaction(async (tx) => {
      const { rows, problems } = await checkImport(tx, text, nowSeconds());
      if (problems.length > 0) throw new Failure("FILE_REJECTED", `${plural(problems.length, "bad line")} in ${o.file}; nothing imported`, { file: o.file, lines: problems });
      await tx.insertMany("cli_map", rows);
      return rows;
    });
    const imported = [];
    for (const r of rows) imported.push(...(await mappings(db, " WHERE m.cli = ?", [r.cli as string], 1)));
    return changed(`${rows.length} caller IDs imported from ${o.file}`, imported);
  },
});
