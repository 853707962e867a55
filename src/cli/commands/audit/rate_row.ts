/** A tariff as holds and CDRs record it, read from a row of column values. */
import type { Rate } from "../../../domain/tariff";
import type { SqlValue } from "../../store/store";

/** The tariff columns of holds and cdrs, in the order rateOfRow reads them. */
export const RATE_COLUMNS = [
  "rate_per_minute_micros", "connect_fee_micros", "disconnect_fee_micros", "initial_seconds", "increment_seconds", "grace_seconds", "minimum_cost_micros",
];

/** The Rate in row[at], row[at + 1] … (RATE_COLUMNS' order). */
export function rateOfRow(row: readonly SqlValue[], at: number): Rate {
  return {
    ratePerMinuteMicros: Number(row[at]), connectFeeMicros: Number(row[at + 1]), disconnectFeeMicros: Number(row[at + 2]), initialSeconds: Number(row[at + 3]),
    incrementSeconds: Number(row[at + 4]), graceSeconds: Number(row[at + 5]), minimumCostMicros: Number(row[at + 6]),
  };
}
