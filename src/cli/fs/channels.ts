/**
 * Reading live channels through the Event Socket: `show channels as json` and `uuid_getvar`.
 * FreeSWITCH conventions (`_undef_`, `-ERR No such channel!`, `{"row_count":0}` without rows)
 * are turned into plain values here.
 */
import { EslClient, EslError } from "../esl/errors";

/** One row of `show channels as json` (FreeSWITCH sends every column as a string). */
export interface ChannelRow {
  uuid: string;
  direction: string;
  created_epoch: string;
  name: string;
  cid_num: string;
  dest: string;
  [column: string]: string;
}

/**
 * The live channels. Throws EslError PROTOCOL when the answer is not FreeSWITCH's JSON
 * (`{"row_count":N,"rows":[…]}`; zero channels come without `rows`).
 */
export async function listChannels(client: EslClient): Promise<ChannelRow[]> {
  const text = await client.api("show channels as json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EslError("PROTOCOL", `'show channels as json' did not answer JSON: ${text.slice(0, 80)}`);
  }
  const doc = parsed as { row_count?: unknown; rows?: unknown };
  if (typeof doc !== "object" || doc === null || typeof doc.row_count !== "number") {
    throw new EslError("PROTOCOL", `'show channels as json' answered without row_count: ${text.slice(0, 80)}`);
  }
  if (doc.rows === undefined) return [];
  if (!Array.isArray(doc.rows)) throw new EslError("PROTOCOL", "'show channels as json' answered rows that are not a list");
  return (doc.rows as ChannelRow[]).filter((r) => typeof r === "object" && r !== null && typeof r.uuid === "string" && r.uuid !== "");
}

/** True for FreeSWITCH's answer to a command whose output was empty (ESL sends `-ERR no reply`). */
export function isNoReply(e: unknown): boolean {
  return e instanceof EslError && e.code === "COMMAND_FAILED" && e.message.endsWith("-ERR no reply");
}

/** A global variable (`global_getvar NAME`); undefined when unset or empty. */
export async function getGlobalVar(client: EslClient, name: string): Promise<string | undefined> {
  try {
    const value = await client.api(`global_getvar ${name}`);
    return value === "" ? undefined : value;
  } catch (e) {
    if (isNoReply(e)) return undefined;
    throw e;
  }
}

/** A channel variable: "gone" when the channel has ended, undefined when unset (`_undef_`). */
export async function getChannelVar(client: EslClient, uuid: string, name: string): Promise<string | undefined | "gone"> {
  try {
    const value = await client.api(`uuid_getvar ${uuid} ${name}`);
    return value === "_undef_" || value === "" ? undefined : value;
  } catch (e) {
    if (e instanceof EslError && e.code === "COMMAND_FAILED" && /No such channel/i.test(e.message)) return "gone";
    if (isNoReply(e)) return undefined;
    throw e;
  }
}

/**
 * When the other leg (the callee) answered, from `uuid_dump UUID`: its
 * `Other-Leg-Channel-Answered-Time` header, in µs since the epoch ("0" until it answers).
 * Epoch seconds, or undefined when not answered, unknown or the channel is gone.
 */
export async function otherLegAnsweredEpoch(client: EslClient, uuid: string): Promise<number | undefined> {
  let dump: string;
  try {
    dump = await client.api(`uuid_dump ${uuid}`);
  } catch (e) {
    if (e instanceof EslError && (e.code === "COMMAND_FAILED" || isNoReply(e))) return undefined;
    throw e;
  }
  const m = /^Other-Leg-Channel-Answered-Time: ([0-9]{1,20})\s*$/m.exec(dump);
  if (m === null) return undefined;
  const us = Number(m[1]);
  return us > 0 ? Math.floor(us / 1e6) : undefined;
}
