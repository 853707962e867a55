/**
 * Text of every prompt in every language: what the sound generator speaks and what the
 * console demo prints. Kept apart from the catalogue (prompts.ts) so the IVR's bundles,
 * parsed on every call, do not carry the texts.
 */
import { Lang, PromptId } from "./prompts";
import { PROMPT_TEXT_EN } from "./prompts_en";
import { PROMPT_TEXT_ES } from "./prompts_es";

export const PROMPT_TEXT: Record<Lang, Record<PromptId, string>> = {
  en: PROMPT_TEXT_EN,
  es: PROMPT_TEXT_ES,
};
