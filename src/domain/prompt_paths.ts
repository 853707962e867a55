/**
 * Where the prompt recordings live: each language's voice folder below FreeSWITCH's sounds
 * directory, ccard's folder in it, the sample-rate folders, and a prompt's file name. Apart
 * from the catalogue (prompts.ts), whose id lists the call scripts never need at run time: the
 * IVR bundles carry only this.
 */
import type { Lang, PromptId } from "./prompts";

/**
 * Where each language's recordings live below FreeSWITCH's sounds directory
 * (`<lang>/<region>/<voice>`). The IVR plays `<ccard_sounds_dir>/` + this + `/` + promptFile(id).
 */
export const VOICE_DIRS: Record<Lang, string> = {
  en: "en/us/espeak",
  es: "es/es/espeak",
};

/** Sample rates (Hz) every prompt is rendered at; each is a folder inside PROMPT_FOLDER. */
export const PROMPT_RATES: readonly number[] = [8000, 16000];

/** Folder of ccard's prompts below a voice directory; the rate folder goes inside it. */
export const PROMPT_FOLDER = "ccard";

/** True when s names a language with a prompt set. */
export function isLang(s: string): s is Lang {
  return s === "en" || s === "es";
}

/**
 * Path of a prompt below its voice folder, e.g. "ccard/welcome.wav". FreeSWITCH
 * (mod_sndfile) inserts the channel's rate folder before the file name, so it opens
 * `<voice folder>/ccard/8000/welcome.wav` on an 8 kHz call.
 */
export function promptFile(id: PromptId): string {
  return PROMPT_FOLDER + "/" + id + ".wav";
}
