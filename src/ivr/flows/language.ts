/**
 * A product's language menu before the PIN: "For English, press one. Para español, oprima
 * dos." — each choice in its own language, key n for the n-th language of the product's list.
 * A caller recognised by caller ID whose card remembers a choice hears no menu; a bad key
 * plays the menu again (ccard_destination_tries times at most), then the product's language.
 */
import { NetworkNumber } from "../../domain/caller_id";
import { intStr } from "../../domain/intmath";
import { Product } from "../store/products";
import { Voice } from "../voice";
import { pinlessCard } from "./authenticate";
import { CardDeps } from "./deps";

export type LanguageResult = { ok: true; language: string; chosen: boolean } | { ok: false; code: "HUNG_UP" };

/** The menu's files: each language's choice prompt and its key, spoken in that language. */
function menuFiles(deps: CardDeps, languages: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < languages.length; i++) {
    const voice: Voice = deps.voiceFor(languages[i]);
    out.push(...voice.say(["language_choice"]), ...voice.number(i + 1));
  }
  return out;
}

/** The language of this call: the product's, the card's remembered one, or the caller's choice (chosen: true). */
export function chooseLanguage(deps: CardDeps, product: Product, caller: NetworkNumber | undefined): LanguageResult {
  const languages = product.languageMenu;
  if (languages.length === 0) return { ok: true, language: product.language, chosen: false };
  const known = pinlessCard(deps, product, caller);
  if (known !== undefined && known.card.language !== undefined && languages.indexOf(known.card.language) >= 0) {
    return { ok: true, language: known.card.language, chosen: false };
  }
  const menu = menuFiles(deps, languages);
  for (let attempt = 1; attempt <= deps.settings.destinationTries; attempt++) {
    const key = deps.call.readDigits({ minDigits: 1, maxDigits: 1, tries: 1, timeoutMs: deps.settings.digitTimeoutMs, prompt: menu, badPrompt: [], terminators: "" });
    if (key === undefined) return { ok: false, code: "HUNG_UP" };
    for (let i = 0; i < languages.length; i++) {
      if (key === intStr(i + 1)) return { ok: true, language: languages[i], chosen: true };
    }
    deps.log.info("language menu: key '" + key + "' is not a choice of product " + product.name);
  }
  return { ok: true, language: product.language, chosen: false };
}
