/** Prompt files and spoken numbers in the caller's language. */
import { MessageId } from "../domain/prompts";

export interface Voice {
  language: string;
  /** The file of one message prompt. */
  file(id: MessageId): string;
  /** Files of message prompts, in order. */
  say(ids: MessageId[]): string[];
  /** Files that speak an amount, e.g. "two dollars and fifty cents". */
  money(micros: number, currency: string): string[];
  /** Files that speak a duration in hours and minutes (rounded down). */
  duration(seconds: number): string[];
}
