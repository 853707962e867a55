/**
 * How a `ccard` command ends: the one rule every command follows, and the one place that turns
 * whatever a command threw into an exit code, a stable code and a message.
 *
 *   0  OK       done.
 *   1  FAILURE  the command line is well formed, but what it asks cannot be done: a record that
 *               does not exist or already exists, a state that forbids it (a void card, money
 *               held by a live call), a rule over stored settings, a date already past, a file
 *               that cannot be read or written or whose content is refused, the database busy,
 *               FreeSWITCH unreachable or refusing. Nothing was changed.
 *   2  USAGE    the command line itself is wrong, judged from it alone before any database, file
 *               or switch is touched: an unknown command or option, a missing or extra argument,
 *               a missing required option, options that exclude each other, nothing to do, or a
 *               value that does not fit its declared format or range (`--count 0`,
 *               `--from 2025-02-30`, a name with a space). Nothing was opened or changed.
 *  70  BUG      anything else: a defect in ccard (sysexits' EX_SOFTWARE); the stack is printed.
 *
 * Commands throw UsageError or Failure; everything else is a bug. Failure codes are stable and
 * uppercase (scripts read them from `--json` errors); docs/cli-json.md lists them.
 */

export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, BUG: 70 } as const;

export type UsageCode =
  | "UNKNOWN_COMMAND"
  | "UNKNOWN_OPTION"
  | "MISSING_ARGUMENT"
  | "EXTRA_ARGUMENT"
  | "MISSING_OPTION"
  | "BAD_VALUE"
  | "CONFLICTING_OPTIONS"
  | "NOTHING_TO_DO";

/** The command line is wrong (exit 2). */
export class UsageError extends Error {
  constructor(
    readonly code: UsageCode,
    message: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export type FailureCode =
  | "ALREADY_EXISTS"
  | "GATEWAY_NOT_IN_ROUTE"
  | "ACCOUNT_CLOSED"
  | "ACCOUNT_NOT_FOUND"
  | "BATCH_NOT_FOUND"
  | "CARD_NOT_FOUND"
  | "GATEWAY_NOT_FOUND"
  | "PRODUCT_NOT_FOUND"
  | "RATE_TABLE_NOT_FOUND"
  | "ROUTE_NOT_FOUND"
  | "CALLER_ID_NOT_MAPPED"
  | "CALLER_ID_TAKEN"
  | "NOT_RECORDED"
  | "BAD_NUMBER"
  | "NO_RATE"
  | "WRONG_STATE"
  | "WRONG_KIND"
  | "IN_USE"
  | "LIVE_CALL"
  | "INSUFFICIENT_FUNDS"
  | "BALANCE_TOO_LARGE"
  | "DATE_PAST"
  | "PRODUCT_RULE"
  | "PIN_SPACE_FULL"
  | "SERIALS_EXHAUSTED"
  | "FILE_UNREADABLE"
  | "FILE_UNWRITABLE"
  | "FILE_EXISTS"
  | "FILE_REJECTED"
  | "IMPORT_OVERTAKEN"
  | "VERSION_NOT_FOUND"
  | "DATABASE_MISSING"
  | "DATABASE_UNUSABLE"
  | "DATABASE_TOO_NEW"
  | "DATABASE_BUSY"
  | "DATABASE_CONFLICT"
  | "DATABASE_UNREACHABLE"
  | "DATABASE_AUTH"
  | "DATABASE_NOT_EMPTY"
  | "COPY_MISMATCH"
  | "BAD_SETTING"
  | "CHECKS_FAILED"
  | "AUDIT_FAILED"
  | "COMPILE_FAILED"
  /** The Event Socket's failures, ESL_ and the EslErrorCode of esl/errors.ts (ESL_TIMEOUT …). */
  | `ESL_${string}`;

/** One refused line of an input file, for FILE_REJECTED. */
export interface LineProblem {
  line: number;
  reason: string;
}

/** The refused lines of an input file (FILE_REJECTED). */
export interface Rejection {
  file: string;
  lines: LineProblem[];
}

/** What is asked cannot be done (exit 1). */
export class Failure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly rejection?: Rejection,
  ) {
    super(message);
    this.name = "Failure";
  }
}

/** How a run ended, ready to print: the exit code, a stable code and one message. */
export interface Outcome {
  exit: number;
  code: string;
  message: string;
  file?: string;
  lines?: LineProblem[];
  /** For bugs: the stack, printed so the defect can be reported. */
  stack?: string;
}

/** The one place that maps errors: UsageError → 2, Failure → 1, anything else → 70. */
export function outcomeOf(e: unknown): Outcome {
  if (e instanceof UsageError) return { exit: EXIT.USAGE, code: e.code, message: e.message };
  if (e instanceof Failure) return { exit: EXIT.FAILURE, code: e.code, message: e.message, file: e.rejection?.file, lines: e.rejection?.lines };
  const err = e instanceof Error ? e : new Error(String(e));
  return { exit: EXIT.BUG, code: "BUG", message: `internal error (a bug): ${err.message}`, stack: err.stack ?? String(e) };
}
