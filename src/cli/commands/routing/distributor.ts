/** `ccard distributor export [--out FILE]`: routes → distributor.conf.xml. */
import { Command, optionalString, positionals } from "../../framework";
import { DistributorList, distributorXml } from "../../distributor_xml";
import { writeFileAtomic } from "../../files";
import { routeMembers } from "../../store/routing";

const exportCmd: Command = {
  name: "export",
  summary: "write distributor.conf.xml from the routes and their enabled gateways",
  usage: `Usage: ccard distributor export [--out FILE]

One <list> per route, one <node> per enabled gateway with its weight. A route with no
enabled gateway is left out, with a warning. Writes FILE whole or not at all (temporary
file, then rename), else standard output. Then in fs_cli: reloadxml, distributor_ctl reload.`,
  options: { out: { type: "string" } },
  run(args, ctx) {
    positionals(args, []);
    const out = optionalString(args, "out");
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
      return 0;
    } finally {
      db.close();
    }
  },
};

export const distributorCommand: Command = {
  name: "distributor",
  summary: "FreeSWITCH mod_distributor configuration",
  usage: `Usage: ccard distributor export [--out FILE]`,
  subcommands: [exportCmd],
};
