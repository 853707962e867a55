/** Everything a flow uses, passed in: host adapters in production, the same adapters over a fake host in specs. */
import { ApiPort, CallPort, Clock, Log, SqlPort } from "../ports";
import { Settings } from "../settings";
import { Voice } from "../voice";

export interface Deps {
  call: CallPort;
  sql: SqlPort;
  /** SQLite (BEGIN IMMEDIATE) or PostgreSQL (BEGIN). */
  sqlite: boolean;
  api: ApiPort;
  clock: Clock;
  log: Log;
  settings: Settings;
  /** The prompts of a language ("en", "es"); unknown languages fall back to English. */
  voiceFor(language: string): Voice;
}
