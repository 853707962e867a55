/**
 * What the call flows need from the world, as small interfaces. host/ implements them over
 * mod_lua; specs pass the same adapters over a fake host, so flows never see `session`,
 * `freeswitch` or Dbh conventions ("" for NULL, "-ERR" replies, SWIG floats).
 */

/** A database row: column → text; SQL NULL (Dbh's "") is absent. */
export type Row = Record<string, string | undefined>;

/** Raised by the SQL adapter when the database fails; flows turn it into SERVICE_UNAVAILABLE. */
export class StoreFailure extends Error {
  constructor(public readonly detail: string) {
    super("store failure: " + detail);
  }
}

export interface SqlPort {
  /** Rows of a SELECT. Throws StoreFailure on error. */
  rows(sql: string): Row[];
  /** Runs a statement; returns the number of rows it changed. Throws StoreFailure on error. */
  exec(sql: string): number;
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
  /** True when the callee answered (disposition SUCCESS). */
  answered: boolean;
  /** A cause name for the CDR (bridge_hangup_cause or the disposition). */
  cause: string;
  /** Whether the caller is still up. */
  callerUp: boolean;
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
  sleep(ms: number): void;
  hangup(cause: string): void;
}

export interface ApiPort {
  /** The reply of an API command, or undefined for a "-ERR…"/"-err…" reply. */
  execute(command: string, args: string): string | undefined;
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
