/**
 * The gateways ccard dials and the folder its hooks spool to, as the switch has them: every
 * enabled ccard gateway must be a sofia gateway of the same name (ccard dials
 * sofia/gateway/NAME/…; `sofia status gateway NAME` answers "Invalid Gateway!" for one the switch
 * does not know), and settle.lua's spool folder must exist.
 */
import { existsSync } from "node:fs";
import type { Sql } from "../store/store";
import { EslClient } from "../esl/errors";
import { getGlobalVar } from "./channels";
import { CheckItem } from "./checklist";
import { DEFAULT_SPOOL_DIR } from "../store/spool_dir";

/** The value of a `sofia status gateway NAME` line ("Status  \tUP"), or undefined. */
function field(status: string, label: string): string | undefined {
  const line = status.split("\n").find((l) => l.startsWith(label));
  return line === undefined ? undefined : line.slice(label.length).trim();
}

export async function checkGateways(client: EslClient, db: Sql): Promise<CheckItem[]> {
  const gateways = await db.all<{ name: string }>("SELECT name FROM gateways WHERE enabled = 1 ORDER BY name");
  const items: CheckItem[] = [];
  for (const { name } of gateways) {
    const status = await client.api(`sofia status gateway ${name}`);
    if (status.includes("Invalid Gateway!")) {
      items.push({
        status: "fail", title: `ccard gateway ${name} is not a sofia gateway: calls routed to it cannot be placed`,
        fix: `declare <gateway name="${name}"> in sip_profiles/external/ (dialplan/sip_profiles/external/ccard_carrier.xml is a sample), then 'sofia profile external rescan'`,
      });
      continue;
    }
    const up = field(status, "Status");
    items.push(up !== undefined && up.startsWith("DOWN")
      ? { status: "note", title: `sofia gateway ${name} is down (its OPTIONS pings fail): calls to it fail over at once`, fix: "check the carrier's address and reachability" }
      : { status: "ok", title: `sofia gateway ${name} is there${up === undefined ? "" : ` (${up})`}` });
  }
  return items;
}

export async function checkSpoolDir(client: EslClient): Promise<CheckItem> {
  const dir = (await getGlobalVar(client, "ccard_spool_dir")) ?? DEFAULT_SPOOL_DIR;
  if (existsSync(dir)) return { status: "ok", title: `settle.lua's spool folder ${dir} exists` };
  return {
    status: "fail", title: `settle.lua's spool folder ${dir} does not exist: a call its hook cannot settle would be logged, not kept`,
    fix: `create it, owned by FreeSWITCH's user (install -d -o USER -m 750 ${dir}), or set ccard_spool_dir in vars.xml`,
  };
}
