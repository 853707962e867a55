/**
 * Where the CLI finds FreeSWITCH's Event Socket: `--esl host:port` / `--esl-password`, else
 * CCARD_ESL / CCARD_ESL_PASSWORD, else 127.0.0.1:8021 with FreeSWITCH's default password
 * ClueCon. `--timeout-ms` (else CCARD_ESL_TIMEOUT_MS, else 5000) bounds both the login and
 * each command. The options are declared in options.ts.
 */
import { EslSettings } from "./errors";

export const DEFAULT_ESL_HOST = "127.0.0.1";
export const DEFAULT_ESL_PORT = 8021;
export const DEFAULT_ESL_PASSWORD = "ClueCon";
export const DEFAULT_ESL_TIMEOUT_MS = 5000;

/** Bad settings; `source` names where the value came from (an option or a variable). */
export class EslSettingsError extends Error {}

/** Parses `host`, `host:port` or `[v6]:port`; throws EslSettingsError naming `source`. */
export function parseEslAddress(text: string, source: string): { host: string; port: number } {
  let host = text.trim();
  let portText = "";
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    if (end < 0 || (end + 1 < host.length && host[end + 1] !== ":")) throw new EslSettingsError(`${source} '${text}' is not HOST:PORT`);
    portText = host.slice(end + 2);
    host = host.slice(1, end);
  } else if (host.split(":").length === 2) {
    [host, portText] = host.split(":");
  } else if (host.includes(":")) {
    throw new EslSettingsError(`${source} '${text}' is not HOST:PORT (write an IPv6 address as [ADDRESS]:PORT)`);
  }
  if (host === "") throw new EslSettingsError(`${source} '${text}' has no host`);
  let port = DEFAULT_ESL_PORT;
  if (portText !== "" || text.trim().endsWith(":")) {
    port = Number(portText);
    if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65535) throw new EslSettingsError(`${source} '${text}': the port must be 1-65535`);
  }
  return { host, port };
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Resolves the settings from parsed options (`esl`, `esl-password`, `timeout-ms`) and the
 * environment. Throws EslSettingsError for a malformed address or timeout.
 */
export function resolveEslSettings(values: Record<string, unknown>, env: NodeJS.ProcessEnv): EslSettings {
  const flag = nonEmpty(values.esl);
  const address = flag !== undefined ? parseEslAddress(flag, "--esl") : nonEmpty(env.CCARD_ESL) !== undefined ? parseEslAddress(env.CCARD_ESL as string, "CCARD_ESL") : { host: DEFAULT_ESL_HOST, port: DEFAULT_ESL_PORT };
  const password = nonEmpty(values["esl-password"]) ?? nonEmpty(env.CCARD_ESL_PASSWORD) ?? DEFAULT_ESL_PASSWORD;
  const timeoutFlag = nonEmpty(values["timeout-ms"]);
  const timeoutText = timeoutFlag ?? nonEmpty(env.CCARD_ESL_TIMEOUT_MS);
  let timeoutMs = DEFAULT_ESL_TIMEOUT_MS;
  if (timeoutText !== undefined) {
    timeoutMs = Number(timeoutText);
    if (!/^[0-9]+$/.test(timeoutText) || timeoutMs < 1 || timeoutMs > 600000) {
      throw new EslSettingsError(`${timeoutFlag !== undefined ? "--timeout-ms" : "CCARD_ESL_TIMEOUT_MS"} '${timeoutText}' must be a whole number of milliseconds, 1-600000`);
    }
  }
  return { ...address, password, connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs };
}
