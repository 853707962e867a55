/** Prompt files, and spoken numbers, in the caller's language. */
import { MessageId } from "../domain/prompts";

/** The message prompts of one language: all the retail flow needs. */
export interface Prompts {
  language: string;
  /** The file of one message prompt. */
  file(id: MessageId): string;
  /** Files of message prompts, in order. */
  say(ids: MessageId[]): string[];
}

/** Prompts plus spoken values, for the calling-card flow. */
export interface Voice extends Prompts {
  /** Files that speak an amount, e.g. "two dollars and fifty cents" (truncated toward zero). */
  money(micros: number, currency: string): string[];
  /** Files that speak a price a minute, "five cents per minute" (rounded up). */
  ratePerMinute(micros: number, currency: string): string[];
  /** Files that speak a count of days, "three days". */
  days(n: number): string[];
  /** Files that speak a whole number, "two". */
  number(n: number): string[];
  /** Files that speak a duration in hours and minutes (rounded down). */
  duration(seconds: number): string[];
}
