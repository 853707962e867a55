/**
 * For commands: the Event Socket settings from the command's options and the environment,
 * then connect, run, and always close. EslErrors become Failures ESL_<code> (exit 1).
 */
import { Failure } from "../exit";
import { connectEsl } from "./client";
import { EslClient, EslError, EslSettings } from "./errors";
import type { EslOptionValues } from "./options";
import { EslSettingsError, resolveEslSettings } from "./settings";

/**
 * Resolves --esl, --esl-password and --timeout-ms (already checked by their declarations) with
 * the environment fallbacks; Failure BAD_SETTING for a malformed CCARD_ESL or CCARD_ESL_TIMEOUT_MS.
 */
export function eslSettingsFor(o: EslOptionValues, env: NodeJS.ProcessEnv): EslSettings {
  try {
    return resolveEslSettings({ esl: o.esl, "esl-password": o.eslPassword, "timeout-ms": o.timeoutMs === undefined ? undefined : String(o.timeoutMs) }, env);
  } catch (e) {
    if (e instanceof EslSettingsError) throw new Failure("BAD_SETTING", e.message);
    throw e;
  }
}

/** Connects with `settings`, runs `body`, closes the connection whatever happens. */
export async function withEsl<T>(settings: EslSettings, body: (client: EslClient) => Promise<T>): Promise<T> {
  let client: EslClient | undefined;
  try {
    client = await connectEsl(settings);
    return await body(client);
  } catch (e) {
    if (e instanceof EslError) throw new Failure(`ESL_${e.code}`, e.message);
    throw e;
  } finally {
    await client?.close();
  }
}
