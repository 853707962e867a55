/**
 * For commands: resolve the Event Socket settings from the command's options and environment,
 * connect, run, and always close. EslErrors become CliErrors (exit 1, one line); a malformed
 * --esl/--timeout-ms is a UsageError (exit 2).
 */
import { CliError, UsageError } from "../framework";
import { connectEsl } from "./client";
import { EslClient, EslError, EslSettings } from "./errors";
import { EslSettingsError, resolveEslSettings } from "./settings";

/** Reads --esl, --esl-password, --timeout-ms (see ESL_OPTIONS) with the environment fallbacks. */
export function eslSettingsFor(values: Record<string, unknown>, env: NodeJS.ProcessEnv): EslSettings {
  try {
    return resolveEslSettings(values, env);
  } catch (e) {
    if (e instanceof EslSettingsError) throw e.message.startsWith("--") ? new UsageError(e.message) : new CliError(e.message);
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
    if (e instanceof EslError) throw new CliError(e.message);
    throw e;
  } finally {
    await client?.close();
  }
}
