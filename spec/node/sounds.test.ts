import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { LANGS, PROMPT_IDS } from "../../src/domain/prompts";
import { PROMPT_FOLDER, PROMPT_RATES, VOICE_DIRS } from "../../src/domain/prompt_paths";
import { repoRoot } from "./support/fixtures";

const soundsDir = join(repoRoot(), "sounds");

/** Every file below dir, as paths relative to sounds/ with "/" separators. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(relative(soundsDir, path).split("\\").join("/"));
  }
  return out;
}

function expectedFiles(): string[] {
  const out: string[] = [];
  for (const lang of LANGS) {
    for (const rate of PROMPT_RATES) {
      for (const id of PROMPT_IDS) out.push([VOICE_DIRS[lang], PROMPT_FOLDER, String(rate), id + ".wav"].join("/"));
    }
  }
  return out;
}

interface WavInfo { format: number; channels: number; rate: number; bits: number; dataBytes: number }

/** Parses a RIFF/WAVE file's chunks; throws with the reason when it is not one. */
function readWav(bytes: Buffer): WavInfo {
  if (bytes.length < 12 || bytes.toString("ascii", 0, 4) !== "RIFF" || bytes.toString("ascii", 8, 12) !== "WAVE") {
    throw new Error("not a RIFF/WAVE file");
  }
  if (bytes.readUInt32LE(4) !== bytes.length - 8) throw new Error("RIFF size does not match the file size");
  let fmt: Omit<WavInfo, "dataBytes"> | undefined;
  let dataBytes: number | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = bytes.toString("ascii", at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (at + 8 + size > bytes.length) throw new Error("chunk " + id + " runs past the end of the file");
    if (id === "fmt ") {
      fmt = {
        format: bytes.readUInt16LE(at + 8),
        channels: bytes.readUInt16LE(at + 10),
        rate: bytes.readUInt32LE(at + 12),
        bits: bytes.readUInt16LE(at + 22),
      };
      if (bytes.readUInt32LE(at + 16) !== fmt.rate * fmt.channels * (fmt.bits / 8)) throw new Error("inconsistent byte rate");
    } else if (id === "data") {
      dataBytes = size;
    }
    at += 8 + size + (size % 2);
  }
  if (fmt === undefined || dataBytes === undefined) throw new Error("missing fmt or data chunk");
  return { ...fmt, dataBytes };
}

test("every prompt exists in every language at every rate, and nothing else is under sounds/", () => {
  const expected = expectedFiles().sort();
  const actual = listFiles(soundsDir).sort();
  const have = new Set(actual);
  const want = new Set(expected);
  assert.deepEqual(expected.filter((f) => !have.has(f)), [], "missing prompt files");
  assert.deepEqual(actual.filter((f) => !want.has(f)), [], "files outside the catalogue");
});

test("every prompt file is a mono 16-bit PCM WAV at its folder's rate, with sound in it", () => {
  for (const file of expectedFiles()) {
    const rate = Number(file.split("/").slice(-2)[0]);
    const info = readWav(readFileSync(join(soundsDir, file)));
    assert.deepEqual(
      { format: info.format, channels: info.channels, rate: info.rate, bits: info.bits },
      { format: 1, channels: 1, rate, bits: 16 },
      file,
    );
    // At least 0.1 s of audio, and under 10 s (a runaway render or a wrong file).
    assert.ok(info.dataBytes >= rate * 2 * 0.1 && info.dataBytes <= rate * 2 * 10, file + ": " + info.dataBytes + " bytes");
  }
});

// 12.5 MB with the caller features' prompts (vouchers, caps, the language menu …): the bound
// leaves room for a few more prompts, not for another language at two rates (that is a
// decision to take knowingly: compress, or keep the sounds out of git).
test("the sound set stays small enough to keep in git (under 16 MB)", () => {
  let total = 0;
  for (const file of listFiles(soundsDir)) total += statSync(join(soundsDir, file)).size;
  assert.ok(total < 16 * 1024 * 1024, "sounds/ holds " + total + " bytes");
});
