/**
 * Message prompts as absolute paths `<sounds dir>/<voice dir>/ccard/<id>.wav` (mod_sndfile
 * inserts the channel's rate folder before the file name). Absolute, because the one-minute
 * warning is played by the callee leg's scheduler, whose sound_prefix is not ours. Kept apart
 * from spoken numbers (voice_files.ts) so the retail bundle does not carry speech.
 */
import type { Lang, PromptId } from "../domain/prompts";
import { VOICE_DIRS, isLang, promptFile } from "../domain/prompt_paths";
import { Prompts } from "./voice";

export interface PromptFiles extends Prompts {
  language: Lang;
  /** Paths of any prompt ids, message or word. */
  files(ids: PromptId[]): string[];
}

export function filePrompts(soundsDir: string, language: string): PromptFiles {
  const lang: Lang = isLang(language) ? language : "en";
  const base = soundsDir + "/" + VOICE_DIRS[lang] + "/";
  const files = (ids: PromptId[]): string[] => {
    const out: string[] = [];
    for (const id of ids) out.push(base + promptFile(id));
    return out;
  };
  return { language: lang, file: (id) => base + promptFile(id), say: (ids) => files(ids), files: (ids) => files(ids) };
}
