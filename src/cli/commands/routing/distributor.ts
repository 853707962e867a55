/** `ccard distributor export [--out FILE]`: routes → distributor.conf.xml. */
import { Command, optionalString, positionals } from "../../framework";
import { DistributorList, distributorXml } from "../../distributor_xml";
import { writeFileAtomic } from "../../files";
import { routeMembers } from "../../store/routing";
import { ESL_OPTIONS, ESL_USAGE } from "../../esl/settings";
import { eslSettingsFor, withEsl } from "../../esl/with_esl";
import { distributorReload } from "../../fs/distributor";
import { CliError, UsageError } from "../../framework";

const exportCmd: Command = {
  name: "export",
  summary: "write distributor.conf.xml from the routes and their enabled gateways",
  usage: `Usage: ccard distributor export [--out FILE [--reload [Event Socket options]]]

One <list> per route, one <node> per enabled gateway with its weight. A route with no
enabled gateway is left out, with a warning. Writes FILE whole or not at all (temporary
file, then rename), else standard output. Then in fs_cli: reloadxml, distributor_ctl reload —
or pass --reload to have ccard run both over the Event Socket once FILE is written.

${ESL_USAGE}`,
  options: { out: { type: "string" }, reload: { type: "boolean" }, ...ESL_OPTIONS },
  async run(args, ctx) {
    positionals(args, []);
    const out = optionalString(args, "out");
    const reload = args.values.reload === true;
    if (reload && out === undefined) throw new UsageError("--reload needs --out FILE (the file FreeSWITCH reads)");
    const esl = reload ? eslSettingsFor(args.values, ctx.env) : undefined;
    const db = ctx.openDb();
    try {
      const routes = db.prepare("SELECT id, name FROM routes ORDER BY name").all() as { id: number; name: string }[];
      const lists: DistributorList[] = [];
      for (const r of routes) {
        const nodes = routeMembers(db, r.id).filter((m) => m.enabled === 1).map((m) => ({ name: m.gateway, weight: m.weight }));
        if (nodes.length === 0) ctx.stderr.write(`warning: route '${r.name}' has no enabled gateway: left out\n`);
        else lists.push({ name: r.name, nodes });
      }
      const xml = distributorXml(lists);
      if (out === undefined) ctx.stdout.write(xml);
      else {
        writeFileAtomic(out, (w) => w(xml));
        ctx.stderr.write(`wrote ${lists.length} list${lists.length === 1 ? "" : "s"} to ${out}\n`);
      }
    } finally {
      db.close();
    }
    if (esl !== undefined) {
      try {
        await withEsl(esl, (client) => distributorReload(client));
      } catch (e) {
        if (e instanceof CliError) throw new CliError(`${out} written, but FreeSWITCH was not reloaded: ${e.message}`);
        throw e;
      }
      ctx.stderr.write("FreeSWITCH reloaded: reloadxml, distributor_ctl reload\n");
    }
    return 0;
  },
};

export const distributorCommand: Command = {
  name: "distributor",
  summary: "FreeSWITCH mod_distributor configuration",
  usage: `Usage: ccard distributor export [--out FILE [--reload]]`,
  subcommands: [exportCmd],
};
