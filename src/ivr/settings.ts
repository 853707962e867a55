/**
 * Per-call settings from channel variables (set them in the dialplan), each with a documented
 * default. A malformed value falls back to the default with a warning, never an error.
 */
import { digitsValue, isDigits } from "../domain/intmath";
import { EarlyMedia } from "./dialstring";

export interface Settings {
  /** The global variable ccard_dsn (vars.xml): the database. Global only, because settle.lua
   *  (run by the callee leg's reporting hook, without this channel) must reach the same one. */
  dsn: string;
  /** ccard_sounds_dir: base of the prompt files; default the global sounds_dir. */
  soundsDir: string;
  /** ccard_pin_timeout_ms: time to enter a PIN. */
  pinTimeoutMs: number;
  /** ccard_digit_timeout_ms: time to enter a destination or a menu choice. */
  digitTimeoutMs: number;
  /** ccard_destination_tries: attempts at dialling a valid, rated destination. */
  destinationTries: number;
  /** ccard_ring_timeout_seconds: how long a gateway may ring. */
  ringTimeoutSeconds: number;
  /** ccard_max_calls_per_session: calls one caller may place before the IVR hangs up. */
  maxCallsPerSession: number;
  /** ccard_settle_wait_ms: how long to wait for the callee leg's settlement after a call. */
  settleWaitMs: number;
  /** ccard_early_media: what the caller hears while the callee rings (src/ivr/dialstring.ts). */
  earlyMedia: EarlyMedia;
  /** The global ccard_spool_dir: where settle.lua keeps the evidence of calls it could not settle. */
  spoolDir: string;
}

export const DEFAULT_DSN = "sqlite:///var/lib/ccard/ccard.db";
export const DEFAULT_SOUNDS_DIR = "/usr/share/freeswitch/sounds";
export const DEFAULT_SPOOL_DIR = "/var/lib/ccard/spool";

/**
 * An absolute path that can stand as it is in a dial string's playback:: argument and in a
 * file_string:// list: letters, digits and / . _ - only.
 */
function isPlainPath(p: string): boolean {
  if (p.length > 512) return false;
  const [at] = string.find(p, "^/[0-9A-Za-z/._-]*$");
  return at !== undefined;
}

interface IntSetting {
  name: string;
  def: number;
  min: number;
  max: number;
}

const INTS: Record<string, IntSetting> = {
  pinTimeoutMs: { name: "ccard_pin_timeout_ms", def: 10000, min: 1000, max: 60000 },
  digitTimeoutMs: { name: "ccard_digit_timeout_ms", def: 8000, min: 1000, max: 60000 },
  destinationTries: { name: "ccard_destination_tries", def: 3, min: 1, max: 10 },
  ringTimeoutSeconds: { name: "ccard_ring_timeout_seconds", def: 60, min: 5, max: 300 },
  maxCallsPerSession: { name: "ccard_max_calls_per_session", def: 5, min: 1, max: 50 },
  settleWaitMs: { name: "ccard_settle_wait_ms", def: 5000, min: 0, max: 30000 },
};

function earlyMedia(raw: string | undefined, warn: (m: string) => void): EarlyMedia {
  if (raw === undefined || raw === "ignore") return "ignore";
  if (raw === "pass") return "pass";
  warn("ccard_early_media must be ignore or pass; using ignore");
  return "ignore";
}

export type VariableReader = (name: string) => string | undefined;

/** The global ccard_spool_dir, or the default when unset or not a plain absolute path (with a warning). */
export function readSpoolDir(global: VariableReader, warn: (m: string) => void): string {
  const dir = global("ccard_spool_dir");
  if (dir === undefined) return DEFAULT_SPOOL_DIR;
  if (isPlainPath(dir)) return dir;
  warn("ccard_spool_dir must be an absolute path of letters, digits and / . _ -; using " + DEFAULT_SPOOL_DIR);
  return DEFAULT_SPOOL_DIR;
}

/** Reads settings from channel variables, and ccard_dsn / sounds_dir / ccard_spool_dir from global ones. */
export function readSettings(channel: VariableReader, global: VariableReader, warn: (m: string) => void): Settings {
  const int = (key: string): number => {
    const s = INTS[key];
    const raw = channel(s.name);
    if (raw === undefined) return s.def;
    if (!isDigits(raw) || raw.length > 9 || digitsValue(raw) < s.min || digitsValue(raw) > s.max) {
      warn(s.name + " is not a whole number in range; using the default");
      return s.def;
    }
    return digitsValue(raw);
  };
  const soundsGlobal = global("sounds_dir");
  let soundsDir = channel("ccard_sounds_dir") ?? (soundsGlobal !== undefined ? soundsGlobal : DEFAULT_SOUNDS_DIR);
  if (!isPlainPath(soundsDir)) {
    warn("ccard_sounds_dir must be an absolute path of letters, digits and / . _ - (it goes into dial strings); using " + DEFAULT_SOUNDS_DIR);
    soundsDir = DEFAULT_SOUNDS_DIR;
  }
  return {
    dsn: global("ccard_dsn") ?? DEFAULT_DSN,
    soundsDir,
    pinTimeoutMs: int("pinTimeoutMs"),
    digitTimeoutMs: int("digitTimeoutMs"),
    destinationTries: int("destinationTries"),
    ringTimeoutSeconds: int("ringTimeoutSeconds"),
    maxCallsPerSession: int("maxCallsPerSession"),
    settleWaitMs: int("settleWaitMs"),
    earlyMedia: earlyMedia(channel("ccard_early_media"), warn),
    spoolDir: readSpoolDir(global, warn),
  };
}
