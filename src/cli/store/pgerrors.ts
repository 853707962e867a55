/**
 * PostgreSQL's failures turned into what an operator can act on (exit.ts's Failure codes), by
 * SQLSTATE and by node-postgres's connection errors; whatever else comes out is a bug, but its
 * message is scrubbed too: a driver's message can hold the connection string, and a password
 * never reaches output, errors or logs.
 */
import { Failure } from "../exit";
import { PgTarget, scrub, targetText } from "./dsn";

/** Connection-level errors of node-postgres and of the socket under it. */
const UNREACHABLE_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

function sqlstate(e: unknown): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function isLostConnection(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" && UNREACHABLE_ERRNO.has(code)) return true;
  const state = sqlstate(e);
  // 08: connection exceptions; 57P01-57P03: the server shut down or cannot take connections.
  if (state !== undefined && (state.startsWith("08") || state === "57P01" || state === "57P02" || state === "57P03")) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|timeout expired/i.test(String((e as Error).message));
}

/** A failure on an open connection: a statement's refusal, or the connection lost mid-command. */
export function translate(e: unknown, location: string, secret: string | undefined): unknown {
  if (e instanceof Failure) return e;
  const why = scrub(String((e as Error)?.message ?? e), [secret]);
  if (isLostConnection(e)) {
    return new Failure("DATABASE_UNREACHABLE", `lost the connection to ${location} (${why}): what the command had not committed was rolled back; check the server and try again`);
  }
  const state = sqlstate(e);
  if (state !== undefined) {
    if (state === "40001" || state === "40P01" || state === "55P03" || state === "57014") {
      return new Failure("DATABASE_BUSY", `the database is busy (${why}): another command or call holds the rows; try again`);
    }
    if (state.startsWith("23")) {
      return new Failure("DATABASE_CONFLICT", `the database refused the change (${why}): another command may have changed the same rows; try again`);
    }
    if (state === "42501") return new Failure("DATABASE_UNUSABLE", `${location}: ${why}`);
  }
  const err = Object.assign(new Error(why), { code: state });
  const stack = (e as Error)?.stack;
  if (stack !== undefined) err.stack = scrub(stack, [secret]);
  return err;
}

/** A connection that could not be made: the server down or unreachable, the login refused, no such database. */
export function connectFailure(e: unknown, target: PgTarget & { password?: string }, location: string): Failure {
  const why = scrub(String((e as Error)?.message ?? e), [target.password]);
  const at = targetText(target);
  const state = sqlstate(e);
  if (state === "28P01" || state === "28000") {
    return new Failure("DATABASE_AUTH", `PostgreSQL at ${at} refused the login of '${target.user}' (${why}): check the user and password of --db / CCARD_DB and the server's pg_hba.conf`);
  }
  if (/client password must be a non-empty string/.test(why)) {
    // node-postgres's own refusal, before any byte to the server: the server wants a password and none was given.
    return new Failure("DATABASE_AUTH", `PostgreSQL at ${at} wants a password for '${target.user}', and none was given: put it in the --db / CCARD_DB URL (percent-encoded) or in PGPASSWORD`);
  }
  if (state === "3D000") {
    return new Failure("DATABASE_MISSING", `PostgreSQL at ${target.host}:${target.port} has no database '${target.database}': create it first (as a role that may: CREATE DATABASE ${target.database} OWNER ${target.user}), then 'ccard init --db ${location}'`);
  }
  if (isLostConnection(e) || state === undefined) {
    return new Failure("DATABASE_UNREACHABLE", `cannot reach PostgreSQL at ${at} (${why}): is the server running and does it listen there?`);
  }
  return new Failure("DATABASE_UNUSABLE", `cannot open ${location}: ${why}`);
}
