/**
 * The Event Socket client's contract, shared by the modesl adapter (client.ts), the command
 * logic in src/cli/fs and the specs. Failures are EslError with a stable code and a one-line
 * message fit for an operator.
 */

/**
 * - CONNECTION_REFUSED: nothing listens at host:port.
 * - UNREACHABLE: any other connect failure (no route, unknown host).
 * - AUTH_FAILED: FreeSWITCH answered `-ERR invalid` to the password.
 * - TIMEOUT: no connection, or no answer to a command, within the configured time.
 * - DISCONNECTED: the socket closed (or close() was called) before the answer came.
 * - COMMAND_FAILED: FreeSWITCH answered `-ERR …` (the message carries its text).
 * - BAD_COMMAND: the command text cannot be sent (empty, or holds a line break).
 * - PROTOCOL: FreeSWITCH sent something the client cannot parse.
 */
export type EslErrorCode =
  | "CONNECTION_REFUSED"
  | "UNREACHABLE"
  | "AUTH_FAILED"
  | "TIMEOUT"
  | "DISCONNECTED"
  | "COMMAND_FAILED"
  | "BAD_COMMAND"
  | "PROTOCOL";

export class EslError extends Error {
  constructor(
    readonly code: EslErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EslError";
  }
}

/** A connected, authenticated inbound Event Socket session. */
export interface EslClient {
  /**
   * Runs `api COMMAND` and resolves with FreeSWITCH's answer (trailing newlines removed).
   * Calls are sent one at a time, in call order. Rejects with EslError: COMMAND_FAILED when the
   * answer starts with `-ERR` (lower-case `-err`, as mod_distributor answers, is a value),
   * TIMEOUT, DISCONNECTED, BAD_COMMAND, PROTOCOL.
   */
  api(command: string): Promise<string>;
  /**
   * Runs `bgapi COMMAND` and resolves with the body of its BACKGROUND_JOB event, matched by
   * Job-UUID. Same answer handling and failure codes as api().
   */
  bgapi(command: string): Promise<string>;
  /** Says `exit`, closes the socket and rejects every queued command with DISCONNECTED. */
  close(): Promise<void>;
}

/** Where and how to reach FreeSWITCH. Times in milliseconds. */
export interface EslSettings {
  host: string;
  port: number;
  password: string;
  /** Longest wait for TCP connect + auth/request + auth + event subscription. */
  connectTimeoutMs: number;
  /** Longest a command may wait for its answer, time queued behind other commands included. */
  commandTimeoutMs: number;
}

/** `host:port` as an operator writes it (IPv6 in brackets). */
export function eslAddress(s: { host: string; port: number }): string {
  return s.host.includes(":") ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}
