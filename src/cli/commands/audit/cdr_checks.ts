/**
 * The audit's checks of CDRs: each one priced again in Node with callCost, the function the IVR
 * bills with (one streamed scan), and its money matched with the ledger by set-based SQL (the
 * CDRs and the call rows of the ledger in one UNION ALL, grouped by call UUID: one sort, no
 * index on ledger.ref needed).
 */
import { formatMicros } from "../../../domain/money";
import { CALL_REASON, ESTIMATED_CALL_REASON, ESTIMATE_CORRECTED_REASON, billedMs } from "../../../domain/settlement";
import { Timeline, callCost, validateRate } from "../../../domain/tariff";
import { recordedTimeline } from "../../../domain/call_price";
import type { Sql, SqlValue } from "../../store/store";
import { RATE_COLUMNS, rateOfRow } from "./rate_row";
import type { Tally } from "./tally";

const money = (v: number): string => formatMicros(v);

/** What the CDR scan counted besides problems. */
export interface CdrCounts {
  cdrs: number;
  estimated: number;
  /** Settled before schema 3: no tariff columns, so their cost cannot be priced again. */
  notPriced: number;
}

const PRICE_SQL = `SELECT uuid, account_id, ${RATE_COLUMNS.join(", ")}, granted_seconds, hold_micros, answered_ms, billed_ms, estimated, cost_micros,
  COALESCE(answered_at, started_at), bands, band_changes FROM cdrs ORDER BY id`;
/**
 * The columns schema 3 added that settlement always writes, with their place in PRICE_SQL's
 * rows (answered_at is not one: an unanswered call has none).
 */
const SCHEMA3: readonly [string, number][] = [
  ["connect_fee_micros", 3], ["disconnect_fee_micros", 4], ["initial_seconds", 5], ["increment_seconds", 6], ["grace_seconds", 7],
  ["minimum_cost_micros", 8], ["hold_micros", 10], ["billed_ms", 12],
];

/** Rule 5 for one CDR of schema 3 (a row of PRICE_SQL): what is wrong, or undefined when it holds. */
function priceProblem(row: SqlValue[]): string | undefined {
  const missing = SCHEMA3.filter(([, at]) => row[at] === null).map(([column]) => column);
  if (missing.length > 0) return `${missing.join(", ")} missing`;
  const rate = rateOfRow(row, 2);
  const valid = validateRate(rate);
  if (!valid.ok) return `the rate it records is not a valid rate (${valid.code})`;
  const [granted, hold, answered, billed, cost] = [Number(row[9]), Number(row[10]), Number(row[11]), Number(row[12]), Number(row[14])];
  if (![granted, answered, billed].every((x) => Number.isSafeInteger(x) && x >= 0)) return `granted ${granted} s, answered ${answered} ms, billed ${billed} ms: not counts`;
  const expected = billedMs(granted, answered);
  if (billed !== expected) return `billed ${billed} ms, but ${answered} ms answered with ${granted} s granted bills ${expected} ms`;
  let timeline: Timeline | undefined;
  try {
    timeline = recordedTimeline(rate, String(row[16] ?? ""), String(row[17] ?? ""), Number(row[15]));
  } catch {
    return `its band record cannot be read (bands '${String(row[16])}', band_changes '${String(row[17])}')`;
  }
  const priced = callCost(rate, billed, timeline);
  const how = timeline === undefined ? "at the rate it records" : "over the bands it records";
  if (cost !== priced) return `cost ${money(cost)} ≠ ${money(priced)}, callCost of its ${billed} ms ${how}`;
  if (Number(row[13]) === 1 && cost > hold) return `estimated, and its cost ${money(cost)} is more than its hold ${money(hold)}`;
  return undefined;
}

/** Rule 5 over every CDR, and the counts of the report. */
export async function checkCdrCosts(db: Sql, tally: Tally): Promise<CdrCounts> {
  const counts: CdrCounts = { cdrs: 0, estimated: 0, notPriced: 0 };
  for await (const batch of db.arrayBatches(PRICE_SQL, [], 2000)) {
    for (const row of batch) {
      counts.cdrs++;
      if (Number(row[13]) === 1) counts.estimated++;
      if (SCHEMA3.every(([, at]) => row[at] === null)) {
        counts.notPriced++;
        continue;
      }
      const problem = priceProblem(row);
      if (problem !== undefined) tally.add("cdr_costs", { cdr_uuid: String(row[0]), account_id: Number(row[1]), problem: `CDR ${String(row[0])} (account ${Number(row[1])}): ${problem}` });
    }
  }
  return counts;
}

/**
 * Rule 6: per call UUID, the CDR (at most one: uuid is UNIQUE) and its call rows of the ledger.
 * Debit rows are 'call' or 'call_estimated'; 'estimate_corrected' rows are part of the money
 * but not debits. A call billed time, so has one debit, when its CDR billed some (a pre-schema-3
 * CDR has no billed_ms: its answered time decides) or when it was estimated and corrected (its
 * estimate's debit stays, the correction gives back what the real figures do not cost).
 */
const LEDGER_MATCH_SQL = `SELECT ref, SUM(cdrs) AS cdrs, MAX(cdr_account) AS cdr_account, CAST(SUM(cost) AS TEXT) AS cost, CAST(SUM(amount) AS TEXT) AS amount,
  SUM(debits) AS debits, MAX(billed) AS billed, MIN(ledger_account) AS ledger_lo, MAX(ledger_account) AS ledger_hi, MIN(ledger_id) AS ledger_id, COUNT(ledger_id) AS rows
FROM (
  SELECT uuid AS ref, 1 AS cdrs, account_id AS cdr_account, cost_micros AS cost, 0 AS amount, 0 AS debits,
    CASE WHEN COALESCE(billed_ms, answered_ms) > 0 THEN 1 ELSE 0 END AS billed, CAST(NULL AS BIGINT) AS ledger_account, CAST(NULL AS BIGINT) AS ledger_id
  FROM cdrs
  UNION ALL
  SELECT ref, 0, NULL, 0, amount_micros, CASE WHEN reason = ? THEN 0 ELSE 1 END, CASE WHEN reason = ? THEN 1 ELSE 0 END, account_id, id
  FROM ledger WHERE reason IN (?, ?, ?)
) m
GROUP BY ref
HAVING SUM(cdrs) <> 1 OR SUM(cost) + SUM(amount) <> 0 OR SUM(debits) <> MAX(billed) OR MIN(ledger_account) <> MAX(cdr_account) OR MAX(ledger_account) <> MAX(cdr_account)
ORDER BY ref`;

export async function checkCdrLedger(db: Sql, tally: Tally): Promise<void> {
  const params = [ESTIMATE_CORRECTED_REASON, ESTIMATE_CORRECTED_REASON, CALL_REASON, ESTIMATED_CALL_REASON, ESTIMATE_CORRECTED_REASON];
  for await (const batch of db.arrayBatches(LEDGER_MATCH_SQL, params)) {
    for (const [ref, cdrs, cdrAccount, cost, amount, debits, billed, lo, hi, ledgerId, rows] of batch) {
      const uuid = String(ref);
      if (Number(cdrs) === 0) {
        const first = { ledger_id: Number(ledgerId), account_id: Number(lo), cdr_uuid: uuid };
        tally.add("cdr_ledger", { ...first, problem: `ledger ${Number(ledgerId)} (account ${Number(lo)}, ${Number(rows)} call row(s) with ref '${uuid}'): no CDR has this call UUID` });
        continue;
      }
      const account = Number(cdrAccount);
      const ids = { cdr_uuid: uuid, account_id: account, ...(ledgerId === null ? {} : { ledger_id: Number(ledgerId) }) };
      const is = `CDR ${uuid} (account ${account})`;
      const total = BigInt(String(amount));
      const charged = BigInt(String(cost));
      if (total !== -charged) {
        tally.add("cdr_ledger", { ...ids, problem: `${is}: cost ${formatMicros(Number(charged))}, but its ledger rows total ${formatMicros(Number(total))} (${Number(rows)} row(s))` });
      } else if (Number(debits) !== Number(billed)) {
        const want = Number(billed) === 1 ? "one, as it billed time" : "none, as it billed nothing";
        tally.add("cdr_ledger", { ...ids, problem: `${is}: ${Number(debits)} '${CALL_REASON}'/'${ESTIMATED_CALL_REASON}' ledger row(s), expected ${want}` });
      } else {
        tally.add("cdr_ledger", { ...ids, problem: `${is}: its ledger rows are on account(s) ${Number(lo)}${hi === lo ? "" : `–${Number(hi)}`}` });
      }
    }
  }
}
