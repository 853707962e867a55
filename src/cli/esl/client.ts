/**
 * The Event Socket adapter: the only file that imports modesl. It turns modesl 1.2.1's callback
 * API into connectEsl() → EslClient (promises, timeouts, one-line EslErrors). What to send and
 * which reply answers whom is decided by the pure ReplyMatcher (replies.ts); this file only
 * wires the socket's events into it and carries out its effects.
 *
 * Socket facts it handles: modesl never calls pending callbacks when the socket drops (the
 * matcher fails them on 'close'); modesl parses inside the socket's 'data' handler
 * (decodeURIComponent on headers, JSON.parse on events), so a throw there would crash the
 * process: that handler is wrapped and a throw becomes a PROTOCOL error that closes the
 * connection.
 */
import { Connection, Event } from "modesl";
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { EslClient, EslError, EslSettings, eslAddress } from "./errors";
import { Effect, Event as MatcherEvent, ReplyMatcher } from "./replies";

interface Pending {
  resolve(answer: string): void;
  reject(e: EslError): void;
  timer: NodeJS.Timeout;
}

function connectFailure(where: string, e: Error & { code?: string }): { code: "CONNECTION_REFUSED" | "UNREACHABLE"; message: string } {
  if (e.code === "ECONNREFUSED") return { code: "CONNECTION_REFUSED", message: `cannot reach FreeSWITCH at ${where}: connection refused` };
  return { code: "UNREACHABLE", message: `cannot reach FreeSWITCH at ${where}: ${e.code ?? e.message}` };
}

class Session implements EslClient {
  private readonly where: string;
  private readonly matcher: ReplyMatcher;
  private readonly conn: Connection;
  private readonly socket: Socket;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private connected = false;
  private readonly closed: Promise<void>;
  private readonly loginTimer: NodeJS.Timeout;

  constructor(
    private readonly settings: EslSettings,
    private readonly ready: { resolve(c: EslClient): void; reject(e: EslError): void },
  ) {
    this.where = eslAddress(settings);
    this.matcher = new ReplyMatcher(this.where, settings.commandTimeoutMs);
    this.conn = new Connection(settings.host, settings.port, settings.password);
    const socket = this.conn.socket;
    if (socket === null) throw new Error("modesl did not create a socket");
    this.socket = socket;
    // modesl writes a command in several small writes; without this, Nagle's algorithm and
    // delayed ACKs add ~40 ms to every command.
    socket.setNoDelay(true);
    this.loginTimer = setTimeout(() => this.feed({ type: "loginTimeout", ms: settings.connectTimeoutMs }), settings.connectTimeoutMs);
    this.closed = new Promise((resolve) => {
      socket.once("close", () => {
        clearTimeout(this.loginTimer);
        this.feed({ type: "closed" });
        resolve();
      });
    });
    // Between the server's FIN (modesl then drops its socket) and 'close', nothing is sent.
    socket.once("end", () => this.feed({ type: "ended" }));
    this.conn.on("error", (e: Error & { code?: string }) => {
      if (e.code === undefined) this.feed({ type: "broken", code: "PROTOCOL", message: `unreadable data from FreeSWITCH at ${this.where}: ${e.message}` });
      else if (!this.connected) this.feed({ type: "broken", ...connectFailure(this.where, e) });
      else this.feed({ type: "broken", code: "DISCONNECTED", message: `the connection to FreeSWITCH at ${this.where} failed: ${e.code}` });
    });
    this.conn.on("esl::connect", () => {
      this.connected = true;
      this.guardParser();
    });
    this.conn.on("esl::event::command::reply", (evt: Event) => this.feed({ type: "reply", reply: "command/reply", text: evt.getHeader("Reply-Text") ?? "" }));
    this.conn.on("esl::event::api::response", (evt: Event) => this.feed({ type: "reply", reply: "api/response", text: evt.getBody() ?? "" }));
    this.conn.on("esl::event::BACKGROUND_JOB::*", (evt: Event) => this.feed({ type: "jobDone", jobUuid: evt.getHeader("Job-UUID") ?? "", body: evt.getBody() ?? "" }));
    this.conn.on("esl::event::disconnect::notice", (evt: Event) => this.feed({ type: "notice", text: evt.getBody() ?? "" }));
    this.conn.on("esl::event::raw::text/rude-rejection", (evt: Event) => this.feed({ type: "refused", text: evt.getBody() ?? "" }));
  }

  api(command: string): Promise<string> {
    return this.enqueue("api", command);
  }

  bgapi(command: string): Promise<string> {
    return this.enqueue("bgapi", command);
  }

  async close(): Promise<void> {
    this.feed({ type: "closedByUs" });
    if (this.socket.writable) this.socket.end("exit\n\n");
    const force = setTimeout(() => this.socket.destroy(), 1000);
    await this.closed;
    clearTimeout(force);
  }

  private enqueue(kind: "api" | "bgapi", command: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => this.feed({ type: "timeout", id }), this.settings.commandTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.feed({ type: "send", job: { id, kind, command, jobUuid: randomUUID() } });
    });
  }

  private feed(e: MatcherEvent): void {
    for (const effect of this.matcher.step(e)) this.apply(effect);
  }

  private apply(effect: Effect): void {
    switch (effect.type) {
      case "write":
        if (effect.job.kind === "api") this.conn.send(`api ${effect.job.command}`);
        else this.conn.send(`bgapi ${effect.job.command}`, { "Job-UUID": effect.job.jobUuid });
        break;
      case "answer":
      case "fail": {
        const p = this.pending.get(effect.id);
        if (p === undefined) return;
        this.pending.delete(effect.id);
        clearTimeout(p.timer);
        if (effect.type === "answer") p.resolve(effect.text);
        else p.reject(new EslError(effect.code, effect.message));
        break;
      }
      case "loggedIn":
        clearTimeout(this.loginTimer);
        this.ready.resolve(this);
        break;
      case "loginFailed":
        this.ready.reject(new EslError(effect.code, effect.message));
        break;
      case "drop":
        this.socket.destroy();
        break;
    }
  }

  /** Wraps modesl's parser (it runs inside the socket's 'data' handler) so a throw cannot crash the process. */
  private guardParser(): void {
    for (const listener of this.socket.listeners("data") as ((chunk: Buffer) => void)[]) {
      this.socket.removeListener("data", listener);
      this.socket.on("data", (chunk: Buffer) => {
        try {
          listener(chunk);
        } catch (e) {
          this.feed({ type: "broken", code: "PROTOCOL", message: `unreadable data from FreeSWITCH at ${this.where}: ${(e as Error).message}` });
        }
      });
    }
  }
}

/**
 * Connects to FreeSWITCH's inbound Event Socket, logs in and subscribes to BACKGROUND_JOB.
 * Rejects with EslError: CONNECTION_REFUSED, UNREACHABLE, AUTH_FAILED, TIMEOUT (nothing within
 * connectTimeoutMs), DISCONNECTED (closed during login), PROTOCOL.
 */
export function connectEsl(settings: EslSettings): Promise<EslClient> {
  return new Promise((resolve, reject) => {
    new Session(settings, { resolve, reject });
  });
}
