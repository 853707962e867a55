/** `ccard`: the admin CLI. Lists the commands; everything else lives in commands/. */
import { Command, dispatch } from "./framework";
import { processContext } from "./context";
import { initCommand } from "./commands/init";
import { productsCommand } from "./commands/products/index";
import { cardsCommand } from "./commands/cards/index";
import { batchesCommand } from "./commands/cards/batches";
import { accountsCommand } from "./commands/accounts/index";
import { cliCommand } from "./commands/callerids/index";

export const rootCommand: Command = {
  name: "ccard",
  summary: "prepaid calling-card and retail IVR engine for FreeSWITCH: admin CLI",
  usage: `Usage: ccard COMMAND [SUBCOMMAND] [options]`,
  subcommands: [initCommand, productsCommand, cardsCommand, batchesCommand, accountsCommand, cliCommand],
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
