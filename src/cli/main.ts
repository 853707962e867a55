/** `ccard`: the admin CLI. Lists the commands; everything else lives in commands/. */
import { Command, dispatch } from "./framework";
import { processContext } from "./context";
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

export const rootCommand: Command = {
  name: "ccard",
  summary: "prepaid calling-card and retail IVR engine for FreeSWITCH: admin CLI",
  usage: `Usage: ccard COMMAND [SUBCOMMAND] [options]`,
  subcommands: [
    initCommand, productsCommand, cardsCommand, batchesCommand, accountsCommand, cliCommand,
    ratesCommand, gatewaysCommand, routesCommand, distributorCommand, cdrCommand, reportCommand,
    holdsCommand, securityCommand, fsCommand,
  ],
};

export function main(argv: string[]): void {
  dispatch(rootCommand, argv, processContext()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`ccard: internal error (a bug): ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
