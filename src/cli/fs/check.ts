/**
 * `ccard fs check`: is this FreeSWITCH deployed right for ccard? Modules loaded, entry scripts
 * (loaders and the bundles they run, of one build; precompiled or not) in its scripts folder,
 * its `ccard_dsn` pointing at the database this CLI uses (the same SQLite file, or the same
 * PostgreSQL host, port, database and user; passwords are never compared or shown; mod_pgsql
 * loaded for pgsql://), settle.lua's spool folder, every ccard
 * gateway a sofia gateway, and mod_distributor's lists equal to the routes and gateways in that
 * database.
 */
import { accessSync, constants, existsSync, realpathSync } from "node:fs";
import { basename, resolve } from "node:path";
import { PgTarget, parsePgsqlDsn, pgTargetOf, targetText } from "../store/dsn";
import type { Store } from "../store/store";
import { EslClient } from "../esl/errors";
import { getGlobalVar } from "./channels";
import { CheckItem } from "./checklist";
import { checkDistributorLists } from "./check_distributor";
import { checkGateways, checkSpoolDir } from "./check_gateways";
import { ENTRY_NAMES, bytecodeLoadError, compilerProblem, inspectScript, scriptProblem } from "./scripts";

export const REQUIRED_MODULES = ["mod_lua", "mod_distributor", "mod_hash"];

async function checkModules(client: EslClient, modules: readonly string[]): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  for (const mod of modules) {
    const answer = await client.api(`module_exists ${mod}`);
    items.push(
      answer === "true"
        ? { status: "ok", title: `${mod} is loaded` }
        : { status: "fail", title: `${mod} is not loaded`, fix: `run 'load ${mod}' in fs_cli and add <load module="${mod}"/> to autoload_configs/modules.conf.xml` },
    );
  }
  return items;
}

async function checkBundles(client: EslClient): Promise<CheckItem[]> {
  const dir = await getGlobalVar(client, "script_dir");
  if (dir === undefined) return [{ status: "fail", title: "FreeSWITCH has no script_dir", fix: "set script_dir in vars.xml or switch.conf.xml" }];
  try {
    accessSync(dir, constants.R_OK | constants.X_OK);
  } catch {
    const names = ENTRY_NAMES.map((n) => `${n}.lua`).join(", ");
    return [{ status: "unknown", title: `scripts folder ${dir} is not readable from here: entry scripts not checked`, fix: `run 'ccard fs check' on the FreeSWITCH machine, or check that ${names} and the folder ccard are in ${dir}` }];
  }
  const items: CheckItem[] = [];
  for (const name of ENTRY_NAMES) {
    const s = inspectScript(dir, name);
    const problem = scriptProblem(s, dir);
    if (problem !== undefined || s.state !== "ok") {
      items.push({ status: "fail", title: problem?.title ?? s.loader, fix: problem?.fix });
      continue;
    }
    items.push({ status: "ok", title: `${s.loader} and ${s.bundle} are installed (build ${s.build})` });
    items.push(s.bytecode === undefined ? fromSource(name, s.bundle) : await precompiled(client, name, s.bytecode, s.bundle));
  }
  const compiler = compilerProblem(dir);
  if (compiler !== undefined) items.push({ status: "fail", ...compiler });
  return items;
}

function fromSource(name: string, bundle: string, why = ""): CheckItem {
  return {
    status: "note",
    title: `${name}.lua runs from source${why}: mod_lua compiles ${bundle} on every call`,
    fix: "run 'ccard fs compile' (FreeSWITCH compiles it once; each call then starts about 2 ms sooner)",
  };
}

/** Bytecode is there: FreeSWITCH says whether its Lua still loads it (after an upgrade it may not). */
async function precompiled(client: EslClient, name: string, bytecode: string, bundle: string): Promise<CheckItem> {
  const refused = await bytecodeLoadError(client, basename(bytecode));
  if (refused === undefined) return { status: "ok", title: `${name}.lua runs precompiled: ${bytecode}` };
  return fromSource(name, bundle, ` (FreeSWITCH cannot load ${basename(bytecode)}: ${refused})`);
}

function samePath(a: string, b: string): boolean {
  const canonical = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return canonical(a) === canonical(b);
}

async function checkDsn(dsn: string | undefined, db: Store): Promise<CheckItem> {
  if (db.dialect === "pgsql") return checkPgDsn(dsn, pgTargetOf(db.location));
  const dbPath = db.location;
  const want = `sqlite://${dbPath}`;
  const fix = `set ccard_dsn to ${want} (vars.xml: <X-PRE-PROCESS cmd="set" data="ccard_dsn=${want}"/>), or point the CLI at the dialplan's database with --db`;
  if (dsn === undefined) return { status: "fail", title: "FreeSWITCH has no global variable ccard_dsn: the IVR cannot find its database", fix };
  // Only the engine is named (and a PostgreSQL DSN's target): another engine's DSN may hold a password.
  if (dsn.startsWith("pgsql://")) return { status: "fail", title: `the dialplan uses PostgreSQL ${targetText(completeTarget(parsePgsqlDsn(dsn)))}, but this CLI uses SQLite ${dbPath}`, fix };
  if (!dsn.startsWith("sqlite://")) return { status: "fail", title: `the dialplan uses a ${dsn.split("://")[0]} database, but this CLI uses SQLite ${dbPath}`, fix };
  const path = dsn.slice("sqlite://".length);
  if (!path.startsWith("/")) return { status: "fail", title: `ccard_dsn ${dsn} is not an absolute path (FreeSWITCH would look in its own db folder)`, fix };
  if (!samePath(path, dbPath)) return { status: "fail", title: `the dialplan uses ${path}, but this CLI uses ${dbPath}`, fix };
  return { status: "ok", title: `the dialplan's ccard_dsn is this CLI's database (${dbPath})` };
}

/** The parts of a pgsql:// DSN, with "?" for a part it lacks. */
function completeTarget(t: Partial<PgTarget>): PgTarget {
  return { host: t.host ?? "?", port: t.port ?? 5432, database: t.database ?? "?", user: t.user ?? "?" };
}

/** localhost and the loopback addresses are one host; other names are compared as written. */
function sameHost(a: string, b: string): boolean {
  const loopback = (h: string) => (h === "localhost" || h === "127.0.0.1" || h === "::1" ? "loopback" : h.toLowerCase());
  return loopback(a) === loopback(b);
}

/** The dialplan's pgsql:// DSN against the CLI's postgres:// URL: host, port, database and user (never a password). */
function checkPgDsn(dsn: string | undefined, cli: PgTarget): CheckItem {
  const want = `pgsql://hostaddr=${cli.host} port=${cli.port} dbname=${cli.database} user=${cli.user} password=…`;
  const fix = `set ccard_dsn to ${want} (vars.xml: <X-PRE-PROCESS cmd="set" data="ccard_dsn=${want}"/>), or point the CLI at the dialplan's database with --db`;
  if (dsn === undefined) return { status: "fail", title: "FreeSWITCH has no global variable ccard_dsn: the IVR cannot find its database", fix };
  if (!dsn.startsWith("pgsql://")) {
    const engine = dsn.startsWith("sqlite://") ? `SQLite ${dsn.slice("sqlite://".length)}` : `a ${dsn.split("://")[0]} database`;
    return { status: "fail", title: `the dialplan uses ${engine}, but this CLI uses PostgreSQL ${targetText(cli)}`, fix };
  }
  const fs = completeTarget(parsePgsqlDsn(dsn));
  const differ = [
    sameHost(fs.host, cli.host) ? undefined : "host",
    fs.port === cli.port ? undefined : "port",
    fs.database === cli.database ? undefined : "dbname",
    fs.user === cli.user ? undefined : "user",
  ].filter((d) => d !== undefined);
  if (differ.length > 0) return { status: "fail", title: `the dialplan's ccard_dsn is ${targetText(fs)}, but this CLI uses ${targetText(cli)} (${differ.join(", ")} differ)`, fix };
  return { status: "ok", title: `the dialplan's ccard_dsn is this CLI's database (PostgreSQL ${targetText(cli)})` };
}

/**
 * Runs every check, in order: modules, entry bundles, DSN, spool folder, gateways, distributor
 * lists. Rejects only with the client's EslErrors (connection lost, timeout); failed checks are items.
 */
export async function runChecks(client: EslClient, db: Store): Promise<CheckItem[]> {
  const dsnText = await getGlobalVar(client, "ccard_dsn");
  // In FreeSWITCH 1.10 mod_pgsql serves pgsql:// DSNs: without it the IVR cannot open its database.
  const pg = db.dialect === "pgsql" || dsnText?.startsWith("pgsql://") === true;
  const modules = await checkModules(client, pg ? [...REQUIRED_MODULES, "mod_pgsql"] : REQUIRED_MODULES);
  const bundles = await checkBundles(client);
  const dsn = await checkDsn(dsnText, db);
  const spool = await checkSpoolDir(client);
  const gateways = await checkGateways(client, db);
  const distributorLoaded = modules.find((m) => m.title.startsWith("mod_distributor "))?.status === "ok";
  const lists: CheckItem[] = distributorLoaded
    ? await checkDistributorLists(client, db)
    : [{ status: "fail", title: "distributor lists not compared: mod_distributor is not loaded", fix: "load mod_distributor first" }];
  return [...modules, ...bundles, dsn, spool, ...gateways, ...lists];
}
