import { Command } from "../../framework";
import { cardsGenerate } from "./generate";

export const cardsCommand: Command = {
  name: "cards",
  summary: "generate card batches; list, show, block, unblock, refill and void cards",
  usage: `Usage: ccard cards generate|list|show|block|unblock|refill|void ...`,
  subcommands: [cardsGenerate],
};
