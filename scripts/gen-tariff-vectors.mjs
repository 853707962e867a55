// Writes spec/fixtures/tariff_vectors.json from an independent reference: BigInt arithmetic
// straight from the written rules, and maxTalkSeconds by scanning every second. It shares no
// code with src/domain/tariff.ts, so the vectors check the engine rather than restate it.
// Run: node scripts/gen-tariff-vectors.mjs
import { writeFileSync } from "node:fs";

const ceil = (a, b) => (a + b - 1n) / b; // a ≥ 0, b > 0

function refCost(r, ms) {
  const seconds = ceil(BigInt(ms), 1000n);
  if (seconds === 0n || seconds <= BigInt(r.graceSeconds)) return 0n;
  const init = BigInt(r.initialSeconds);
  const inc = BigInt(r.incrementSeconds);
  const billed = seconds <= init ? init : init + ceil(seconds - init, inc) * inc;
  const total = BigInt(r.connectFeeMicros) + ceil(BigInt(r.ratePerMinuteMicros) * billed, 60n) + BigInt(r.disconnectFeeMicros);
  return total > BigInt(r.minimumCostMicros) ? total : BigInt(r.minimumCostMicros);
}

function refMaxTalk(r, avail, cap) {
  if (avail < 0 || cap <= 0) return 0;
  let best = 0;
  for (let s = 0; s <= cap; s++) if (refCost(r, s * 1000) <= BigInt(avail)) best = s;
  return best;
}

let seed = 20261126;
function rnd(n) {
  // xorshift32, reproducible
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed % n;
}
const pick = (xs) => xs[rnd(xs.length)];

const rate = (o) => ({
  ratePerMinuteMicros: 100000, connectFeeMicros: 0, disconnectFeeMicros: 0,
  initialSeconds: 60, incrementSeconds: 60, graceSeconds: 0, minimumCostMicros: 0, ...o,
});

// Named rates, each exercising one rule or edge.
const named = {
  per_minute_60_60: rate({}),
  per_second_1_1: rate({ initialSeconds: 1, incrementSeconds: 1 }),
  initial_30_then_6: rate({ initialSeconds: 30, incrementSeconds: 6 }),
  initial_0_increment_1: rate({ initialSeconds: 0, incrementSeconds: 1 }),
  initial_0_increment_60: rate({ initialSeconds: 0, incrementSeconds: 60 }),
  zero_rate_with_fees: rate({ ratePerMinuteMicros: 0, connectFeeMicros: 250000, disconnectFeeMicros: 50000 }),
  zero_everything: rate({ ratePerMinuteMicros: 0 }),
  connect_fee: rate({ connectFeeMicros: 150000, initialSeconds: 30, incrementSeconds: 30 }),
  disconnect_fee: rate({ disconnectFeeMicros: 70000 }),
  grace_5: rate({ graceSeconds: 5, initialSeconds: 60, incrementSeconds: 6 }),
  grace_ge_initial: rate({ graceSeconds: 90, initialSeconds: 60, incrementSeconds: 30 }),
  grace_equals_initial: rate({ graceSeconds: 60, initialSeconds: 60, incrementSeconds: 60 }),
  minimum_above_usage: rate({ ratePerMinuteMicros: 10000, minimumCostMicros: 500000, initialSeconds: 1, incrementSeconds: 1 }),
  minimum_below_usage: rate({ minimumCostMicros: 1000 }),
  fees_above_balance: rate({ connectFeeMicros: 5000000, ratePerMinuteMicros: 1000 }),
  odd_rate_rounding: rate({ ratePerMinuteMicros: 7, initialSeconds: 1, incrementSeconds: 1 }),
  rate_not_divisible: rate({ ratePerMinuteMicros: 123457, initialSeconds: 20, incrementSeconds: 7 }),
  expensive: rate({ ratePerMinuteMicros: 9999999999, initialSeconds: 1, incrementSeconds: 1 }),
  huge_increment: rate({ initialSeconds: 0, incrementSeconds: 86400 }),
  big_initial: rate({ initialSeconds: 3600, incrementSeconds: 60 }),
  everything: rate({ ratePerMinuteMicros: 180000, connectFeeMicros: 20000, disconnectFeeMicros: 10000, initialSeconds: 30, incrementSeconds: 6, graceSeconds: 3, minimumCostMicros: 40000 }),
};

const costCases = [];
const msPoints = [0, 1, 999, 1000, 1001, 2000, 2999, 3000, 3001, 4999, 5000, 5001, 6000, 29000, 29999, 30000, 30001, 36000, 36001,
  59000, 59999, 60000, 60001, 61000, 89999, 90000, 90001, 119999, 120000, 120001, 3599999, 3600000, 3600001, 86399999, 86400000];
for (const [name, r] of Object.entries(named)) {
  for (const ms of msPoints) costCases.push({ name, rate: r, answeredMs: ms, cost: Number(refCost(r, ms)) });
}

const talkCases = [];
const balances = [-1, 0, 1, 999, 1000, 1666, 1667, 99999, 100000, 100001, 150000, 200000, 250000, 300000, 499999, 500000, 1000000, 5000000, 10000000];
const caps = [0, 1, 59, 60, 61, 600, 3600, 7200];
for (const [name, r] of Object.entries(named)) {
  for (const b of balances) {
    const cap = pick(caps);
    talkCases.push({ name, rate: r, availableMicros: b, capSeconds: cap, maxTalkSeconds: refMaxTalk(r, b, cap) });
  }
  talkCases.push({ name, rate: r, availableMicros: 1000000, capSeconds: 7200, maxTalkSeconds: refMaxTalk(r, 1000000, 7200) });
}
// Huge balances: the cap is reached (checked against the reference at the cap itself).
for (const [name, r] of Object.entries(named)) {
  const cap = 86400;
  const b = 1000000000000;
  const fits = refCost(r, cap * 1000) <= BigInt(b);
  if (fits) talkCases.push({ name: name + "_huge_balance", rate: r, availableMicros: b, capSeconds: cap, maxTalkSeconds: cap });
}

writeFileSync(new URL("../spec/fixtures/tariff_vectors.json", import.meta.url),
  JSON.stringify({ generatedBy: "scripts/gen-tariff-vectors.mjs", callCost: costCases, maxTalkSeconds: talkCases }, null, 1) + "\n");
console.log(`callCost ${costCases.length} vectors, maxTalkSeconds ${talkCases.length} vectors`);
