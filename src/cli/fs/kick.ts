/** Hanging up the live calls of a card or account (used by `ccard cards block SERIAL --kick`). */
import { EslClient, EslError } from "../esl/errors";
import { listCalls } from "./calls";

export type KickTarget = { cardSerial: string } | { accountId: number | string };

/**
 * Runs `uuid_kill UUID MANAGER_REQUEST` on every live call of the card (ccard_card_serial) or
 * account (ccard_account_id) and resolves with the UUIDs hung up. Calls that end on their own
 * meanwhile are not counted. The callee leg goes down with the bridge, and settlement runs as
 * for any other hangup. Rejects with the client's EslErrors.
 */
export async function hangupCallsOf(client: EslClient, target: KickTarget, nowEpochSeconds = Math.floor(Date.now() / 1000)): Promise<string[]> {
  const calls = await listCalls(client, nowEpochSeconds);
  const mine = calls.filter((c) => ("cardSerial" in target ? c.cardSerial === target.cardSerial : c.accountId === String(target.accountId)));
  const killed: string[] = [];
  for (const call of mine) {
    try {
      await client.api(`uuid_kill ${call.uuid} MANAGER_REQUEST`);
      killed.push(call.uuid);
    } catch (e) {
      if (!(e instanceof EslError && e.code === "COMMAND_FAILED" && /No such channel/i.test(e.message))) throw e;
    }
  }
  return killed;
}
