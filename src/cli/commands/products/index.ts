import type { Group } from "../../framework/command";
import { productsAdd } from "./add";
import { productsSet } from "./set";
import { productsList, productsShow } from "./show";
import { productsBlock, productsUnblock } from "./blocked";

export const productsCommand: Group = {
  name: "products",
  summary: "card brands and retail plans: access numbers, rates, fees, PINs, expiry, caps, blocked destinations",
  commands: [productsAdd, productsSet, productsShow, productsList, productsBlock, productsUnblock],
};
