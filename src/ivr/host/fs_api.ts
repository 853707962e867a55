/** ApiPort over freeswitch.API(): "-ERR …" / "-err" / "-USAGE" replies become refusals. */
import { ApiPort } from "../ports";

function trimEnd(s: string): string {
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c !== 10 && c !== 13 && c !== 32) break;
    end--;
  }
  return s.substring(0, end);
}

export function fsApi(): ApiPort {
  const api = freeswitch.API();
  return {
    execute: (command, args) => {
      const reply = trimEnd(api.executeString(args === "" ? command : command + " " + args));
      if (reply.startsWith("-ERR") || reply.startsWith("-err") || reply.startsWith("-USAGE")) return { ok: false, error: reply };
      return { ok: true, body: reply };
    },
  };
}
