/** `ccard rates lookup --table T NUMBER [--product P] [--at TIME]`: the IVR's own rate query, run by hand. */
import { MAX_PREFIX_DIGITS } from "../../../domain/numbers";
import { RATE_COLUMNS, rateLookupSql } from "../../../domain/rate_sql";
import { callCost } from "../../../domain/tariff";
import { CallPrice, liveTimeline } from "../../../domain/call_price";
import { storedPlan, storedPrices } from "../../../domain/bands";
import { formatMicros } from "../../../domain/money";
import { Failure } from "../../exit";
import { arg, option, required } from "../../options/declare";
import { instant, name, text } from "../../options/values";
import { command } from "../../framework/command";
import { recordOf } from "../../output/print";
import { e164 } from "../../numbers";
import { findProduct, findRateTable } from "../../store/lookups";
import type { RateRow } from "./deck_row";
import { rateView, tariffOf } from "./rate_view";
import { versionAt } from "./versions";
import { nowSeconds, timeText } from "../../time";

export const lookupCommand = command({
  name: "lookup",
  summary: "show the rate a dialled number gets (longest matching prefix of the deck in force)",
  about: `NUMBER is normalised to E.164 the way the IVR does (international prefixes 00/011 or '+',
or the dialling rules of --product P), then matched with the IVR's exact SQL against the deck
in force now, or at --at TIME (a pending deck from its effective time on). On a banded table
(ccard rates bands) it shows the band prices, the bands of the next 24 hours from that time,
and what calls answered then cost.`,
  args: { number: arg("NUMBER", text("NUMBER")) },
  options: {
    table: required(name("rate table"), "the rate table to look in"),
    product: option(name("product"), "read NUMBER with this product's dialling rules"),
    at: option(instant, "rate a call at TIME (with its zone: 2027-01-01T00:00Z)", "now"),
  },
  db: "read",
  async run(o, { db }) {
    const table = await findRateTable(db, o.table);
    const product = o.product === undefined ? undefined : await findProduct(db, o.product);
    const number = e164("number", o.number, product);
    const at = o.at ?? nowSeconds();
    const deck = await versionAt(db, table.id, at);
    const row = await db.get<RateRow>(rateLookupSql(table.id, number, at, MAX_PREFIX_DIGITS, RATE_COLUMNS));
    if (deck === undefined || row === undefined) {
      const why = deck === undefined ? `the table has no deck in force at ${timeText(at)} (ccard rates import)` : `no prefix of it is in version ${deck.version}, the deck in force`;
      throw new Failure("NO_RATE", `no rate for ${number} in '${o.table}': ${why}`);
    }
    const plan = await db.get<{ band_rules: string; band_offsets: string }>("SELECT band_rules, band_offsets FROM rate_tables WHERE id = ?", [table.id]);
    const price: CallPrice = { rate: tariffOf(row), plan: storedPlan(plan?.band_rules ?? "", plan?.band_offsets ?? ""), prices: storedPrices(row.bands) };
    // A call answered at `at`, priced as settlement prices it.
    const costs = [1, 5, 60].map((minutes) => {
      const micros = callCost(price.rate, minutes * 60000, liveTimeline(price, at, minutes * 60));
      return { minutes, cost_micros: micros, cost: formatMicros(micros) };
    });
    const day = liveTimeline(price, at, 86400) ?? [];
    const next24h = day.map((s) => ({ from: at + s.fromSecond, band: s.band, rate_per_minute_micros: s.ratePerMinuteMicros, rate_per_minute: formatMicros(s.ratePerMinuteMicros) }));
    const v = { number, table: o.table, currency: table.currency, at, version: deck.version, ...rateView(row), costs, next_24h: next24h };
    return recordOf(v, [
      { header: "number", cell: () => v.number },
      { header: "deck", cell: () => `version ${v.version}, in force at ${timeText(at)}` },
      { header: "prefix", cell: () => `${v.prefix}  ${v.destination}` },
      { header: "rate/min", cell: () => `${v.rate_per_minute} ${v.currency}` },
      { header: "fees", cell: () => `connect ${v.connect_fee}, disconnect ${v.disconnect_fee}, minimum ${v.minimum_cost}` },
      { header: "billing", cell: () => `${v.initial_seconds}/${v.increment_seconds} s, grace ${v.grace_seconds} s` },
      { header: "route", cell: () => (v.route === "" ? "(none)" : v.route) },
      { header: "bands", cell: () => (v.band_prices.length === 0 ? "(none)" : v.band_prices.map((b) => `${b.band} ${b.rate_per_minute}`).join(", ")) },
      { header: "next 24 h", cell: () => (next24h.length === 0 ? "(one price)" : next24h.map((b) => `${timeText(b.from)} ${b.band === "" ? "(base)" : b.band} ${b.rate_per_minute}`).join(", ")) },
      { header: "cost", cell: () => costs.map((c) => `${c.minutes} min ${c.cost}`).join(", ") },
    ]);
  },
});
