/**
 * The Event Socket adapter: the only file that imports modesl. It turns modesl 1.2.1's callback
 * API into connectEsl() → EslClient (promises, timeouts, one-line EslErrors).
 *
 * What modesl does not do, and this file does instead:
 * - Reply matching. modesl hands replies to callbacks in FIFO queues shared by everything that
 *   sends; a reply of the other content type (`api` answered by a command/reply, e.g.
 *   `-ERR permission denied`) shifts another caller's callback. Here exactly one command is on
 *   the wire at a time and the next command/reply or api/response belongs to it. A command
 *   that timed out stays on the wire until its late reply arrives and is dropped, so the
 *   following command never receives it. `bgapi` answers are matched by Job-UUID.
 * - Timeouts: connect+login, and per command (queue time included), so nothing hangs.
 * - Disconnects: modesl never calls pending callbacks when the socket drops; here every queued,
 *   sent or background command is rejected with DISCONNECTED on the socket's 'close'.
 * - Exceptions: modesl parses inside the socket's 'data' handler (decodeURIComponent on
 *   headers, JSON.parse on events); a throw there would crash the process, so that handler is
 *   wrapped and a throw becomes a PROTOCOL error that closes the connection.
 */
import { Connection, Event } from "modesl";
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { EslClient, EslError, EslSettings, eslAddress } from "./errors";

interface Job {
  kind: "api" | "bgapi";
  command: string;
  jobUuid: string;
  settled: boolean;
  timer: NodeJS.Timeout;
  resolve(answer: string): void;
  reject(e: EslError): void;
}

type Phase = "auth" | "subscribing" | "ready" | "closed";

/** Removes the trailing newlines FreeSWITCH puts after most answers. */
function trimAnswer(text: string): string {
  return text.replace(/[\r\n]+$/, "");
}

function connectFailure(where: string, e: Error & { code?: string }): EslError {
  if (e.code === "ECONNREFUSED") return new EslError("CONNECTION_REFUSED", `cannot reach FreeSWITCH at ${where}: connection refused`);
  const detail = e.code ?? e.message;
  return new EslError("UNREACHABLE", `cannot reach FreeSWITCH at ${where}: ${detail}`);
}

class Session implements EslClient {
  private phase: Phase = "auth";
  private readonly where: string;
  private readonly conn: Connection;
  private readonly socket: Socket;
  private readonly queue: Job[] = [];
  private readonly jobs = new Map<string, Job>();
  private onWire: Job | undefined;
  /** Why the connection ended, when known before 'close' (error, timeout, auth refusal). */
  private failure: EslError | undefined;
  private notice = "";
  private connected = false;
  /** Appended to the rejection of commands still pending when the socket closes. */
  private closeDetail = "";
  private readonly closed: Promise<void>;
  private readonly loginTimer: NodeJS.Timeout;

  constructor(
    private readonly settings: EslSettings,
    private readonly ready: { resolve(c: EslClient): void; reject(e: EslError): void },
  ) {
    this.where = eslAddress(settings);
    this.conn = new Connection(settings.host, settings.port, settings.password);
    const socket = this.conn.socket;
    if (socket === null) throw new Error("modesl did not create a socket");
    this.socket = socket;
    // modesl writes a command in several small writes; without this, Nagle's algorithm and
    // delayed ACKs add ~40 ms to every command.
    socket.setNoDelay(true);
    this.loginTimer = setTimeout(() => {
      this.fail(new EslError("TIMEOUT", `cannot reach FreeSWITCH at ${this.where}: no answer within ${settings.connectTimeoutMs} ms`));
    }, settings.connectTimeoutMs);
    this.closed = new Promise((resolve) => {
      socket.once("close", () => {
        clearTimeout(this.loginTimer);
        this.onClose();
        resolve();
      });
    });
    this.conn.on("error", (e: Error & { code?: string }) => {
      if (e.code === undefined) this.fail(new EslError("PROTOCOL", `unreadable data from FreeSWITCH at ${this.where}: ${e.message}`));
      else if (!this.connected) this.fail(connectFailure(this.where, e));
      else this.fail(new EslError("DISCONNECTED", `the connection to FreeSWITCH at ${this.where} failed: ${e.code}`));
    });
    this.conn.on("esl::connect", () => {
      this.connected = true;
      this.guardParser();
    });
    this.conn.on("esl::event::command::reply", (evt: Event) => this.onReply(evt, "command/reply"));
    this.conn.on("esl::event::api::response", (evt: Event) => this.onReply(evt, "api/response"));
    this.conn.on("esl::event::BACKGROUND_JOB::*", (evt: Event) => this.onJobEvent(evt));
    this.conn.on("esl::event::disconnect::notice", (evt: Event) => {
      this.notice = trimAnswer(evt.getBody() ?? "").split("\n")[0];
      if (this.closeDetail === "") this.closeDetail = ` (FreeSWITCH said: ${this.notice})`;
    });
    this.conn.on("esl::event::raw::text/rude-rejection", (evt: Event) => {
      this.failure ??= new EslError("CONNECTION_REFUSED", `FreeSWITCH at ${this.where} rejected this host: ${trimAnswer(evt.getBody() ?? "")} (see apply-inbound-acl in event_socket.conf.xml)`);
    });
  }

  api(command: string): Promise<string> {
    return this.enqueue("api", command);
  }

  bgapi(command: string): Promise<string> {
    return this.enqueue("bgapi", command);
  }

  async close(): Promise<void> {
    if (this.phase !== "closed") {
      this.failure ??= new EslError("DISCONNECTED", `the connection to FreeSWITCH at ${this.where} was closed by ccard`);
      if (this.closeDetail === "") this.closeDetail = " (closed by ccard)";
      this.phase = "closed";
      this.rejectAll();
      if (this.socket.writable) this.socket.end("exit\n\n");
      const force = setTimeout(() => this.socket.destroy(), 1000);
      await this.closed;
      clearTimeout(force);
    }
    await this.closed;
  }

  private enqueue(kind: Job["kind"], command: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const label = `${kind} ${command}`;
      if (command.trim() === "" || /[\r\n]/.test(command)) {
        reject(new EslError("BAD_COMMAND", `cannot send '${label.replace(/[\r\n]/g, "\\n")}': a command is one non-empty line`));
        return;
      }
      if (this.phase === "closed") {
        reject(new EslError("DISCONNECTED", `not connected to FreeSWITCH at ${this.where}${this.closeDetail}`));
        return;
      }
      const job: Job = {
        kind,
        command,
        jobUuid: randomUUID(),
        settled: false,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.settle(job, new EslError("TIMEOUT", `FreeSWITCH at ${this.where} did not answer '${label}' within ${this.settings.commandTimeoutMs} ms`));
        }, this.settings.commandTimeoutMs),
      };
      this.queue.push(job);
      this.pump();
    });
  }

  /** Sends the next queued command when the wire is free. */
  private pump(): void {
    // Between the server's FIN ('end', when modesl drops its socket) and 'close', send nothing:
    // 'close' is about to reject everything queued.
    while (this.phase === "ready" && this.onWire === undefined && this.queue.length > 0 && this.conn.socket !== null && this.socket.writable) {
      const job = this.queue.shift() as Job;
      if (job.settled) continue;
      this.onWire = job;
      if (job.kind === "api") {
        this.conn.send(`api ${job.command}`);
      } else {
        this.jobs.set(job.jobUuid, job);
        this.conn.send(`bgapi ${job.command}`, { "Job-UUID": job.jobUuid });
      }
    }
  }

  private onReply(evt: Event, type: "command/reply" | "api/response"): void {
    const text = type === "api/response" ? (evt.getBody() ?? "") : (evt.getHeader("Reply-Text") ?? "");
    if (this.phase === "auth") {
      // modesl answered auth/request with `auth PASSWORD`; this is FreeSWITCH's verdict.
      if (text.startsWith("+OK")) {
        this.phase = "subscribing";
      } else {
        this.fail(new EslError("AUTH_FAILED", `FreeSWITCH at ${this.where} refused the Event Socket password (${trimAnswer(text)}); set --esl-password or CCARD_ESL_PASSWORD`));
      }
      return;
    }
    if (this.phase === "subscribing") {
      // modesl subscribed to BACKGROUND_JOB right after auth: bgapi answers need it.
      if (text.startsWith("+OK")) {
        this.phase = "ready";
        clearTimeout(this.loginTimer);
        this.ready.resolve(this);
        this.pump();
      } else {
        this.fail(new EslError("PROTOCOL", `FreeSWITCH at ${this.where} refused the event subscription: ${trimAnswer(text)}`));
      }
      return;
    }
    const job = this.onWire;
    if (job === undefined) {
      if (this.phase === "ready") this.fail(new EslError("PROTOCOL", `FreeSWITCH at ${this.where} sent a ${type} nobody asked for: ${trimAnswer(text)}`));
      return;
    }
    this.onWire = undefined;
    if (job.kind === "bgapi" && type === "command/reply" && text.startsWith("+OK")) {
      // Accepted; the answer comes in the BACKGROUND_JOB event (which may already have).
    } else {
      this.settle(job, trimAnswer(text));
    }
    this.pump();
  }

  private onJobEvent(evt: Event): void {
    const job = this.jobs.get(evt.getHeader("Job-UUID") ?? "");
    // Jobs of other Event Socket clients reach every subscriber: ignore them.
    if (job !== undefined) this.settle(job, trimAnswer(evt.getBody() ?? ""));
  }

  /** Resolves or rejects a command once; `-ERR …` answers become COMMAND_FAILED. */
  private settle(job: Job, outcome: string | EslError): void {
    this.jobs.delete(job.jobUuid);
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    if (outcome instanceof EslError) {
      job.reject(outcome);
    } else if (outcome.startsWith("-ERR")) {
      job.reject(new EslError("COMMAND_FAILED", `'${job.kind} ${job.command}' failed: ${outcome.split("\n")[0]}`));
    } else {
      job.resolve(outcome);
    }
  }

  /** Records why the connection is ending and drops it; onClose does the rest. */
  private fail(e: EslError): void {
    if (this.failure === undefined) {
      this.failure = e;
      this.closeDetail = `: ${e.message}`;
    }
    this.socket.destroy();
  }

  private onClose(): void {
    const wasLoggingIn = this.phase !== "ready" && this.phase !== "closed";
    this.phase = "closed";
    if (wasLoggingIn) {
      const why = this.notice === "" ? "" : ` (${this.notice})`;
      this.ready.reject(this.failure ?? new EslError("DISCONNECTED", `FreeSWITCH at ${this.where} closed the connection during login${why}`));
    }
    this.rejectAll();
  }

  private rejectAll(): void {
    const pending = [...this.queue, ...this.jobs.values()];
    if (this.onWire !== undefined) pending.push(this.onWire);
    this.queue.length = 0;
    this.onWire = undefined;
    for (const job of pending) {
      if (job.settled) continue;
      this.settle(job, new EslError("DISCONNECTED", `the connection to FreeSWITCH at ${this.where} closed before it answered '${job.kind} ${job.command}'${this.closeDetail}`));
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
          this.fail(new EslError("PROTOCOL", `unreadable data from FreeSWITCH at ${this.where}: ${(e as Error).message}`));
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
