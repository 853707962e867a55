/**
 * Plain names from the switch: call UUIDs and hangup cause names, checked before they reach SQL,
 * a file name or a log line. Lua patterns, spelled out (a %w class would follow the C locale).
 */

/** Letters, digits and _ . - only, 1 to 64 of them. */
export function isPlainName(s: string): boolean {
  if (s.length > 64) return false;
  const [at] = string.find(s, "^[0-9A-Za-z_.-]+$");
  return at !== undefined;
}

/** A call UUID as the switch makes them (create_uuid): 32 to 64 plain characters. */
export function isCallUuid(uuid: string | undefined): uuid is string {
  return uuid !== undefined && uuid.length >= 32 && isPlainName(uuid);
}
