/**
 * What the call flows need from the world, as small interfaces. host/ implements them over
 * mod_lua; specs pass the same adapters over a fake host, so flows never see `session`,
 * `freeswitch` or Dbh conventions ("" for NULL, "-ERR" replies, SWIG floats).
 */
import { SpooledHook } from "../domain/spool";

/** A database row: column → text; SQL NULL (Dbh's "") is absent. */
export type Row = Record<string, string | undefined>;

/**
 * Raised by the SQL adapter when the database fails; the entry script turns it into
 * SERVICE_UNAVAILABLE (ivr/host/run_entry.ts). Not an Error: Lua-bound code raises no
 * TypeScript Error (domain/bug.ts says why).
 */
export class StoreFailure {
  readonly message: string;
  constructor(public readonly detail: string) {
    this.message = "store failure: " + detail;
  }
}

/** The text of what a script raised: a bug's message, a StoreFailure's, a Lua runtime error. */
export function raisedText(e: unknown): string {
  if (typeof e === "string") return e;
  if (typeof e === "object" && e !== undefined) return (e as { message?: string }).message ?? "error";
  return tostring(e);
}

/** The database engine behind a SqlPort: SQLite (BEGIN IMMEDIATE) or PostgreSQL (BEGIN, FOR UPDATE). */
export type Dialect = "sqlite" | "pgsql";

export interface SqlPort {
  readonly dialect: Dialect;
  /** Rows of a SELECT. Throws StoreFailure on error. */
  rows(sql: string): Row[];
  /** Runs a statement; returns the number of rows it changed. Throws StoreFailure on error. */
  exec(sql: string): number;
  /**
   * Runs `setup` once on the connection this port holds, before its first use for `purpose`
   * (PostgreSQL's prepared rate lookups): again after a release, which may hand back another
   * pooled connection. Throws what setup throws, and runs it again next time.
   */
  once(purpose: string, setup: () => void): void;
  /** Gives the pooled handle back (before a bridge); the next call takes one again. */
  release(): void;
}

export interface ReadDigitsOptions {
  minDigits: number;
  maxDigits: number;
  tries: number;
  timeoutMs: number;
  /** Files played before reading (joined for playAndGetDigits). */
  prompt: string[];
  /** Played after a bad entry. */
  badPrompt: string[];
  /** Keys that end entry early, e.g. "#". */
  terminators: string;
}

/** How a bridge attempt ended, from the A-leg's channel variables. */
export interface BridgeOutcome {
  /** originate_disposition, e.g. SUCCESS, USER_BUSY, NO_ANSWER; "" when unknown. */
  disposition: string;
  /**
   * True when the callee answered: disposition SUCCESS, which means a real answer only because
   * the dial string makes originate wait for one (ignore_early_media / bridge_early_media).
   */
  answered: boolean;
  /** A cause name for the CDR (bridge_hangup_cause or the disposition). */
  cause: string;
  /** Whether the caller is still up. */
  callerUp: boolean;
  /**
   * The UUIDs of the callee legs the switch created (originated_legs). A leg that was created
   * reports through its reporting hook, answered or not; one that was never created cannot have
   * answered.
   */
  legs: string[];
}

export interface CallPort {
  answer(): void;
  /** False once the caller hung up. */
  ready(): boolean;
  variable(name: string): string | undefined;
  setVariable(name: string, value: string): void;
  /** Plays files in order; stops early when the caller hangs up. Returns ready(). */
  play(files: string[]): boolean;
  /**
   * Reads digits (digits only); undefined when the caller hung up (typed digits are then
   * discarded), "" when nothing was entered in time.
   */
  readDigits(options: ReadDigitsOptions): string | undefined;
  /** Runs bridge with continue_on_fail and reports how it ended. */
  bridge(dialString: string): BridgeOutcome;
  /** Waits on the channel; returns early when the caller hangs up. */
  sleep(ms: number): void;
  hangup(cause: string): void;
}

/** An API command's reply: its text, or the "-ERR …" / "-err" / "-USAGE" line that refused it. */
export type ApiReply = { ok: true; body: string } | { ok: false; error: string };

export interface ApiPort {
  execute(command: string, args: string): ApiReply;
}

export interface Clock {
  /** Whole epoch seconds. */
  nowSeconds(): number;
  /** Waits without a channel (between database polls). */
  sleepMs(ms: number): void;
}

export interface Log {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/**
 * Evidence a callee leg's hook could not settle, kept until a later call on the account settles
 * it (src/domain/spool.ts has the format; `ccard holds reap` reads the same files).
 */
export interface SpoolPort {
  /** The evidence spooled for a call, if any. */
  read(uuid: string): SpooledHook | undefined;
  /** Keeps the evidence of a call; false when it could not be written (the reason is logged). */
  save(hook: SpooledHook): boolean;
  /** Forgets a call's evidence once it is settled. */
  remove(uuid: string): void;
}
