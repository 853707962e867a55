/** `ccard`: the admin CLI. Lists the commands; everything else lives in commands/ and framework/. */
import type { Group } from "./framework/command";
import { dispatch } from "./framework/dispatch";
import { initCommand } from "./commands/init";
import { ratesCommand } from "./commands/rates/index";
import { gatewaysCommand } from "./commands/routing/gateways";
import { routesCommand } from "./commands/routing/routes";
import { distributorCommand } from "./commands/routing/distributor";
import { cdrCommand } from "./commands/reports/cdr";
import { reportCommand } from "./commands/reports/report";
import { fsCommand } from "./commands/fs";
import { productsCommand } from "./commands/products/index";
import { cardsCommand } from "./commands/cards/index";
import { batchesCommand } from "./commands/cards/batches";
import { accountsCommand } from "./commands/accounts/index";
import { cliCommand } from "./commands/callerids/index";
import { holdsCommand } from "./commands/holds";
import { securityCommand } from "./commands/security";
import { auditCommand } from "./commands/audit/index";
import { dbCommand } from "./commands/db/index";

export const rootCommand: Group = {
  name: "ccard",
  summary: "prepaid calling-card and retail IVR engine for FreeSWITCH: admin CLI",
  commands: [
    initCommand, productsCommand, cardsCommand, batchesCommand, accountsCommand, cliCommand,
    ratesCommand, gatewaysCommand, routesCommand, distributorCommand, cdrCommand, reportCommand,
    holdsCommand, auditCommand, securityCommand, dbCommand, fsCommand,
  ],
};

/** The process's streams and environment, for dispatch. */
function processIo() {
  return {
    stdout: { write: (t: string) => void process.stdout.write(t) },
    stderr: { write: (t: string) => void process.stderr.write(t) },
    env: process.env,
    interactive: process.stderr.isTTY === true,
  };
}

export function main(argv: string[]): void {
  // dispatch never rejects: every error is printed and becomes the exit code (exit.ts).
  void dispatch(rootCommand, argv, processIo()).then((code) => {
    process.exitCode = code;
  });
}
