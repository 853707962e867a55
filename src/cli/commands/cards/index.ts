import type { Group } from "../../framework/command";
import { cardsGenerate } from "./generate";
import { cardsList, cardsShow } from "./list";
import { cardsBlock, cardsRefill, cardsUnblock, cardsVoid } from "./state";

export const cardsCommand: Group = {
  name: "cards",
  summary: "generate card batches; list, show, block, unblock, refill and void cards",
  commands: [cardsGenerate, cardsList, cardsShow, cardsBlock, cardsUnblock, cardsRefill, cardsVoid],
};
