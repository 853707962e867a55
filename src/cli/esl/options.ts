/** The Event Socket options every ESL command takes, declared once (with their environment fallbacks). */
import { UsageError } from "../exit";
import { option } from "../options/declare";
import { Value, text, wholeNumber } from "../options/values";
import { EslSettingsError, parseEslAddress } from "./settings";

/** HOST, HOST:PORT or [IPv6]:PORT, kept as written (settings.ts resolves it). */
const eslAddress: Value<string> = {
  placeholder: "HOST:PORT",
  range: "",
  parse(t, label) {
    try {
      parseEslAddress(t, label);
    } catch (e) {
      if (e instanceof EslSettingsError) throw new UsageError("BAD_VALUE", e.message);
      throw e;
    }
    return t;
  },
};

export const ESL_OPTIONS = {
  esl: option(eslAddress, "FreeSWITCH's Event Socket", "$CCARD_ESL, else 127.0.0.1:8021"),
  eslPassword: option(text("TEXT"), "its password; prefer the variable, options show in ps", "$CCARD_ESL_PASSWORD, else ClueCon"),
  timeoutMs: option(wholeNumber(1, 600000), "longest wait for the login and for each answer, ms", "$CCARD_ESL_TIMEOUT_MS, else 5000"),
};

export interface EslOptionValues {
  esl?: string;
  eslPassword?: string;
  timeoutMs?: number;
}
