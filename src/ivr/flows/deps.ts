/** Everything a flow uses, passed in: host adapters in production, the same adapters over a fake host in specs. */
import { ApiPort, CallPort, Clock, Log, SpoolPort, SqlPort } from "../ports";
import { Settings } from "../settings";
import { Prompts, Voice } from "../voice";

/** V: what voiceFor gives — message prompts only (retail), or a full Voice (calling card). */
export interface Deps<V extends Prompts = Prompts> {
  call: CallPort;
  sql: SqlPort;
  /** Evidence of calls whose hook could not settle them. */
  spool: SpoolPort;
  api: ApiPort;
  clock: Clock;
  log: Log;
  settings: Settings;
  /** The prompts of a language ("en", "es"); unknown languages fall back to English. */
  voiceFor(language: string): V;
}

/** The calling-card flow speaks money and durations. */
export type CardDeps = Deps<Voice>;
