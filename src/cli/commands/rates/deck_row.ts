/**
 * A rate deck's CSV columns and the validation of one line into a rates row. Pure: the
 * import streams lines through parseDeckRow and only stores what passes.
 */
import { parseMoney } from "../../../domain/money";
import { isDigits } from "../../../domain/intmath";
import { RATE_LIMITS, validateRate } from "../../../domain/tariff";
import { BandPrice, formatBandPrices, isBandName } from "../../../domain/bands";
import { MAX_PREFIX_DIGITS } from "../../../domain/numbers";
import { hasControlChar, hasOnlyNameChars } from "../../options/values";

/** Every column, in export order. */
export const DECK_COLUMNS = [
  "prefix", "destination", "rate_per_minute", "connect_fee", "disconnect_fee",
  "initial_seconds", "increment_seconds", "grace_seconds", "minimum_cost", "route",
] as const;
export type DeckColumn = (typeof DECK_COLUMNS)[number];

/**
 * A band's per-minute price is a column of its own, `rate_per_minute:BAND` (any number of them,
 * e.g. rate_per_minute:peak, rate_per_minute:weekend): empty on a line, that prefix costs its
 * rate_per_minute in that band too (docs/tariff-bands.md).
 */
export const BAND_COLUMN_PREFIX = "rate_per_minute:";

/** Columns a deck must have; the others default (see DECK_DEFAULTS). */
export const REQUIRED_COLUMNS: DeckColumn[] = ["prefix", "destination", "rate_per_minute"];

/** Values used when an optional column is absent or its field is empty. */
export const DECK_DEFAULTS: Partial<Record<DeckColumn, string>> = {
  connect_fee: "0", disconnect_fee: "0", initial_seconds: "60", increment_seconds: "60",
  grace_seconds: "0", minimum_cost: "0", route: "",
};

/** Longest destination / route text accepted. */
const MAX_DESTINATION_CHARS = 200;
const MAX_ROUTE_CHARS = 64;

/** The rates columns of one prefix, as stored (besides its table and version). */
export type RateRow = {
  prefix: string;
  destination: string;
  rate_per_minute_micros: number;
  connect_fee_micros: number;
  disconnect_fee_micros: number;
  initial_seconds: number;
  increment_seconds: number;
  grace_seconds: number;
  minimum_cost_micros: number;
  route: string;
  /** Its band prices, as stored (domain/bands.ts text, "" = none). */
  bands: string;
};

/** A validated line as a rates row of one deck version. */
export type DeckRow = RateRow & { table_id: number; version: number };

/** Which deck a line goes into. */
export interface DeckVersion {
  tableId: number;
  version: number;
}

/** Column positions of a deck: index in the CSV record, or -1 when absent; and its band columns in order. */
export type DeckHeader = Record<DeckColumn, number> & { bands: { band: string; at: number }[] };

/** Maps header names (case-insensitive, trimmed) to positions; a list of problems when bad. */
export function parseDeckHeader(fields: string[]): { header: DeckHeader } | { errors: string[] } {
  const header = { ...Object.fromEntries(DECK_COLUMNS.map((c) => [c, -1])), bands: [] } as unknown as DeckHeader;
  const errors: string[] = [];
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name.startsWith(BAND_COLUMN_PREFIX)) {
      const band = name.substring(BAND_COLUMN_PREFIX.length);
      if (!isBandName(band)) errors.push(`column '${raw}': a band name is a lower-case letter then up to 15 letters, digits or '_'`);
      else if (header.bands.some((b) => b.band === band)) errors.push(`column '${name}' appears twice`);
      else header.bands.push({ band, at: i });
    } else if (!(DECK_COLUMNS as readonly string[]).includes(name)) {
      errors.push(`unknown column '${raw}' (columns: ${DECK_COLUMNS.join(",")}, and ${BAND_COLUMN_PREFIX}BAND for a band's price)`);
    } else if (header[name as DeckColumn] >= 0) errors.push(`column '${name}' appears twice`);
    else header[name as DeckColumn] = i;
  });
  for (const c of REQUIRED_COLUMNS) if (header[c] < 0) errors.push(`missing required column '${c}'`);
  return errors.length > 0 ? { errors } : { header };
}

function field(fields: string[], header: DeckHeader, c: DeckColumn): string {
  const i = header[c];
  const v = i >= 0 ? fields[i] : "";
  return v === "" ? DECK_DEFAULTS[c] ?? "" : v;
}

function money(fields: string[], header: DeckHeader, c: DeckColumn, errors: string[]): number {
  const text = field(fields, header, c);
  const r = parseMoney(text);
  if (r.ok) return r.value;
  errors.push(`${c} '${text}': ${r.code}`);
  return 0;
}

function seconds(fields: string[], header: DeckHeader, c: DeckColumn, errors: string[]): number {
  const text = field(fields, header, c);
  if (!isDigits(text) || text.length > 6) {
    errors.push(`${c} '${text}' is not a whole number of seconds`);
    return 0;
  }
  return Number(text);
}

/** Validates one record against the header; the row of `deck`, or every reason it is bad ("; "-joined). */
export function parseDeckRow(fields: string[], header: DeckHeader, width: number, deck: DeckVersion): { row: DeckRow } | { error: string } {
  if (fields.length !== width) return { error: `expected ${width} fields, found ${fields.length}` };
  const errors: string[] = [];
  const prefix = fields[header.prefix];
  if (prefix.length < 1 || prefix.length > MAX_PREFIX_DIGITS || !isDigits(prefix)) {
    errors.push(`prefix '${prefix}' must be 1 to ${MAX_PREFIX_DIGITS} digits`);
  }
  const destination = fields[header.destination];
  if (destination.length > MAX_DESTINATION_CHARS) errors.push(`destination longer than ${MAX_DESTINATION_CHARS} characters`);
  else if (hasControlChar(destination)) errors.push("destination holds a control character");
  const rate = money(fields, header, "rate_per_minute", errors);
  const connect = money(fields, header, "connect_fee", errors);
  const disconnect = money(fields, header, "disconnect_fee", errors);
  const initial = seconds(fields, header, "initial_seconds", errors);
  const increment = seconds(fields, header, "increment_seconds", errors);
  const grace = seconds(fields, header, "grace_seconds", errors);
  const minimum = money(fields, header, "minimum_cost", errors);
  const bandPrices: BandPrice[] = [];
  for (const b of header.bands) {
    const text = fields[b.at];
    if (text === "") continue;
    const r = parseMoney(text);
    if (!r.ok) errors.push(`${BAND_COLUMN_PREFIX}${b.band} '${text}': ${r.code}`);
    else if (r.value > RATE_LIMITS.maxRatePerMinuteMicros) errors.push(`${BAND_COLUMN_PREFIX}${b.band} '${text}': RATE_FIELD_TOO_LARGE`);
    else bandPrices.push({ band: b.band, ratePerMinuteMicros: r.value });
  }
  const route = field(fields, header, "route");
  if (route.length > MAX_ROUTE_CHARS) errors.push(`route longer than ${MAX_ROUTE_CHARS} characters`);
  else if (hasControlChar(route)) errors.push("route holds a control character");
  // A route is a distributor list name: one that 'ccard routes add' would refuse could never exist.
  else if (!hasOnlyNameChars(route)) errors.push(`route '${route}' may only hold letters, digits, '.', '_' and '-'`);
  if (errors.length === 0 && increment < 1) errors.push("increment_seconds must be at least 1");
  if (errors.length === 0) {
    const v = validateRate({
      ratePerMinuteMicros: rate, connectFeeMicros: connect, disconnectFeeMicros: disconnect,
      initialSeconds: initial, incrementSeconds: increment, graceSeconds: grace, minimumCostMicros: minimum,
    });
    if (!v.ok) errors.push(`tariff rejected: ${v.code}`);
  }
  if (errors.length > 0) return { error: errors.join("; ") };
  return {
    row: {
      table_id: deck.tableId, version: deck.version, prefix, destination, rate_per_minute_micros: rate, connect_fee_micros: connect,
      disconnect_fee_micros: disconnect, initial_seconds: initial, increment_seconds: increment, grace_seconds: grace, minimum_cost_micros: minimum, route,
      bands: formatBandPrices(bandPrices),
    },
  };
}
