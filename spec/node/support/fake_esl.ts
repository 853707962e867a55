/**
 * A fake FreeSWITCH inbound Event Socket on 127.0.0.1 (random port) speaking the wire protocol
 * of mod_event_socket: `Content-Type: auth/request` on connect; `auth PASSWORD` → command/reply
 * `+OK accepted`, or `-ERR invalid` then a text/disconnect-notice and close; `api CMD` →
 * api/response with a Content-Length body; `bgapi CMD` → command/reply `+OK Job-UUID: …` (and a
 * Job-UUID header), then a BACKGROUND_JOB event (text/event-plain or text/event-json, as the
 * connection subscribed) once the job is done; `event plain|json NAMES…`; `exit` → `+OK bye`,
 * disconnect notice, close. Commands on one connection are answered in order, one at a time,
 * as FreeSWITCH's listener thread does; bgapi jobs run beside them.
 *
 * Scripting: one handler for api and bgapi commands returns the answer body, a delayed
 * answer, or `{ close: true }` (drop the socket at once, answering nothing). Commands the fake
 * does not model are answered `-ERR command not found` and listed in `unmodelled`.
 */
import { createServer, Socket } from "node:net";
import { randomUUID } from "node:crypto";

/**
 * A body (sent as FreeSWITCH would), a body after a delay, `close` (drop the socket, answer
 * nothing), or `raw` (send these bytes instead of an answer: a broken peer).
 */
export type FakeAnswer = string | { body: string; delayMs: number } | { close: true } | { raw: string };

/** Gets the whole command text (`show channels as json`); undefined → FreeSWITCH's "Command not found". */
export type FakeHandler = (command: string) => FakeAnswer | undefined;

export interface FakeEslOptions {
  password?: string;
  handler?: FakeHandler;
  /** false: accept connections but never send auth/request (a port that does not speak ESL). */
  greet?: boolean;
  /**
   * API names this login may not run (as with `userauth` and esl-allowed-api): FreeSWITCH then
   * answers api and bgapi alike with a command/reply `-ERR permission denied`.
   */
  deniedApis?: string[];
}

export interface FakeEsl {
  port: number;
  /** "127.0.0.1:PORT", for --esl. */
  address: string;
  /** Every command line received, in arrival order, across connections (auth lines included). */
  received: string[];
  /** Commands the fake answered only because it does not model them. */
  unmodelled: string[];
  /** Connections currently open. */
  openConnections(): number;
  /** Sends a BACKGROUND_JOB of some other client to every connection subscribed to it. */
  broadcastJob(jobUuid: string, body: string): void;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

const GOODBYE = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
const CORE_UUID = "5f0c6a2e-0000-4000-8000-00000000fake";

interface Conn {
  socket: Socket;
  authed: boolean;
  format: "plain" | "json";
  events: Set<string>;
  buffer: Buffer;
  chain: Promise<void>;
}


function write(c: Conn, text: string): void {
  if (!c.socket.destroyed && c.socket.writable) c.socket.write(text);
}

function commandReply(c: Conn, text: string, extra = ""): void {
  write(c, `Content-Type: command/reply\nReply-Text: ${text}\n${extra}\n`);
}

function apiResponse(c: Conn, body: string): void {
  write(c, `Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`);
}

function disconnect(c: Conn): void {
  write(c, `Content-Type: text/disconnect-notice\nContent-Length: ${Buffer.byteLength(GOODBYE)}\n\n${GOODBYE}`);
  c.socket.end();
}

/** An event as FreeSWITCH serialises it: plain (URL-encoded values) or json (`_body`). */
function sendEvent(c: Conn, headers: Record<string, string>, body: string): void {
  const name = headers["Event-Name"];
  if (!c.events.has(name) && !c.events.has("ALL")) return;
  let data: string;
  if (c.format === "json") {
    data = JSON.stringify({ ...headers, "Content-Length": String(Buffer.byteLength(body)), _body: body });
  } else {
    data = Object.entries(headers).map(([k, v]) => `${k}: ${encodeURIComponent(v)}\n`).join("");
    data += `Content-Length: ${Buffer.byteLength(body)}\n\n${body}`;
  }
  write(c, `Content-Length: ${Buffer.byteLength(data)}\nContent-Type: text/event-${c.format}\n\n${data}`);
}

function jobEvent(c: Conn, jobUuid: string, command: string, body: string): void {
  const space = command.indexOf(" ");
  const headers: Record<string, string> = {
    "Event-Name": "BACKGROUND_JOB",
    "Core-UUID": CORE_UUID,
    "Event-Date-Timestamp": String(Date.now() * 1000),
    "Job-UUID": jobUuid,
    "Job-Command": space < 0 ? command : command.slice(0, space),
  };
  if (space >= 0) headers["Job-Command-Arg"] = command.slice(space + 1);
  sendEvent(c, headers, body);
}

export async function startFakeEsl(options: FakeEslOptions = {}): Promise<FakeEsl> {
  const password = options.password ?? "ClueCon";
  const handler = options.handler ?? (() => undefined);
  const conns = new Set<Conn>();
  const received: string[] = [];
  const unmodelled: string[] = [];
  const timers = new Set<NodeJS.Timeout>();

  /** A delay that close() cancels, so a slow scripted answer never keeps the process alive. */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  /** Runs the handler; a missing command gets FreeSWITCH's own answer. */
  async function answer(c: Conn, command: string): Promise<string | undefined> {
    const a = handler(command);
    if (a === undefined) return `-ERR ${command.split(" ")[0]} Command not found!\n`;
    if (typeof a === "string") return a;
    if ("close" in a) {
      c.socket.destroy();
      return undefined;
    }
    if ("raw" in a) {
      write(c, a.raw);
      return undefined;
    }
    await sleep(a.delayMs);
    return a.body;
  }

  async function handle(c: Conn, line: string, headers: Record<string, string>): Promise<void> {
    if (line === "exit" || line.startsWith("exit ")) {
      commandReply(c, "+OK bye");
      disconnect(c);
      return;
    }
    if (!c.authed) {
      if (!line.startsWith("auth ")) return commandReply(c, "-ERR command not found");
      if (line.slice(5) !== password) {
        commandReply(c, "-ERR invalid");
        disconnect(c);
        return;
      }
      c.authed = true;
      return commandReply(c, "+OK accepted");
    }
    const apiName = line.split(" ")[1];
    if ((line.startsWith("api ") || line.startsWith("bgapi ")) && (options.deniedApis ?? []).includes(apiName)) {
      return commandReply(c, "-ERR permission denied");
    }
    if (line.startsWith("api ")) {
      const body = await answer(c, line.slice(4));
      if (body !== undefined) apiResponse(c, body === "" ? "-ERR no reply\n" : body);
      return;
    }
    if (line.startsWith("bgapi ")) {
      const jobUuid = headers["Job-UUID"] ?? randomUUID();
      commandReply(c, `+OK Job-UUID: ${jobUuid}`, `Job-UUID: ${jobUuid}\n`);
      const command = line.slice(6);
      void answer(c, command).then((body) => {
        if (body !== undefined) jobEvent(c, jobUuid, command, body === "" ? "Command returned no output!" : body);
      });
      return;
    }
    if (line.startsWith("event ")) {
      const words = line.split(" ").slice(1).filter((w) => w !== "");
      if (words[0] === "plain" || words[0] === "json") c.format = words.shift() as Conn["format"];
      else if (words[0] === "xml") {
        unmodelled.push(line);
        return commandReply(c, "-ERR command not found");
      }
      if (words.length === 0) return commandReply(c, "-ERR no keywords supplied");
      for (const w of words) c.events.add(w.toUpperCase());
      return commandReply(c, `+OK event listener enabled ${c.format}`);
    }
    unmodelled.push(line);
    commandReply(c, "-ERR command not found");
  }

  /** Splits the byte stream into commands: a line, optional headers, a blank line. */
  function onData(c: Conn, chunk: Buffer): void {
    c.buffer = Buffer.concat([c.buffer, chunk]);
    for (;;) {
      const text = c.buffer.toString("latin1");
      const end = text.indexOf("\n\n");
      if (end < 0) return;
      const [line, ...rest] = text.slice(0, end).replace(/\r/g, "").split("\n");
      const headers: Record<string, string> = {};
      for (const h of rest) {
        const colon = h.indexOf(":");
        if (colon > 0) headers[h.slice(0, colon)] = h.slice(colon + 1).trim();
      }
      const bodyLength = Number(headers["Content-Length"] ?? "0");
      if (c.buffer.length < end + 2 + bodyLength) return;
      c.buffer = c.buffer.subarray(end + 2 + bodyLength);
      const command = Buffer.from(line, "latin1").toString("utf8");
      received.push(command);
      c.chain = c.chain.then(() => handle(c, command, headers)).catch(() => {
        c.socket.destroy();
      });
    }
  }

  const server = createServer((socket) => {
    const c: Conn = { socket, authed: false, format: "plain", events: new Set(), buffer: Buffer.alloc(0), chain: Promise.resolve() };
    conns.add(c);
    socket.setNoDelay(true);
    socket.on("data", (chunk) => onData(c, chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => conns.delete(c));
    if (options.greet !== false) write(c, "Content-Type: auth/request\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    address: `127.0.0.1:${port}`,
    received,
    unmodelled,
    openConnections: () => conns.size,
    broadcastJob(jobUuid, body) {
      for (const c of conns) if (c.authed) jobEvent(c, jobUuid, "status", body);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      for (const c of conns) c.socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
