/**
 * Which account a caller ID goes to (an account id, or a card's account), if it may take caller
 * IDs; and the caller IDs already mapped.
 */
import { Failure } from "../../exit";
import { findAccount, findCard, rowById } from "../../store/lookups";
import type { AccountRow, ProductRow } from "../../store/records";
import type { Sql } from "../../store/store";

export interface Target {
  account: AccountRow;
  product: ProductRow;
  /** How the target was named: "account 12" or "card 0000000042". */
  label: string;
}

/**
 * The account named by its id or by a card serial. Failure ACCOUNT_NOT_FOUND, CARD_NOT_FOUND,
 * WRONG_STATE (a void card) or ACCOUNT_CLOSED.
 */
export async function resolveTarget(db: Sql, named: { account: number } | { card: string }): Promise<Target> {
  let account: AccountRow;
  let label: string;
  if ("card" in named) {
    label = `card ${named.card}`;
    const card = await findCard(db, named.card);
    if (card.state === "void") throw new Failure("WRONG_STATE", `card ${named.card} is void`);
    account = await rowById<AccountRow>(db, "accounts", card.account_id);
  } else {
    label = `account ${named.account}`;
    account = await findAccount(db, named.account);
  }
  if (account.state === "closed") throw new Failure("ACCOUNT_CLOSED", `${label} is closed`);
  return { account, product: await rowById<ProductRow>(db, "products", account.product_id), label };
}

/** Failure CALLER_ID_TAKEN when the caller ID is mapped already. */
export async function refuseMapped(db: Sql, cli: string): Promise<void> {
  const row = await db.get<{ account_id: number }>("SELECT account_id FROM cli_map WHERE cli = ?", [cli]);
  if (row !== undefined) throw new Failure("CALLER_ID_TAKEN", `caller ID ${cli} is already mapped to account ${row.account_id}`);
}
