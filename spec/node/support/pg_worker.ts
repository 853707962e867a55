/**
 * The worker thread behind pg_sync.ts: it holds the specs' own PostgreSQL connections (real
 * node-postgres clients, one per database) and answers one request at a time, waking the
 * waiting main thread through the shared word of each request.
 */
import { MessagePort, parentPort } from "node:worker_threads";
import pg from "pg";
import { PG_TYPES, numbered, openPg } from "../../../src/cli/store/pg";
import type { PgRequest, PgResponse } from "./pg_sync";

const clients = new Map<string, pg.Client>();

async function client(url: string): Promise<pg.Client> {
  let c = clients.get(url);
  if (c === undefined) {
    c = new pg.Client({ connectionString: url, types: PG_TYPES, options: "-c lock_timeout=5000", application_name: "ccard-spec" });
    c.on("error", () => clients.delete(url));
    clients.set(url, c);
    try {
      await c.connect();
    } catch (e) {
      clients.delete(url);
      throw e;
    }
  }
  return c;
}

async function close(url: string): Promise<void> {
  const c = clients.get(url);
  clients.delete(url);
  await c?.end().catch(() => undefined);
}

async function answer(req: PgRequest): Promise<PgResponse> {
  switch (req.op) {
    case "query": {
      const c = await client(req.url);
      // Without parameters the simple protocol: several statements at once, one result each.
      const r = req.params.length === 0 ? await c.query(req.sql) : await c.query({ text: numbered(req.sql), values: req.params });
      const all = (Array.isArray(r) ? r : [r]) as pg.QueryResult[];
      return { rows: all[all.length - 1]?.rows ?? [], counts: all.map((x) => x.rowCount ?? 0) };
    }
    case "transaction": {
      const c = await client(req.url);
      await c.query("BEGIN");
      try {
        const counts: number[] = [];
        for (const s of req.statements) {
          const n = (await c.query({ text: numbered(s.sql), values: s.params })).rowCount ?? 0;
          if (s.rows !== undefined && n !== s.rows) throw new Error(`${n} rows, expected ${s.rows}: ${s.sql}`);
          counts.push(n);
        }
        await c.query("COMMIT");
        return { rows: [], counts };
      } catch (e) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw e;
      }
    }
    case "migrate":
      await (await openPg(req.url, "create")).close();
      return { rows: [], counts: [] };
    case "close":
      await close(req.url);
      return { rows: [], counts: [] };
  }
}

parentPort?.on("message", (msg: { req: PgRequest; port: MessagePort; done: Int32Array }) => {
  void answer(msg.req)
    .then(
      (res) => msg.port.postMessage({ ok: res }),
      (e: Error & { code?: string }) => msg.port.postMessage({ error: { message: e.message, code: e.code } }),
    )
    .finally(() => {
      Atomics.store(msg.done, 0, 1);
      Atomics.notify(msg.done, 0);
    });
});
