/** The rows the admin commands work on, as the store reads them (columns of schema.ts). */

export interface ProductRow {
  id: number;
  name: string;
  kind: "card" | "retail";
  language: string;
  currency: string;
  rate_table_id: number;
  connect_fee_micros: number;
  disconnect_fee_micros: number;
  max_concurrent_calls: number;
  pin_length: number;
  pin_max_tries: number;
  expiry_kind: "none" | "fixed" | "after_first_use" | "after_creation";
  expiry_date: number | null;
  expiry_days: number | null;
  maintenance_fee_micros: number;
  maintenance_every_days: number;
  max_call_seconds: number;
  international_prefixes: string;
  national_prefix: string;
  country_code: string;
  national_number_length: number;
  lockout_failures: number;
  lockout_window_seconds: number;
  announce_rate: number;
  announce_call_cost: number;
  cap_calls: number;
  cap_money_micros: number;
  language_menu: string;
  vouchers: number;
  voucher_key: string;
  created_at: number;
}

export interface AccountRow {
  id: number;
  product_id: number;
  kind: "card" | "master";
  name: string;
  currency: string;
  balance_micros: number;
  held_micros: number;
  state: "active" | "blocked" | "closed";
  created_at: number;
}

export interface CardRow {
  id: number;
  serial: string;
  pin: string;
  account_id: number;
  batch_id: number;
  product_id: number;
  state: "new" | "active" | "blocked" | "void";
  created_at: number;
  first_used_at: number | null;
  expires_at: number | null;
  fees_paid_until: number | null;
}

export interface BatchRow {
  id: number;
  product_id: number;
  card_count: number;
  value_micros: number;
  state: "active" | "blocked";
  first_serial: string;
  last_serial: string;
  created_at: number;
}

export interface RateTableRow {
  id: number;
  name: string;
  currency: string;
}

export interface GatewayRow {
  id: number;
  name: string;
  dial_prefix: string;
  max_channels: number;
  cost_table_id: number | null;
  enabled: number;
}

export interface RouteRow {
  id: number;
  name: string;
  max_attempts: number;
}
