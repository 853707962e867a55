// The bare baseline of the PostgreSQL import benchmarks: rows streamed into a table by one COPY
// FROM STDIN (pg-copy-streams, text format) on a node-postgres client, with nothing else: no
// store, no chunks, no conflict handling. Values are numbers, plain strings (no tab, newline or
// backslash: the benchmarks' rows have none) or null.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { from: copyFrom } = require("pg-copy-streams");

const PIECE_CHARS = 1 << 16;
const text = (v) => (v === null ? "\\N" : String(v));

/** COPY table (columns) of count rows, row(i) giving the i-th as an array; resolves with the rows written. */
export async function copyRows(client, table, columns, count, row) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  const done = new Promise((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  let piece = "";
  for (let i = 0; i < count; i++) {
    piece += row(i).map(text).join("\t") + "\n";
    if (piece.length >= PIECE_CHARS) {
      const more = stream.write(piece);
      piece = "";
      if (!more) await new Promise((resolve) => stream.once("drain", resolve));
    }
  }
  stream.end(piece);
  await done;
  return stream.rowCount;
}
