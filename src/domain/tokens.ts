/** Plain tokens from the switch: call UUIDs and hangup cause names, checked before they reach SQL or a file name. */

/** Letters, digits and _ . - only, 1 to 64 of them. */
export function isPlainToken(s: string): boolean {
  if (s.length === 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
    if (!ok) return false;
  }
  return true;
}

/** A call UUID as the switch makes them (create_uuid): 32 to 64 plain characters. */
export function isCallUuid(uuid: string | undefined): uuid is string {
  return uuid !== undefined && uuid.length >= 32 && isPlainToken(uuid);
}
