// Writes spec/fixtures/band_vectors.json from an independent reference of banded pricing
// (docs/tariff-bands.md). It shares no code with src/domain/bands.ts, src/domain/tariff.ts or
// src/cli/zones.ts: the local weekday and time of every block start come from Intl directly,
// the band from checking each rule there, the cost from BigInt sums block by block, maxTalk from
// a second-by-second scan, worstOverDelay from a second-by-second window; the zone's offsets
// (which the engine is given instead of Intl) from Intl's longOffset names, sampled hourly and
// bisected. Run: node scripts/gen-band-vectors.mjs
import { writeFileSync } from "node:fs";

let seed = 20260329;
function rnd(n) {
  // xorshift32, reproducible
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed % n;
}
const pick = (xs) => xs[rnd(xs.length)];
const between = (lo, hi) => lo + rnd(hi - lo + 1);

// ---- the zone, straight from Intl ----
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const clockFormats = new Map();
const offsetFormats = new Map();
const localCache = new Map();

/** { weekday 0 = Monday, minute of the local day } at epoch second t. */
function localClock(zone, t) {
  const key = zone + "@" + t;
  let v = localCache.get(key);
  if (v) return v;
  let f = clockFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    clockFormats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t * 1000)).map((p) => [p.type, p.value]));
  v = { weekday: WEEKDAYS.indexOf(parts.weekday), minute: Number(parts.hour) * 60 + Number(parts.minute) };
  if (v.weekday < 0) throw new Error("weekday " + parts.weekday);
  if (localCache.size > 2000000) localCache.clear();
  localCache.set(key, v);
  return v;
}

/** The UTC offset at t in seconds, read from Intl's "GMT+05:45" form. */
function refOffsetAt(zone, t) {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    offsetFormats.set(zone, f);
  }
  const name = f.formatToParts(new Date(t * 1000)).find((p) => p.type === "timeZoneName").value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(name);
  if (!m) throw new Error("offset name " + name);
  if (!m[1]) return 0;
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? -s : s;
}

/** [{from, offset}] over [from, to]: the offset at from, then each change to the second. */
function refOffsets(zone, from, to) {
  const out = [[from, refOffsetAt(zone, from)]];
  for (let t = from; t < to;) {
    const next = Math.min(t + 3600, to);
    const cur = out[out.length - 1][1];
    if (refOffsetAt(zone, next) === cur) { t = next; continue; }
    let lo = t, hi = next;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (refOffsetAt(zone, mid) === cur) lo = mid; else hi = mid;
    }
    out.push([hi, refOffsetAt(zone, hi)]);
    t = hi;
  }
  return out;
}

// ---- plans ----
const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const hhmm = (m) => String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");
function daysText(days) {
  const items = [];
  for (let d = 0; d < 7; d++) {
    if (!days.includes(d)) continue;
    let e = d;
    while (e + 1 < 7 && days.includes(e + 1)) e++;
    items.push(e === d ? DAY_NAMES[d] : DAY_NAMES[d] + "-" + DAY_NAMES[e]);
    d = e;
  }
  return items.join(",");
}
function rulesText(rules) {
  let out = "";
  rules.forEach((r, i) => {
    const one = daysText(r.days) + "/" + hhmm(r.from) + "-" + hhmm(r.to);
    if (i > 0 && rules[i - 1].band === r.band) out += "+" + one;
    else out += (i > 0 ? ";" : "") + r.band + "=" + one;
  });
  return out;
}
const clash = (a, b) => a.from < b.to && b.from < a.to && a.days.some((d) => b.days.includes(d));

function randomMinute() {
  return pick([
    () => between(0, 1439),
    () => between(0, 23) * 60,
    () => between(0, 47) * 30,
    () => between(60, 240), // around the night's DST changes
  ])();
}
function randomRule(band) {
  const days = pick([
    () => [0, 1, 2, 3, 4], () => [5, 6], () => [0, 1, 2, 3, 4, 5, 6], () => [between(0, 6)],
    () => [...new Set([between(0, 6), between(0, 6), between(0, 6)])].sort(),
  ])();
  let from = randomMinute(), to = randomMinute();
  if (from > to) [from, to] = [to, from];
  if (from === to) to = Math.min(1440, from + pick([1, 30, 60, 600]));
  if (from === to) from -= 1;
  if (rnd(6) === 0) to = 1440;
  return { band, days, from, to };
}
function randomPlan() {
  const names = ["peak", "offpeak", "night", "weekend", "evening", "b2", "x_1"].sort(() => rnd(3) - 1);
  const rules = [];
  const bands = names.slice(0, between(1, 4));
  for (const band of bands) {
    const want = between(1, 3);
    for (let k = 0, tries = 0; k < want && tries < 30; tries++) {
      const r = randomRule(band);
      if (rules.some((o) => clash(o, r))) continue;
      rules.push(r);
      k++;
    }
  }
  return { rules: rules.filter((r) => rules.indexOf(r) >= 0), bands };
}
const fixedPlans = [
  [{ band: "peak", days: [0, 1, 2, 3, 4], from: 480, to: 1200 }, { band: "peak", days: [5], from: 540, to: 780 },
    { band: "weekend", days: [5, 6], from: 0, to: 480 }],
  [{ band: "night", days: [0, 1, 2, 3, 4, 5, 6], from: 0, to: 180 }, { band: "night", days: [0, 1, 2, 3, 4, 5, 6], from: 120 + 60, to: 210 }],
  [{ band: "dst", days: [6], from: 120, to: 180 }, { band: "late", days: [6], from: 60, to: 120 }],
];

// ---- the reference tariff ----
const ceil = (a, b) => (a + b - 1n) / b;
/** Blocks of a call of `seconds` answered seconds: [start, length] pairs. */
function blocks(r, seconds) {
  if (seconds === 0 || seconds <= r.graceSeconds) return [];
  const out = [];
  if (r.initialSeconds > 0) out.push([0, r.initialSeconds]);
  for (let s = r.initialSeconds; s < seconds; s += r.incrementSeconds) out.push([s, r.incrementSeconds]);
  return out;
}
function costFromBlocks(r, sum) {
  const total = BigInt(r.connectFeeMicros) + ceil(sum, 60n) + BigInt(r.disconnectFeeMicros);
  return total > BigInt(r.minimumCostMicros) ? total : BigInt(r.minimumCostMicros);
}

function makeCase(zone, rules, prices, rate, start) {
  const priced = (band) => (band !== "" && prices[band] !== undefined ? band : "");
  const bandAt = (t) => {
    const c = localClock(zone, t);
    const rule = rules.find((x) => x.days.includes(c.weekday) && x.from <= c.minute && c.minute < x.to);
    return rule ? rule.band : "";
  };
  const rateOf = (band) => (band === "" ? rate.ratePerMinuteMicros : prices[band]);
  const pricedAt = (t) => priced(bandAt(t));

  // The first band change after start (by minutes, then to the second), to end calls near it.
  const edges = [];
  const b0 = bandAt(start);
  for (let x = 60; x <= 6 * 3600 && edges.length < 1; x += 60) {
    if (bandAt(start + x) !== b0) {
      let e = x - 60;
      while (bandAt(start + e) === b0) e++;
      edges.push(e);
    }
  }
  const msList = new Set([0, 1000, between(1, 200000), between(1, 3600000), between(1, 10800000)]);
  for (const e of edges) for (const d of [-1001, -1, 0, 1, 1000, 60000]) if (e * 1000 + d >= 0) msList.add(e * 1000 + d);
  const costs = [];
  for (const ms of [...msList].sort((a, b) => a - b)) {
    const bl = blocks(rate, Math.ceil(ms / 1000));
    let sum = 0n;
    const used = new Map();
    for (const [s, len] of bl) {
      const band = pricedAt(start + s);
      sum += BigInt(rateOf(band)) * BigInt(len);
      used.set(band, (used.get(band) ?? 0) + len);
    }
    const cost = bl.length === 0 ? 0n : costFromBlocks(rate, sum);
    costs.push([ms, Number(cost), [...used].map(([b, s]) => b + ":" + s).join(",")]);
  }

  const talks = [];
  for (let k = 0; k < 3; k++) {
    const cap = pick([0, 60, 600, 3600, 3600, 7200]);
    const delay = pick([0, 0, 1, 30, 60, 300]);
    const avail = pick([-1, 0, between(0, 100000), between(0, 2000000), between(0, 20000000)]);
    talks.push([avail, cap, delay, refMaxTalk(rate, avail, cap, delay, (x) => rateOf(pricedAt(start + x)))]);
  }
  return { costs, talks };
}

/** Second-by-second scan; block o is priced at the largest rate in [o, o + delay]. */
function refMaxTalk(rate, avail, cap, delay, rateAtOffset) {
  if (avail < 0 || cap <= 0) return 0;
  const perSecond = [];
  for (let x = 0; x <= cap + delay; x++) perSecond.push(rateAtOffset(x));
  const worst = (o) => Math.max(...perSecond.slice(o, o + delay + 1));
  let best = 0, sum = 0n, next = 0; // next: start of the next block not yet summed
  const initialDone = { v: false };
  for (let s = 1; s <= cap; s++) {
    if (s <= rate.graceSeconds) { best = s; continue; }
    if (!initialDone.v) {
      initialDone.v = true;
      if (rate.initialSeconds > 0) sum += BigInt(worst(0)) * BigInt(rate.initialSeconds);
      next = rate.initialSeconds;
    }
    while (next < s) { sum += BigInt(worst(next)) * BigInt(rate.incrementSeconds); next += rate.incrementSeconds; }
    if (costFromBlocks(rate, sum) <= BigInt(avail)) best = s; else break;
  }
  return best;
}

// ---- worstOverDelay, second by second ----
function refWorst(timeline, delay) {
  const last = timeline[timeline.length - 1][0];
  const at = (x) => timeline.filter((s) => s[0] <= x).pop();
  const out = [];
  for (let o = 0; o <= last + 1; o++) {
    let best = at(o);
    for (let x = o + 1; x <= o + delay; x++) { const s = at(x); if (s[1] > best[1]) best = s; }
    const prev = out[out.length - 1];
    if (!prev || prev[1] !== best[1] || prev[2] !== best[2]) out.push([o, best[1], best[2]]);
  }
  return out;
}

// ---- the vectors ----
const rate = (o) => ({
  ratePerMinuteMicros: 100000, connectFeeMicros: 0, disconnectFeeMicros: 0,
  initialSeconds: 60, incrementSeconds: 60, graceSeconds: 0, minimumCostMicros: 0, ...o,
});
const structures = [
  rate({}), rate({ initialSeconds: 1, incrementSeconds: 1 }), rate({ initialSeconds: 30, incrementSeconds: 6 }),
  rate({ initialSeconds: 0, incrementSeconds: 60 }), rate({ initialSeconds: 0, incrementSeconds: 1 }),
  rate({ initialSeconds: 60, incrementSeconds: 600 }), rate({ graceSeconds: 5, initialSeconds: 60, incrementSeconds: 6 }),
  rate({ connectFeeMicros: 150000, disconnectFeeMicros: 20000, initialSeconds: 30, incrementSeconds: 30 }),
  rate({ minimumCostMicros: 500000, initialSeconds: 1, incrementSeconds: 1 }),
  rate({ connectFeeMicros: 20000, disconnectFeeMicros: 10000, initialSeconds: 30, incrementSeconds: 6, graceSeconds: 3, minimumCostMicros: 40000 }),
  rate({ initialSeconds: 900, incrementSeconds: 300 }),
];
const zones = ["Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"];
const Y2025 = 1735689600;
const Y2028 = 1830297600;
const transitions = Object.fromEntries(zones.map((z) => [z, refOffsets(z, Y2025, Y2028).slice(1).map((e) => e[0])]));

function startNearRuleEdge(zone, rules) {
  const r = pick(rules);
  const edge = pick([r.from, r.to]);
  const dayStart = Y2025 + between(0, 3 * 365) * 86400;
  const guess = dayStart + edge * 60;
  return guess - refOffsetAt(zone, guess) + between(-900, 120);
}

const cases = [];
for (let n = 0; n < 240; n++) {
  const zone = zones[n % zones.length];
  const plan = n % 16 < 3 ? { rules: fixedPlans[n % 16], bands: [...new Set(fixedPlans[n % 16].map((r) => r.band))] } : randomPlan();
  const prices = {};
  for (const b of plan.bands) if (rnd(4) !== 0) prices[b] = pick([0, between(0, 1000), between(0, 500000), between(0, 10000000), 10000000000]);
  const base = pick([0, 100000, between(0, 500000), between(0, 10000000)]);
  const r = { ...pick(structures), ratePerMinuteMicros: base };
  const tr = transitions[zone];
  const how = n % 3;
  const start = how === 0 && tr.length > 0 ? pick(tr) + between(-7200, 900)
    : how === 1 ? startNearRuleEdge(zone, plan.rules) : between(Y2025, Y2028);
  const offsetsFrom = start - 86400;
  const offsetsTo = start + 2 * 86400;
  const offsets = refOffsets(zone, offsetsFrom, offsetsTo).map(([f, o]) => f + ":" + o).join(",");
  const { costs, talks } = makeCase(zone, plan.rules, prices, r, start);
  cases.push({
    zone, rules: rulesText(plan.rules), prices: Object.entries(prices).map(([b, p]) => b + "=" + p).join(","),
    rate: r, start, offsetsFrom, offsetsTo, offsets, costs, talks,
  });
}

const worst = [];
for (let n = 0; n < 80; n++) {
  const tl = [[0, pick([0, 100, 500, 1000]), pick(["", "peak"])]];
  for (let k = between(0, 5); k > 0; k--) {
    tl.push([tl[tl.length - 1][0] + pick([1, 2, between(1, 60), between(1, 900)]), pick([0, 100, 500, 1000, between(0, 2000)]), pick(["", "peak", "night", "weekend"])]);
  }
  const delay = pick([0, 1, between(0, 30), between(0, 400), 600]);
  worst.push({ timeline: tl, delay, worst: refWorst(tl, delay) });
}

writeFileSync(new URL("../spec/fixtures/band_vectors.json", import.meta.url),
  JSON.stringify({ generatedBy: "scripts/gen-band-vectors.mjs", cases, worstOverDelay: worst }) + "\n");
const nc = cases.reduce((a, c) => a + c.costs.length, 0);
const nt = cases.reduce((a, c) => a + c.talks.length, 0);
console.log(`${cases.length} plans: callCost ${nc} vectors, maxTalkSeconds ${nt}; worstOverDelay ${worst.length}`);
