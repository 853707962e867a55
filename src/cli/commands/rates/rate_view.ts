/** A rate as lookups and exports show it: every tariff field in micro-units and as exact decimal text. */
import { formatMicros } from "../../../domain/money";
import type { Rate } from "../../../domain/tariff";
import type { RateRow } from "./deck_row";
import { storedPrices } from "../../../domain/bands";

export const RATE_ROW_COLUMNS =
  "prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, route, bands";

/** The tariff of a row, as domain/tariff computes with it. */
export function tariffOf(r: RateRow): Rate {
  return {
    ratePerMinuteMicros: r.rate_per_minute_micros, connectFeeMicros: r.connect_fee_micros, disconnectFeeMicros: r.disconnect_fee_micros,
    initialSeconds: r.initial_seconds, incrementSeconds: r.increment_seconds, graceSeconds: r.grace_seconds, minimumCostMicros: r.minimum_cost_micros,
  };
}

/** The row with each money column also as exact decimal text (`rate_per_minute`: "0.012300"). */
export function rateView(r: RateRow) {
  return {
    prefix: r.prefix,
    destination: r.destination,
    rate_per_minute_micros: r.rate_per_minute_micros,
    rate_per_minute: formatMicros(r.rate_per_minute_micros),
    connect_fee_micros: r.connect_fee_micros,
    connect_fee: formatMicros(r.connect_fee_micros),
    disconnect_fee_micros: r.disconnect_fee_micros,
    disconnect_fee: formatMicros(r.disconnect_fee_micros),
    initial_seconds: r.initial_seconds,
    increment_seconds: r.increment_seconds,
    grace_seconds: r.grace_seconds,
    minimum_cost_micros: r.minimum_cost_micros,
    minimum_cost: formatMicros(r.minimum_cost_micros),
    route: r.route,
    band_prices: storedPrices(r.bands).map((p) => ({ band: p.band, rate_per_minute_micros: p.ratePerMinuteMicros, rate_per_minute: formatMicros(p.ratePerMinuteMicros) })),
  };
}
