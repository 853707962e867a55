/**
 * `ccard fs calls`: the live card and retail calls, from the channel variables the IVR sets on
 * the caller's (inbound) leg: ccard_account_id, ccard_card_serial, ccard_destination,
 * ccard_gateway, ccard_max_talk_seconds; the callee's answer time from ccard_answered_epoch (epoch s)
 * when set, else from `uuid_dump`'s Other-Leg-Channel-Answered-Time.
 */
import { EslClient } from "../esl/errors";
import { getChannelVar, listChannels, otherLegAnsweredEpoch } from "./channels";

export interface LiveCall {
  uuid: string;
  /** FreeSWITCH's channel name, e.g. sofia/internal/1000@10.0.0.1. */
  channel: string;
  callerId: string;
  accountId: string;
  /** Absent for retail callers. */
  cardSerial?: string;
  destination?: string;
  gateway?: string;
  maxTalkSeconds?: number;
  /** When the callee answered (epoch seconds); absent while in the IVR or ringing. */
  answeredEpoch?: number;
  /** Seconds since the callee answered (0 before). */
  talkSeconds: number;
  /** Seconds since the caller's channel was created. */
  channelSeconds: number;
}

const VARS = ["ccard_card_serial", "ccard_destination", "ccard_gateway", "ccard_max_talk_seconds", "ccard_answered_epoch"] as const;

function wholeNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * Lists the calls the IVR manages, at `nowEpochSeconds`. Channels that end while being read
 * are left out. Rejects with the client's EslErrors.
 */
export async function listCalls(client: EslClient, nowEpochSeconds: number): Promise<LiveCall[]> {
  const calls: LiveCall[] = [];
  for (const row of await listChannels(client)) {
    if (row.direction === "outbound") continue; // callee legs carry no ccard variables
    const accountId = await getChannelVar(client, row.uuid, "ccard_account_id");
    if (accountId === undefined || accountId === "gone") continue;
    const vars: Record<string, string | undefined> = {};
    let gone = false;
    for (const name of VARS) {
      const value = await getChannelVar(client, row.uuid, name);
      if (value === "gone") gone = true;
      else vars[name] = value;
    }
    if (gone) continue;
    // The IVR cannot see the callee's answer from inside bridge; the switch's dump of the caller's leg can.
    const answeredEpoch = wholeNumber(vars.ccard_answered_epoch) ?? (await otherLegAnsweredEpoch(client, row.uuid));
    const created = wholeNumber(row.created_epoch) ?? nowEpochSeconds;
    calls.push({
      uuid: row.uuid,
      channel: row.name ?? "",
      callerId: row.cid_num ?? "",
      accountId,
      cardSerial: vars.ccard_card_serial,
      destination: vars.ccard_destination,
      gateway: vars.ccard_gateway,
      maxTalkSeconds: wholeNumber(vars.ccard_max_talk_seconds),
      answeredEpoch,
      talkSeconds: answeredEpoch === undefined ? 0 : Math.max(0, nowEpochSeconds - answeredEpoch),
      channelSeconds: Math.max(0, nowEpochSeconds - created),
    });
  }
  return calls;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** The operator's table: one line per call, or a line saying there are none. */
export function formatCalls(calls: LiveCall[]): string {
  if (calls.length === 0) return "no live ccard calls\n";
  const rows = calls.map((c) => [
    c.cardSerial !== undefined ? `card ${c.cardSerial}` : `account ${c.accountId}`,
    c.callerId,
    c.destination ?? "-",
    c.gateway ?? "-",
    c.answeredEpoch === undefined ? `(in IVR ${clock(c.channelSeconds)})` : clock(c.talkSeconds),
    c.maxTalkSeconds === undefined ? "-" : clock(c.maxTalkSeconds),
    c.uuid,
  ]);
  const head = ["CARD/ACCOUNT", "CALLER", "DESTINATION", "GATEWAY", "ELAPSED", "MAX TALK", "UUID"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ") + "\n";
  return line(head) + rows.map(line).join("");
}

/** The calls as `--json` prints them: snake_case names with units, instants (*_at) in epoch seconds. */
export function callsJson(calls: LiveCall[]): Record<string, unknown>[] {
  return calls.map((c) => ({
    uuid: c.uuid, channel: c.channel, caller_id: c.callerId, account_id: c.accountId, card_serial: c.cardSerial ?? null,
    destination: c.destination ?? null, gateway: c.gateway ?? null, max_talk_seconds: c.maxTalkSeconds ?? null,
    answered_at: c.answeredEpoch ?? null, talk_seconds: c.talkSeconds, channel_seconds: c.channelSeconds,
  }));
}
