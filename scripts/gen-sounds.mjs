// npm run sounds: renders every prompt of the catalogue (src/domain/prompts.ts) in every
// language with espeak-ng and sox, as WAV mono 16-bit PCM at 8 kHz and 16 kHz, into
//   sounds/<lang>/<region>/<voice>/ccard/<rate>/<id>.wav   (e.g. sounds/en/us/espeak/ccard/8000/welcome.wav)
// the layout FreeSWITCH resolves by itself: playing "ccard/welcome.wav" under a sound_prefix
// of <sounds>/en/us/espeak opens ccard/<channel rate>/welcome.wav. See docs/sounds.md.
// Reproducible: same text, espeak-ng and sox → same bytes (sox -R, no dither, plain 44-byte
// header). Only the generated voice folders are rewritten; stale files there are removed.
// Usage: node scripts/gen-sounds.mjs [lang…]   (default: every language)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { has, run } from "./run.mjs";

/** espeak-ng voice and speed (words a minute) per language. */
const VOICES = { en: { voice: "en-us", speed: "175" }, es: { voice: "es", speed: "170" } };

for (const cmd of ["espeak-ng", "sox"]) {
  if (!has(cmd)) {
    console.error(`gen-sounds: ${cmd} is missing (Debian: apt-get install -y espeak-ng sox)`);
    process.exit(1);
  }
}

// The catalogue is TypeScript: compile it first so the texts rendered are the current ones.
run("npx", ["tsc", "-p", "tsconfig.json"]);
const { LANGS, PROMPT_IDS } = createRequire(import.meta.url)("../dist/src/domain/prompts.js");
const { VOICE_DIRS, PROMPT_FOLDER, PROMPT_RATES: RATES } = createRequire(import.meta.url)("../dist/src/domain/prompt_paths.js");
const { PROMPT_TEXT } = createRequire(import.meta.url)("../dist/src/domain/prompt_text.js");

const wanted = process.argv.slice(2);
for (const lang of wanted) {
  if (!LANGS.includes(lang)) {
    console.error(`gen-sounds: unknown language ${lang} (known: ${LANGS.join(", ")})`);
    process.exit(2);
  }
}
const langs = wanted.length > 0 ? wanted : LANGS;

function exec(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`gen-sounds: ${cmd} ${args.join(" ")} failed: ${r.error?.message ?? r.stderr}`);
  }
}

const work = mkdtempSync(join(tmpdir(), "ccard-sounds-"));
let files = 0;
try {
  for (const lang of langs) {
    const v = VOICES[lang];
    if (v === undefined) throw new Error(`gen-sounds: no espeak-ng voice configured for ${lang}`);
    const folder = join("sounds", VOICE_DIRS[lang], PROMPT_FOLDER);
    rmSync(folder, { recursive: true, force: true });
    for (const rate of RATES) mkdirSync(join(folder, String(rate)), { recursive: true });
    for (const id of PROMPT_IDS) {
      const raw = join(work, lang + "-" + id + ".wav");
      exec("espeak-ng", ["-v", v.voice, "-s", v.speed, "-w", raw, "--", PROMPT_TEXT[lang][id]]);
      for (const rate of RATES) {
        // Trim leading and trailing silence, resample, normalise to -3 dBFS, then add a short
        // tail so words played back to back do not run together.
        exec("sox", [
          "-R", "-D", raw, "-b", "16", "-e", "signed-integer", "-c", "1",
          join(folder, String(rate), id + ".wav"),
          "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse",
          "rate", "-v", String(rate), "gain", "-n", "-3", "pad", "0.02", "0.06",
        ]);
        files++;
      }
    }
    process.stdout.write(`${lang}: ${PROMPT_IDS.length} prompts × ${RATES.length} rates → ${folder}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`gen-sounds: wrote ${files} files\n`);
