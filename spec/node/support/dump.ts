/** A canonical text of every table's rows, to prove a rejected command changed nothing. */
import { openStore } from "../../../src/cli/context";

export function dumpDb(dbPath: string): string {
  const db = openStore(dbPath, false);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const out: Record<string, string[]> = {};
    for (const t of tables) {
      out[t] = (db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
    }
    return JSON.stringify(out, undefined, 1);
  } finally {
    db.close();
  }
}
