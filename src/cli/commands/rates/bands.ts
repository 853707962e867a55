/**
 * `ccard rates bands set|show`: a rate table's band plan (docs/tariff-bands.md) — its zone, its
 * rules, and the zone's UTC offsets for the years ahead, computed here with Intl and stored with
 * the plan, since the IVR's Lua has no zone data.
 */
import { BandChange, BandPlan, bandChanges, formatBandRules, formatZoneOffsets, parseBandRules, storedPlan } from "../../../domain/bands";
import { UsageError } from "../../exit";
import { flag, option, required } from "../../options/declare";
import { name, text } from "../../options/values";
import { command, Group } from "../../framework/command";
import { changed, recordOf } from "../../output/print";
import { findRateTable } from "../../store/lookups";
import type { Sql } from "../../store/store";
import { nowSeconds, timeText } from "../../time";
import { isZoneName, zoneOffsets } from "../../zones";

/** The offsets stored start a year back (lookups --at a recent past) and reach this far ahead. */
const OFFSETS_YEARS_BACK = 1;
const OFFSETS_YEARS_AHEAD = 20;
const YEAR = 365 * 86400;

const RULE_PROBLEMS: Record<string, string> = {
  BAND_RULES_SYNTAX: "is not band=DAYS/HH:MM-HH:MM[+DAYS/HH:MM-HH:MM…][;band=…]",
  BAND_NAME_INVALID: "names a band that is not a lower-case letter then up to 15 letters, digits or '_'",
  BAND_DAYS_INVALID: "has days that are not mon…sun, ranges such as mon-fri or lists such as sat,sun",
  BAND_TIME_INVALID: "has a time that is not HH:MM (24:00 only as an end)",
  BAND_TIME_ORDER: "has a rule that ends before it starts (split one that passes midnight in two)",
  BAND_RULES_TOO_MANY: "has more than 32 rules",
  BAND_RULES_OVERLAP: "puts two rules on the same minute of the same day",
};

interface StoredBands {
  band_zone: string;
  band_rules: string;
  band_offsets: string;
  band_offsets_until: number;
}

async function storedBands(db: Sql, tableId: number): Promise<StoredBands> {
  return (await db.get<StoredBands>("SELECT band_zone, band_rules, band_offsets, band_offsets_until FROM rate_tables WHERE id = ?", [tableId])) as StoredBands;
}

/** The bands a plan puts in force from `from` for `seconds`, as JSON-ready rows. */
export function bandsAhead(plan: BandPlan, from: number, seconds: number): { from: number; band: string }[] {
  return bandChanges(plan, from, from + seconds - 1).map((c: BandChange) => ({ from: c.at, band: c.band }));
}

/** "2027-01-01T08:00:00Z peak, 2027-01-01T20:00:00Z (base)" */
export function bandsAheadText(rows: { from: number; band: string }[]): string {
  return rows.map((r) => `${timeText(r.from)} ${r.band === "" ? "(base)" : r.band}`).join(", ");
}

const set = command({
  name: "set",
  summary: "set (or with --clear remove) a rate table's band plan: named bands by weekday and local time in one zone",
  about: `RULES: band=DAYS/HH:MM-HH:MM, more times of the band after '+', more bands after ';', e.g.
  peak=mon-fri/08:00-20:00;weekend=sat-sun/00:00-24:00
Days are mon…sun, ranges (mon-fri) or lists (sat,sun); times are local to --zone, [from, to),
24:00 only as an end; a rule never passes midnight (write night=mon/22:00-24:00+tue/00:00-06:00);
no two rules may cover the same minute. A time no rule covers is in no band: every prefix costs
its rate_per_minute then. A deck prices a band in its column rate_per_minute:BAND.
The zone's UTC offsets (daylight saving included) are computed now for ${OFFSETS_YEARS_AHEAD} years ahead and
stored with the plan; set the plan again before they run out, or after a time-zone law changes.
A new plan applies to calls set up from now on; a call in progress keeps the bands it was
granted with.`,
  options: {
    table: required(name("rate table"), "the rate table"),
    zone: option(text("ZONE"), "the IANA time zone the rules' times are in (Europe/Madrid, America/New_York, UTC)"),
    rules: option(text("RULES"), "the bands (see above)"),
    clear: flag("remove the plan: every prefix costs its rate_per_minute at all times"),
  },
  check(o) {
    if (o.clear && (o.zone !== undefined || o.rules !== undefined)) throw new UsageError("CONFLICTING_OPTIONS", "--clear takes no --zone or --rules");
    if (!o.clear && (o.zone === undefined || o.rules === undefined)) throw new UsageError("MISSING_OPTION", "give --zone and --rules (or --clear)");
    if (o.zone !== undefined && !isZoneName(o.zone)) throw new UsageError("BAD_VALUE", `--zone '${o.zone}' is not an IANA time zone name (such as Europe/Madrid)`);
    if (o.rules !== undefined) {
      const r = parseBandRules(o.rules);
      if (!r.ok) throw new UsageError("BAD_VALUE", `--rules '${o.rules}' ${RULE_PROBLEMS[r.code] ?? r.code}`);
    }
  },
  db: "write",
  async run(o, { db }) {
    const table = await findRateTable(db, o.table);
    if (o.clear) {
      await db.run("UPDATE rate_tables SET band_zone = '', band_rules = '', band_offsets = '', band_offsets_until = 0 WHERE id = ?", [table.id]);
      return changed(`removed the bands of '${o.table}': every prefix costs its rate_per_minute at all times`, { table: o.table, zone: "", rules: "", offsets_until: 0 });
    }
    const rules = parseBandRules(o.rules as string);
    if (!rules.ok) throw new Error("checked above");
    const zone = o.zone as string;
    const now = nowSeconds();
    const until = now + OFFSETS_YEARS_AHEAD * YEAR;
    const offsets = formatZoneOffsets(zoneOffsets(zone, now - OFFSETS_YEARS_BACK * YEAR, until));
    const canonical = formatBandRules(rules.value);
    await db.run("UPDATE rate_tables SET band_zone = ?, band_rules = ?, band_offsets = ?, band_offsets_until = ? WHERE id = ?", [zone, canonical, offsets, until, table.id]);
    const plan = storedPlan(canonical, offsets) as BandPlan;
    const ahead = bandsAhead(plan, now, 86400);
    return changed(`set the bands of '${o.table}' (${zone}): ${canonical}; the next 24 h: ${bandsAheadText(ahead)}`, {
      table: o.table, zone, rules: canonical, offsets_until: until, next_24h: ahead,
    });
  },
});

const show = command({
  name: "show",
  summary: "show a rate table's band plan and the bands of the next 24 hours",
  options: { table: required(name("rate table"), "the rate table") },
  db: "read",
  async run(o, { db }) {
    const table = await findRateTable(db, o.table);
    const b = await storedBands(db, table.id);
    const plan = storedPlan(b.band_rules, b.band_offsets);
    const now = nowSeconds();
    const v = {
      table: o.table, zone: b.band_zone, rules: b.band_rules, offsets_until: b.band_offsets_until,
      next_24h: plan === undefined ? [] : bandsAhead(plan, now, 86400),
    };
    return recordOf(v, [
      { header: "table", cell: () => v.table },
      { header: "zone", cell: () => (v.zone === "" ? "(no bands)" : v.zone) },
      { header: "rules", cell: () => (v.rules === "" ? "(none: every prefix costs its rate_per_minute at all times)" : v.rules) },
      { header: "offsets until", cell: () => (v.offsets_until === 0 ? "-" : timeText(v.offsets_until) + (v.offsets_until - now < 2 * YEAR ? " (soon: set the plan again)" : "")) },
      { header: "next 24 h", cell: () => (plan === undefined ? "-" : bandsAheadText(v.next_24h)) },
    ]);
  },
});

export const bandsGroup: Group = {
  name: "bands",
  summary: "a rate table's time bands (peak, off-peak, weekend …)",
  commands: [set, show],
};
