/**
 * The reply matching of one inbound Event Socket session, as a pure state machine: client.ts
 * feeds it what happens (a command asked for, a reply, a background job's event, a timeout, the
 * socket ending) and carries out the effects it returns (write a command, answer or fail a
 * caller, drop the connection). No I/O and no timers here, so every rule has a table test.
 *
 * The rules (what modesl does not do):
 * - Login: `auth/request` is answered by modesl; the first command/reply is FreeSWITCH's
 *   verdict on the password, the second on the BACKGROUND_JOB subscription.
 * - Exactly one command is on the wire at a time, and the next command/reply or api/response
 *   belongs to it (FreeSWITCH answers in order; a reply of the other content type, such as
 *   `-ERR permission denied` to an api, still belongs to it). A bgapi's `+OK Job-UUID` reply
 *   frees the wire; its answer comes in the BACKGROUND_JOB event with its Job-UUID, which may
 *   even come first. Jobs of other clients are ignored.
 * - A command that timed out stays on the wire until its late reply comes, which is dropped, so
 *   the next command never receives it; one timed out while queued is never sent.
 * - An answer starting `-ERR` fails with COMMAND_FAILED; lower-case `-err` is a value.
 * - When the socket closes, every queued, sent or background command fails with DISCONNECTED,
 *   with why the connection ended when that is known.
 */
import type { EslErrorCode } from "./errors";

export interface Job {
  /** The caller's handle on this command. */
  id: number;
  kind: "api" | "bgapi";
  command: string;
  /** For bgapi: the Job-UUID sent with it. */
  jobUuid: string;
}

export type ReplyType = "command/reply" | "api/response";

export type Event =
  | { type: "send"; job: Job }
  | { type: "reply"; reply: ReplyType; text: string }
  | { type: "jobDone"; jobUuid: string; body: string }
  | { type: "timeout"; id: number }
  | { type: "loginTimeout"; ms: number }
  | { type: "notice"; text: string }
  | { type: "refused"; text: string }
  | { type: "broken"; code: EslErrorCode; message: string }
  /** The peer ended the stream: nothing more can be written (the close follows). */
  | { type: "ended" }
  | { type: "closedByUs" }
  | { type: "closed" };

export type Effect =
  | { type: "write"; job: Job }
  | { type: "answer"; id: number; text: string }
  | { type: "fail"; id: number; code: EslErrorCode; message: string }
  | { type: "loggedIn" }
  | { type: "loginFailed"; code: EslErrorCode; message: string }
  /** End the connection now: its 'closed' event follows. */
  | { type: "drop" };

type Phase = "auth" | "subscribing" | "ready" | "closed";

/** Removes the trailing newlines FreeSWITCH puts after most answers. */
function trimAnswer(text: string): string {
  return text.replace(/[\r\n]+$/, "");
}

export class ReplyMatcher {
  private phase: Phase = "auth";
  private writable = true;
  private readonly queue: Job[] = [];
  private readonly background = new Map<string, Job>();
  private onWire: Job | undefined;
  private readonly settled = new Set<number>();
  /** Why the connection ended, once known (error, timeout, refusal). */
  private failure: { code: EslErrorCode; message: string } | undefined;
  private notice = "";
  /** Appended to the failure of commands still pending when the socket closes. */
  private closeDetail = "";

  /** `where`: HOST:PORT for messages; `commandTimeoutMs`: for the TIMEOUT message. */
  constructor(
    private readonly where: string,
    private readonly commandTimeoutMs: number,
  ) {}

  /** Feeds one event; returns what to do, in order. */
  step(e: Event): Effect[] {
    const out: Effect[] = [];
    switch (e.type) {
      case "send":
        this.send(e.job, out);
        break;
      case "reply":
        this.reply(e.reply, e.text, out);
        break;
      case "jobDone": {
        const job = this.background.get(e.jobUuid);
        if (job !== undefined) this.settle(job, trimAnswer(e.body), out);
        break;
      }
      case "timeout": {
        const job = [...this.queue, ...this.background.values(), ...(this.onWire === undefined ? [] : [this.onWire])].find((j) => j.id === e.id);
        if (job !== undefined) this.fail(job, "TIMEOUT", `FreeSWITCH at ${this.where} did not answer '${label(job)}' within ${this.commandTimeoutMs} ms`, out);
        break;
      }
      case "loginTimeout":
        if (this.phase !== "ready" && this.phase !== "closed") this.drop("TIMEOUT", `cannot reach FreeSWITCH at ${this.where}: no answer within ${e.ms} ms`, out);
        break;
      case "notice":
        this.notice = trimAnswer(e.text).split("\n")[0];
        if (this.closeDetail === "") this.closeDetail = ` (FreeSWITCH said: ${this.notice})`;
        break;
      case "refused":
        this.failure ??= { code: "CONNECTION_REFUSED", message: `FreeSWITCH at ${this.where} rejected this host: ${trimAnswer(e.text)} (see apply-inbound-acl in event_socket.conf.xml)` };
        break;
      case "broken":
        this.drop(e.code, e.message, out);
        break;
      case "ended":
        this.writable = false;
        break;
      case "closedByUs":
        if (this.phase !== "closed") {
          this.failure ??= { code: "DISCONNECTED", message: `the connection to FreeSWITCH at ${this.where} was closed by ccard` };
          if (this.closeDetail === "") this.closeDetail = " (closed by ccard)";
          this.closed(out);
        }
        break;
      case "closed":
        this.closed(out);
        break;
    }
    return out;
  }

  private send(job: Job, out: Effect[]): void {
    if (job.command.trim() === "" || /[\r\n]/.test(job.command)) {
      out.push({ type: "fail", id: job.id, code: "BAD_COMMAND", message: `cannot send '${label(job).replace(/[\r\n]/g, "\\n")}': a command is one non-empty line` });
      this.settled.add(job.id);
      return;
    }
    if (this.phase === "closed") {
      out.push({ type: "fail", id: job.id, code: "DISCONNECTED", message: `not connected to FreeSWITCH at ${this.where}${this.closeDetail}` });
      this.settled.add(job.id);
      return;
    }
    this.queue.push(job);
    this.pump(out);
  }

  /** Sends the next queued command when the wire is free. */
  private pump(out: Effect[]): void {
    while (this.phase === "ready" && this.writable && this.onWire === undefined && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      if (this.settled.has(job.id)) continue;
      this.onWire = job;
      if (job.kind === "bgapi") this.background.set(job.jobUuid, job);
      out.push({ type: "write", job });
    }
  }

  private reply(type: ReplyType, text: string, out: Effect[]): void {
    if (this.phase === "auth") {
      if (text.startsWith("+OK")) this.phase = "subscribing";
      else this.drop("AUTH_FAILED", `FreeSWITCH at ${this.where} refused the Event Socket password (${trimAnswer(text)}); set --esl-password or CCARD_ESL_PASSWORD`, out);
      return;
    }
    if (this.phase === "subscribing") {
      if (!text.startsWith("+OK")) {
        this.drop("PROTOCOL", `FreeSWITCH at ${this.where} refused the event subscription: ${trimAnswer(text)}`, out);
        return;
      }
      this.phase = "ready";
      out.push({ type: "loggedIn" });
      this.pump(out);
      return;
    }
    const job = this.onWire;
    if (job === undefined) {
      if (this.phase === "ready") this.drop("PROTOCOL", `FreeSWITCH at ${this.where} sent a ${type} nobody asked for: ${trimAnswer(text)}`, out);
      return;
    }
    this.onWire = undefined;
    // A bgapi accepted: its answer comes in the BACKGROUND_JOB event (which may already have).
    if (!(job.kind === "bgapi" && type === "command/reply" && text.startsWith("+OK"))) this.settle(job, trimAnswer(text), out);
    this.pump(out);
  }

  /** Answers or fails a command once; `-ERR …` answers fail with COMMAND_FAILED. */
  private settle(job: Job, text: string, out: Effect[]): void {
    if (text.startsWith("-ERR")) this.fail(job, "COMMAND_FAILED", `'${label(job)}' failed: ${text.split("\n")[0]}`, out);
    else if (this.finish(job)) out.push({ type: "answer", id: job.id, text });
  }

  private fail(job: Job, code: EslErrorCode, message: string, out: Effect[]): void {
    if (this.finish(job)) out.push({ type: "fail", id: job.id, code, message });
  }

  /** Marks a job done; false when it already was. A job on the wire stays there until its reply. */
  private finish(job: Job): boolean {
    this.background.delete(job.jobUuid);
    if (this.settled.has(job.id)) return false;
    this.settled.add(job.id);
    return true;
  }

  /** Records why the connection is ending and drops it; 'closed' does the rest. */
  private drop(code: EslErrorCode, message: string, out: Effect[]): void {
    this.writable = false;
    if (this.failure === undefined) {
      this.failure = { code, message };
      this.closeDetail = `: ${message}`;
    }
    out.push({ type: "drop" });
  }

  private closed(out: Effect[]): void {
    if (this.phase === "closed") return;
    const loggingIn = this.phase !== "ready";
    this.phase = "closed";
    if (loggingIn) {
      const why = this.notice === "" ? "" : ` (${this.notice})`;
      const f = this.failure ?? { code: "DISCONNECTED" as const, message: `FreeSWITCH at ${this.where} closed the connection during login${why}` };
      out.push({ type: "loginFailed", ...f });
    }
    const pending = [...this.queue, ...this.background.values(), ...(this.onWire === undefined ? [] : [this.onWire])];
    this.queue.length = 0;
    this.onWire = undefined;
    for (const job of pending) {
      this.fail(job, "DISCONNECTED", `the connection to FreeSWITCH at ${this.where} closed before it answered '${label(job)}'${this.closeDetail}`, out);
    }
  }
}

function label(job: Job): string {
  return `${job.kind} ${job.command}`;
}
