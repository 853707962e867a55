/**
 * The specs' own PostgreSQL connections, synchronous like better-sqlite3's: each call is handed
 * to a worker thread (pg_worker.ts, real node-postgres) and this thread waits for its answer, so
 * the helpers of db.ts read and seed either engine the same way.
 */
import { join } from "node:path";
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { SqlValue } from "../../../src/cli/store/store";

export interface PgStatement {
  sql: string;
  params: SqlValue[];
  /** Rows it must change; the transaction is rolled back and the call throws otherwise. */
  rows?: number;
}

export type PgRequest =
  | { op: "query"; url: string; sql: string; params: SqlValue[] }
  | { op: "transaction"; url: string; statements: PgStatement[] }
  | { op: "migrate"; url: string }
  | { op: "close"; url: string };

export interface PgResponse {
  rows: Record<string, unknown>[];
  counts: number[];
}

let worker: Worker | undefined;

/** Runs one request on the worker and waits for it; throws its error (with the SQLSTATE as `code`). */
export function pgCall(req: PgRequest): PgResponse {
  if (worker === undefined) {
    worker = new Worker(join(__dirname, "pg_worker.js"));
    worker.unref();
  }
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ req, port: port2, done }, [port2]);
  // Bounded: a lock the CLI holds in this very thread would never be released while it waits.
  if (Atomics.wait(done, 0, 0, 60000) === "timed-out") throw new Error(`PostgreSQL helper: no answer in 60 s to ${JSON.stringify(req).slice(0, 200)}`);
  const msg = receiveMessageOnPort(port1)?.message as { ok?: PgResponse; error?: { message: string; code?: string } } | undefined;
  port1.close();
  if (msg?.ok !== undefined) return msg.ok;
  const e = new Error(msg?.error?.message ?? "PostgreSQL helper: no answer") as Error & { code?: string };
  e.code = msg?.error?.code;
  throw e;
}
