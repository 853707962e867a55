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
      s.execute("bridge", dialString);
      const disposition = nonEmpty(s.getVariable("originate_disposition")) ?? "";
      const answered = disposition === "SUCCESS";
      const cause = answered
        ? nonEmpty(s.getVariable("bridge_hangup_cause")) ?? "NORMAL_CLEARING"
        : disposition !== "" ? disposition : "NORMAL_TEMPORARY_FAILURE";
      return { disposition, answered, cause, callerUp: s.ready() };
    },
    sleep: (ms) => {
      s.sleep(ms);
    },
    hangup: (cause) => {
      if (s.ready()) s.hangup(cause);
    },
  };
}
