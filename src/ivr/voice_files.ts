/** Voice over the shipped prompt set: message prompts (prompt_files.ts) plus spoken money and durations. */
import { splitMoney, currencyDecimals } from "../domain/money";
import { canSayCurrency, sayDays, sayDuration, sayMoney, sayNumber, sayRatePerMinute } from "../domain/speech";
import { filePrompts } from "./prompt_files";
import { Voice } from "./voice";

export function fileVoice(soundsDir: string, language: string): Voice {
  const p = filePrompts(soundsDir, language);
  const lang = p.language;
  return {
    language: lang,
    file: (id) => p.file(id),
    say: (ids) => p.say(ids),
    money: (micros, currency) => {
      if (canSayCurrency(currency)) return p.files(sayMoney(micros, currency, lang));
      // No words for this currency: speak the whole units only.
      return p.files(sayNumber(splitMoney(micros < 0 ? 0 : micros, currencyDecimals(currency)).units, lang));
    },
    // A currency without words cannot be spoken as a price: the announcement is left out.
    ratePerMinute: (micros, currency) => (canSayCurrency(currency) ? p.files(sayRatePerMinute(micros, currency, lang)) : []),
    number: (n) => p.files(sayNumber(n, lang)),
    days: (n) => p.files(sayDays(n, lang)),
    duration: (seconds) => p.files(sayDuration(seconds, lang)),
  };
}
