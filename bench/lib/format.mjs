// Number formatting for the results table.

/** 1234567 → "1,234,567". */
export function int(n) {
  return Math.round(n).toLocaleString("en-US");
}

/** Microseconds with no decimals below 10 ms' worth, e.g. "38 µs". */
export function us(n) {
  return `${int(n)} µs`;
}

/** Milliseconds with two decimals, e.g. "1.87 ms". */
export function ms(n) {
  return `${n.toFixed(2)} ms`;
}

/** A ratio, e.g. "2,345×", "26.6×" or "1.94×" (two decimals below 10, where a 2× target is judged). */
export function times(n) {
  if (n >= 100) return `${int(n)}×`;
  return n >= 10 ? `${n.toFixed(1)}×` : `${n.toFixed(2)}×`;
}

/** A target with whether this run met it, e.g. "≤ 2 ms median: missed". */
export function verdict(target, met) {
  return `${target}: ${met ? "met" : "missed"}`;
}
