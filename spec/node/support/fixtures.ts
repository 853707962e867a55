import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The repository root: the nearest folder above this file holding package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("package.json not found above " + __dirname);
    dir = up;
  }
  return dir;
}

/** Loads spec/fixtures/NAME.json: the same vectors busted reads. */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(repoRoot(), "spec", "fixtures", name + ".json"), "utf8")) as T;
}

/** A small seeded PRNG (mulberry32), so property runs are reproducible. */
export function seededRandom(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
}
