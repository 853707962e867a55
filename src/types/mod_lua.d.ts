/**
 * The FreeSWITCH mod_lua host as ccard uses it (see docs/freeswitch.md). SWIG objects are
 * interfaces (colon calls); the `freeswitch` table is a @noSelf namespace (dot calls).
 * On Lua 5.3 SWIG returns C ints as floats: never interpolate these numbers into strings.
 * Only src/ivr/host/* may use these globals.
 */

/** The injected channel of a dialplan `lua` script. */
interface FsSession {
  answer(): number;
  ready(): boolean;
  /** nil when unset. */
  getVariable(name: string): string | undefined;
  /** Setting "" unsets the variable. */
  setVariable(name: string, value: string): void;
  streamFile(path: string): number;
  sleep(ms: number): number;
  flushDigits(): number;
  /** Digits typed, "" on timeout; on hangup the digits typed so far with ready() false. */
  playAndGetDigits(
    minDigits: number,
    maxDigits: number,
    maxTries: number,
    timeoutMs: number,
    terminators: string,
    prompt: string,
    badPrompt: string,
    digitsRegex: string,
    varName?: string,
    digitTimeoutMs?: number,
  ): string;
  /** Blocks until the application returns; results come back as channel variables. */
  execute(app: string, data: string): void;
  hangup(cause?: string): void;
  /** Takes the NAME of a global function. */
  setHangupHook(globalFunctionName: string): void;
}

/** A database handle from freeswitch.Dbh (pooled per DSN). */
interface FsDbh {
  connected(): boolean;
  /** false on a bad query; rows arrive as column → string with SQL NULL as "". Return non-zero to stop. */
  query(sql: string, onRow?: (row: Record<string, string>) => number | void): boolean;
  affected_rows(): number;
  last_error(): string | undefined;
  release(): void;
}

interface FsApi {
  /** The command's reply text; "-ERR …" on failure. */
  executeString(command: string): string;
}

/** An Event (the `env` global of a `lua` API script, e.g. a reporting hook). */
interface FsEvent {
  getHeader(name: string): string | undefined;
}

/** @noSelf */
declare namespace freeswitch {
  function consoleLog(level: string, message: string): void;
  function API(): FsApi;
  function Dbh(dsn: string): FsDbh;
  function getGlobalVariable(name: string): string | undefined;
  function msleep(ms: number): void;
}

/** Present for dialplan `lua` scripts. */
declare const session: FsSession | undefined;
/** Present for `lua` API scripts (reporting hooks). */
declare const env: FsEvent | undefined;
/** argv[0] is the script name, argv[1…] its space-split arguments. */
declare const argv: Record<number, string> | undefined;
