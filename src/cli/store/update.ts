/** UPDATE … SET from one column → value record, as insert() does for INSERTs. */
import type { Sql, SqlRecord } from "./store";

/** Sets the record's columns on the row `id` of `table`; resolves with the rows changed. */
export function updateById(sql: Sql, table: string, id: number, changes: SqlRecord): Promise<number> {
  const columns = Object.keys(changes);
  if (columns.length === 0) return Promise.resolve(0);
  return sql.run(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(", ")} WHERE id = ?`, [...Object.values(changes), id]);
}
