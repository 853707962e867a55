import { Command } from "../../framework";
import { productsAdd } from "./add";
import { productsSet } from "./set";
import { productsList, productsShow } from "./show";

export const productsCommand: Command = {
  name: "products",
  summary: "card brands and retail plans: access numbers, rates, fees, PINs, expiry",
  usage: `Usage: ccard products add|set|show|list ...`,
  subcommands: [productsAdd, productsSet, productsShow, productsList],
};
