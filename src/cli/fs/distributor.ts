/** Pushing gateway changes to mod_distributor (used by `ccard distributor export --reload`). */
import { EslClient, EslError } from "../esl/errors";

/**
 * Runs `reloadxml` then `distributor_ctl reload`: mod_distributor rereads only the XML
 * FreeSWITCH has loaded, so a freshly written distributor.conf.xml needs both. Rejects with
 * EslError COMMAND_FAILED when either is refused (`-ERR …`, or `-error` from
 * mod_distributor, e.g. when the file does not parse), and the client's other EslErrors.
 */
export async function distributorReload(client: EslClient): Promise<void> {
  await client.api("reloadxml");
  const answer = await client.api("distributor_ctl reload");
  if (!answer.toLowerCase().startsWith("+ok")) {
    throw new EslError("COMMAND_FAILED", `'distributor_ctl reload' failed: ${answer.split("\n")[0]} (is distributor.conf.xml valid and mod_distributor loaded?)`);
  }
}
