/**
 * The prompt catalogue: every recording the IVR can play, by id, with its text in each
 * language. The sound generator renders exactly these ids (sounds/…/ccard/<rate>/<id>.wav)
 * and a spec checks that no file is missing and none is extra. Pure data; where the files lie is
 * prompt_paths.ts.
 */

/** Languages with a full prompt set. */
export type Lang = "en" | "es";
export const LANGS: readonly Lang[] = ["en", "es"];

/** Whole messages the call flows play. */
export const MESSAGE_IDS = [
  "welcome", "enter_pin", "invalid_pin", "locked_out", "card_blocked", "card_expired",
  "card_void", "account_blocked", "service_unavailable", "your_balance_is", "you_have",
  "minutes_of_talk_time", "enter_destination", "invalid_number", "destination_unavailable",
  "insufficient_balance", "too_many_calls", "connecting", "call_failed", "one_minute_left",
  "another_call", "goodbye", "unknown_caller", "maintenance_fee_charged", "card_activated",
  "please_wait", "destination_barred", "this_call_costs", "plus", "to_connect",
  "that_call_cost", "cap_reached", "language_choice", "card_expires_in",
  "enter_voucher", "voucher_invalid", "voucher_used", "voucher_expired", "voucher_blocked", "voucher_currency", "voucher_added",
] as const;

/**
 * Words that speech (domain/speech) strings together for numbers, money and durations.
 * Some exist for one language's grammar only (Spanish gender and apocope: `n_1_m` "un",
 * `n_1_f` "una", `n_200_f` "doscientas", `millions` "millones", `of` "de"); the other
 * languages still carry a plain equivalent so every language has every file.
 */
export const WORD_IDS = [
  "n_0", "n_1", "n_2", "n_3", "n_4", "n_5", "n_6", "n_7", "n_8", "n_9",
  "n_10", "n_11", "n_12", "n_13", "n_14", "n_15", "n_16", "n_17", "n_18", "n_19",
  "n_20", "n_21", "n_22", "n_23", "n_24", "n_25", "n_26", "n_27", "n_28", "n_29",
  "n_30", "n_40", "n_50", "n_60", "n_70", "n_80", "n_90",
  "n_1_m", "n_1_f", "n_21_m", "n_21_f",
  "n_100", "n_1xx", "n_200", "n_300", "n_400", "n_500", "n_600", "n_700", "n_800", "n_900",
  "n_200_f", "n_300_f", "n_400_f", "n_500_f", "n_600_f", "n_700_f", "n_800_f", "n_900_f",
  "thousand", "million", "millions", "and", "of", "minus",
  "hour", "hours", "minute", "minutes", "per_minute", "day", "days",
  "usd_unit", "usd_units", "usd_minor", "usd_minors",
  "eur_unit", "eur_units", "eur_minor", "eur_minors",
  "mxn_unit", "mxn_units", "mxn_minor", "mxn_minors",
  "gbp_unit", "gbp_units", "gbp_minor", "gbp_minors",
] as const;

export type MessageId = (typeof MESSAGE_IDS)[number];
export type WordId = (typeof WORD_IDS)[number];
export type PromptId = MessageId | WordId;

/** Every prompt id, messages first. */
export const PROMPT_IDS: readonly PromptId[] = [...MESSAGE_IDS, ...WORD_IDS];
