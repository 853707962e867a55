import type { Group } from "../../framework/command";
import { productsAdd } from "./add";
import { productsSet } from "./set";
import { productsList, productsShow } from "./show";

export const productsCommand: Group = {
  name: "products",
  summary: "card brands and retail plans: access numbers, rates, fees, PINs, expiry",
  commands: [productsAdd, productsSet, productsShow, productsList],
};
