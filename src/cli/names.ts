/** Validation of operator-chosen names and small numeric options; failures are CliErrors. */
import { CliError, UsageError } from "./framework";
import { isDigits } from "../domain/intmath";

/**
 * A name for a rate table, route or gateway: 1–64 of letters, digits, '.', '_' and '-'.
 * Route and gateway names go verbatim into distributor.conf.xml and FreeSWITCH dial strings.
 */
export function checkName(kind: string, name: string): string {
  if (name.length < 1 || name.length > 64) throw new CliError(`${kind} name must be 1 to 64 characters`);
  if (!hasOnlyNameChars(name)) throw new CliError(`${kind} name '${name}' may only hold letters, digits, '.', '_' and '-'`);
  return name;
}

/** True when every character is a letter, digit, '.', '_' or '-' (ASCII). */
export function hasOnlyNameChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 45;
    if (!ok) return false;
  }
  return true;
}

/** A whole number option within [min, max]; a UsageError naming the option otherwise. */
export function intOption(option: string, text: string, min: number, max: number): number {
  if (!isDigits(text) || text.length > 9) throw new UsageError(`--${option} must be a whole number, got '${text}'`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`--${option} must be from ${min} to ${max}, got ${n}`);
  return n;
}

/** True when the text holds a control character (C0, DEL). */
export function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 127) return true;
  }
  return false;
}
