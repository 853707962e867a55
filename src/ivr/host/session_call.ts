/** CallPort over mod_lua's injected `session`. */
import { isDigits } from "../../domain/intmath";
import { BridgeOutcome, CallPort, ReadDigitsOptions } from "../ports";

/** playAndGetDigits plays one file: several become one file_string:// list. */
function oneFile(files: string[]): string {
  if (files.length === 0) return "silence_stream://250";
  if (files.length === 1) return files[0];
  return "file_string://" + files.join("!");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** A US ring tone (tone_stream syntax), for callers whose channel sets no ringback of its own. */
const DEFAULT_RINGBACK = "%(2000,4000,440,480)";

/**
 * The UUIDs in originated_legs: "UUID;name;number", or "ARRAY::e1|:e2" when originate created
 * several legs. Originate clears it when it starts and adds each leg it created.
 */
function originatedLegs(value: string | undefined): string[] {
  if (value === undefined) return [];
  const list = value.startsWith("ARRAY::") ? value.substring(7).split("|:") : [value];
  const out: string[] = [];
  for (const entry of list) {
    const semi = entry.indexOf(";");
    const uuid = semi >= 0 ? entry.substring(0, semi) : entry;
    if (uuid !== "") out.push(uuid);
  }
  return out;
}

export function sessionCall(s: FsSession): CallPort {
  return {
    answer: () => {
      s.answer();
    },
    ready: () => s.ready(),
    variable: (name) => nonEmpty(s.getVariable(name)),
    setVariable: (name, value) => s.setVariable(name, value),
    play: (files) => {
      for (const f of files) {
        if (!s.ready()) return false;
        s.streamFile(f);
      }
      return s.ready();
    },
    readDigits: (o: ReadDigitsOptions) => {
      if (!s.ready()) return undefined;
      s.flushDigits();
      const digits = s.playAndGetDigits(
        o.minDigits, o.maxDigits, o.tries, o.timeoutMs, o.terminators,
        oneFile(o.prompt), oneFile(o.badPrompt), "^\\d+$",
      );
      // On hangup playAndGetDigits returns what was typed so far: never act on it.
      if (!s.ready()) return undefined;
      return isDigits(digits) ? digits : "";
    },
    bridge: (dialString): BridgeOutcome => {
      s.setVariable("continue_on_fail", "true");
      s.setVariable("hangup_after_bridge", "false");
      // With early media ignored the caller would hear silence while the callee rings.
      if (nonEmpty(s.getVariable("ringback")) === undefined && nonEmpty(s.getVariable("transfer_ringback")) === undefined) {
        s.setVariable("ringback", DEFAULT_RINGBACK);
      }
      s.execute("bridge", dialString);
      const disposition = nonEmpty(s.getVariable("originate_disposition")) ?? "";
      const answered = disposition === "SUCCESS";
      const cause = answered
        ? nonEmpty(s.getVariable("bridge_hangup_cause")) ?? "NORMAL_CLEARING"
        : disposition !== "" ? disposition : "NORMAL_TEMPORARY_FAILURE";
      return { disposition, answered, cause, callerUp: s.ready(), legs: originatedLegs(nonEmpty(s.getVariable("originated_legs"))) };
    },
    sleep: (ms) => {
      s.sleep(ms);
    },
    hangup: (cause) => {
      if (s.ready()) s.hangup(cause);
    },
  };
}
