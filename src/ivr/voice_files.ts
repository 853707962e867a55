/**
 * Voice over the shipped prompt set: absolute paths `<sounds dir>/<voice dir>/ccard/<id>.wav`
 * (mod_sndfile inserts the channel's rate folder before the file name). Absolute, because the
 * one-minute warning is played by the callee leg's scheduler, whose sound_prefix is not ours.
 */
import { splitMoney, currencyDecimals } from "../domain/money";
import { Lang, PromptId, VOICE_DIRS, isLang, promptFile } from "../domain/prompts";
import { canSayCurrency, sayDuration, sayMoney, sayNumber } from "../domain/speech";
import { Voice } from "./voice";

export function fileVoice(soundsDir: string, language: string): Voice {
  const lang: Lang = isLang(language) ? language : "en";
  const base = soundsDir + "/" + VOICE_DIRS[lang] + "/";
  const files = (ids: PromptId[]): string[] => {
    const out: string[] = [];
    for (const id of ids) out.push(base + promptFile(id));
    return out;
  };
  return {
    language: lang,
    file: (id) => base + promptFile(id),
    say: (ids) => files(ids),
    money: (micros, currency) => {
      if (canSayCurrency(currency)) return files(sayMoney(micros, currency, lang));
      // No words for this currency: speak the whole units only.
      return files(sayNumber(splitMoney(micros < 0 ? 0 : micros, currencyDecimals(currency)).units, lang));
    },
    duration: (seconds) => files(sayDuration(seconds, lang)),
  };
}
