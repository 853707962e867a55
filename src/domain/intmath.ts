/**
 * Exact integer helpers that behave the same in Node (IEEE doubles) and in Lua 5.2/5.3
 * (doubles, or 5.3 integers). Every argument and intermediate must stay below 2^53.
 */
import { bug } from "./bug";

/** 2^53 - 1: the largest integer a double holds exactly. */
export const MAX_EXACT_INT = 9007199254740991;

/** True when n is a whole number within ±(2^53 - 1). */
export function isExactInt(n: number): boolean {
  return n === Math.floor(n) && n <= MAX_EXACT_INT && n >= -MAX_EXACT_INT;
}

/**
 * floor(a / b) for integers, b > 0. The float quotient can be one off near 2^53,
 * so the result is corrected with exact multiplications.
 */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b > a) q -= 1;
  while ((q + 1) * b <= a) q += 1;
  return q;
}

/** ceil(a / b) for integers, b > 0. */
export function ceilDiv(a: number, b: number): number {
  return -floorDiv(-a, b);
}

/**
 * Decimal text of an integer, without exponent or ".0" on any runtime (Lua 5.2 prints
 * 1e14 as "1e+14" and Lua 5.3 prints 5.0 as "5.0"). Every integer that becomes text goes
 * through here. toFixed(0) is exact below 2^53 in JavaScript and is string.format("%.0f")
 * in Lua; zero is spelled out because C prints -0 as "-0".
 */
export function intStr(n: number): string {
  if (!isExactInt(n)) {
    bug(`intStr: not an exact integer`);
  }
  if (n === 0) return "0";
  return n.toFixed(0);
}

/** Left-pads the decimal text of a non-negative integer with zeros to width. */
export function zeroPad(n: number, width: number): string {
  let s = intStr(n);
  while (s.length < width) s = "0" + s;
  return s;
}

/** True when every character of s is an ASCII digit (and s is not empty). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The integer value of an all-digit string (caller checks isDigits and length ≤ 15). */
export function digitsValue(s: string): number {
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    v = v * 10 + (s.charCodeAt(i) - 48);
  }
  return v;
}
