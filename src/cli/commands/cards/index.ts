import { Command } from "../../framework";
import { cardsGenerate } from "./generate";
import { cardsList, cardsShow } from "./list";
import { cardsBlock, cardsRefill, cardsUnblock, cardsVoid } from "./state";

export const cardsCommand: Command = {
  name: "cards",
  summary: "generate card batches; list, show, block, unblock, refill and void cards",
  usage: `Usage: ccard cards generate|list|show|block|unblock|refill|void ...`,
  subcommands: [cardsGenerate, cardsList, cardsShow, cardsBlock, cardsUnblock, cardsRefill, cardsVoid],
};
