/** Typed reads of Row columns. A malformed column is a bug in the store: it throws. */
import { RowReader } from "../../domain/settlement";
import { Row } from "../ports";
import { bug } from "../../domain/bug";

export function int(row: Row, column: string): number {
  const v = row[column];
  const n = v === undefined ? undefined : tonumber(v);
  if (n === undefined || n !== Math.floor(n)) bug("column " + column + " is not an integer");
  return n;
}

export function optInt(row: Row, column: string): number | undefined {
  return row[column] === undefined ? undefined : int(row, column);
}

export function text(row: Row, column: string): string {
  return row[column] ?? "";
}

/** The only row of a result, or undefined. */
export function first(rows: Row[]): Row | undefined {
  return rows.length > 0 ? rows[0] : undefined;
}

/** A row as domain code reads it (src/domain/settlement.ts). */
export function reader(row: Row): RowReader {
  return { int: (c) => int(row, c), optInt: (c) => optInt(row, c), text: (c) => text(row, c) };
}
