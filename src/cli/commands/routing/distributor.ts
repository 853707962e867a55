/** `ccard distributor export [--out FILE [--reload]]`: routes → distributor.conf.xml. */
import { Failure, UsageError } from "../../exit";
import { flag, option } from "../../options/declare";
import { text } from "../../options/values";
import { command, Group } from "../../framework/command";
import { DistributorList, distributorXml } from "../../distributor_xml";
import { sinkFor, writeAll } from "../../files";
import { ESL_OPTIONS } from "../../esl/options";
import { eslSettingsFor, withEsl } from "../../esl/with_esl";
import { distributorReload } from "../../fs/distributor";
import type { RouteRow } from "../../store/records";
import { routeView } from "./route_view";

const exportCmd = command({
  name: "export",
  summary: "write distributor.conf.xml from the routes and their enabled gateways",
  about: `One <list> per route, one <node> per enabled gateway with its weight. A route with no
enabled gateway is left out, with a warning. Writes FILE whole or not at all (temporary
file, then rename), else standard output. Then in fs_cli: reloadxml, distributor_ctl reload —
or pass --reload to have ccard run both over the Event Socket once FILE is written.
With --json, what was written (and, without --out, the XML) as JSON.`,
  options: {
    out: option(text("FILE"), "write to FILE (whole or not at all) instead of standard output"),
    reload: flag("then have FreeSWITCH reload it (needs --out)"),
    ...ESL_OPTIONS,
  },
  check(o) {
    if (o.reload && o.out === undefined) throw new UsageError("CONFLICTING_OPTIONS", "--reload needs --out FILE (the file FreeSWITCH reads)");
  },
  db: "read",
  async run(o, ctx) {
    const esl = o.reload ? eslSettingsFor(o, ctx.env) : undefined;
    const lists: DistributorList[] = [];
    const leftOut: string[] = [];
    for (const r of await ctx.db.all<RouteRow>("SELECT id, name, max_attempts FROM routes ORDER BY name")) {
      const nodes = (await routeView(ctx.db, r)).gateways.filter((g) => g.enabled).map((g) => ({ name: g.gateway, weight: g.weight }));
      if (nodes.length === 0) {
        leftOut.push(r.name);
        ctx.warn(`route '${r.name}' has no enabled gateway: left out`);
      } else lists.push({ name: r.name, nodes });
    }
    const xml = distributorXml(lists);
    const doc = { file: o.out ?? null, lists: lists.map((l) => ({ name: l.name, nodes: l.nodes.map((n) => ({ gateway: n.name, weight: n.weight })) })), left_out: leftOut, reloaded: false };
    if (o.out === undefined) {
      if (!ctx.json) ctx.stdout.write(xml);
      return ctx.json ? { json: { ...doc, xml }, text: () => "" } : undefined;
    }
    await writeAll(sinkFor(o.out, ctx.stdout), async (write) => write(xml));
    if (!ctx.json) ctx.stderr.write(`wrote ${lists.length} list${lists.length === 1 ? "" : "s"} to ${o.out}\n`);
    if (esl !== undefined) {
      try {
        await withEsl(esl, (client) => distributorReload(client));
      } catch (e) {
        if (e instanceof Failure) throw new Failure(e.code, `${o.out} written, but FreeSWITCH was not reloaded: ${e.message}`);
        throw e;
      }
      if (!ctx.json) ctx.stderr.write("FreeSWITCH reloaded: reloadxml, distributor_ctl reload\n");
      doc.reloaded = true;
    }
    return { json: doc, text: () => "" };
  },
});

export const distributorCommand: Group = {
  name: "distributor",
  summary: "FreeSWITCH mod_distributor configuration",
  commands: [exportCmd],
};
