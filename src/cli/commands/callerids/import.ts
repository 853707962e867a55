import { readFileSync } from "node:fs";
import { CliError, Command, positionals } from "../../framework";
import type { Db } from "../../store/db";
import { nowSeconds } from "../../store/db";
import { Target, mappedTo, normaliseCli, resolveTarget } from "./target";
import { Result } from "../../../domain/result";

/** Most lines one import takes (a bigger file is refused before any work). */
const MAX_LINES = 1000000;

interface Mapping {
  line: number;
  cli: string;
  accountId: number;
}

function field(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** Every valid mapping of the file, or every bad line with its reason. */
export function checkImport(db: Db, text: string): { mappings: Mapping[]; errors: string[] } {
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_LINES + 1) throw new CliError(`more than ${MAX_LINES} lines: split the file`);
  const header = lines[0].trim().toLowerCase().split(",").map(field).join(",");
  if (header !== "cli,account") throw new CliError(`line 1: the header must be 'cli,account', got '${lines[0].trim()}'`);
  const errors: string[] = [];
  const mappings: Mapping[] = [];
  const seen = new Map<string, number>();
  const targets = new Map<string, Result<Target>>();
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    if (lines[i].trim() === "") continue;
    const cells = lines[i].split(",").map(field);
    if (cells.length !== 2) {
      errors.push(`line ${n}: expected 2 fields (cli,account), got ${cells.length}`);
      continue;
    }
    const [raw, acc] = cells;
    let t = targets.get(acc);
    if (t === undefined) {
      t = resolveTarget(db, acc.startsWith("card:") ? { card: acc.slice(5) } : { account: acc });
      targets.set(acc, t);
    }
    if (!t.ok) {
      errors.push(`line ${n}: ${t.code}`);
      continue;
    }
    const cli = normaliseCli(raw, t.value.product);
    if (!cli.ok) {
      errors.push(`line ${n}: ${cli.code}`);
      continue;
    }
    const first = seen.get(cli.value);
    if (first !== undefined) {
      errors.push(`line ${n}: caller ID ${cli.value} repeats line ${first}`);
      continue;
    }
    seen.set(cli.value, n);
    const owner = mappedTo(db, cli.value);
    if (owner !== undefined) {
      errors.push(`line ${n}: caller ID ${cli.value} is already mapped to account ${owner}`);
      continue;
    }
    mappings.push({ line: n, cli: cli.value, accountId: t.value.account.id });
  }
  if (errors.length === 0 && mappings.length === 0) errors.push("no caller IDs in the file");
  return { mappings, errors };
}

export const cliImport: Command = {
  name: "import",
  summary: "map many caller IDs from a CSV file, all or nothing",
  usage: `Usage: ccard cli import FILE.csv

FILE.csv has the header 'cli,account' and one mapping a line; account is an account id or
card:SERIAL. Caller IDs are normalised like 'ccard cli add'. If any line is malformed, names a
missing or closed account, or repeats a caller ID (in the file or already mapped), nothing is
imported and every bad line is listed with its reason.`,
  run(args, ctx) {
    const [file] = positionals(args, ["file"]);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const db = ctx.openDb();
    try {
      const count = db
        .transaction(() => {
          const { mappings, errors } = checkImport(db, text);
          if (errors.length > 0) {
            throw new CliError(`${file} rejected, nothing imported (${errors.length} bad line${errors.length === 1 ? "" : "s"}):\n  ${errors.join("\n  ")}`);
          }
          const ins = db.prepare("INSERT INTO cli_map (cli, account_id, created_at) VALUES (?, ?, ?)");
          const now = nowSeconds();
          for (const m of mappings) ins.run(m.cli, m.accountId, now);
          return mappings.length;
        })
        .immediate();
      ctx.stdout.write(`${count} caller IDs imported from ${file}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
