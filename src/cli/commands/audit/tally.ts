/** What `ccard audit` found: the checks, their rules, and the problems each one counted. */

/** The checks, in the order they run and print: a name (stable, for scripts), a title, the rule. */
export const CHECKS = [
  {
    name: "ledger_rows", title: "each ledger row adds up",
    rule: "every ledger row's balance after = its balance before + its amount",
  },
  {
    name: "ledger_chain", title: "each account's ledger chains",
    rule: "each ledger row of an account (in id order) starts from the balance after of the account's previous row",
  },
  {
    name: "balances", title: "each balance is its opening value plus its ledger",
    rule: "every account's balance = its opening value (the balance before of its first ledger row: 0 for every account ccard creates) " +
      "+ the sum of its ledger amounts = the balance after of its last ledger row; an account without a ledger row has a balance of 0",
  },
  {
    name: "held", title: "held money is what the live holds reserve",
    rule: "every account's held money = the sum of the amounts of its live holds; each hold's amount = callCost of its grant at the " +
      "rate it records (what authorisation reserves)",
  },
  {
    name: "expired_holds", title: "no hold is past its expiry",
    rule: "no hold is past its expiry (its call's settlement never came: 'ccard holds reap' ends it)",
  },
  {
    name: "cdr_costs", title: "each CDR costs what its tariff says",
    rule: "every CDR costs callCost (the function the IVR bills with) of its billed milliseconds at the rate it records; its billed " +
      "milliseconds are its answered ones, at most its grant; an estimated CDR costs at most its hold. CDRs settled before schema 3 " +
      "record no tariff: they are counted, not priced",
  },
  {
    name: "cdr_ledger", title: "each CDR's cost is in the ledger once",
    rule: "the ledger rows whose ref is a CDR's UUID — one 'call' or 'call_estimated' row if it billed any time (none if not) and any " +
      "'estimate_corrected' credits — are on the CDR's account and total minus its cost; every such row has a CDR",
  },
] as const;

export type CheckName = (typeof CHECKS)[number]["name"];

/** One problem: the rows it names (JSON keys with their units) and one line for people. */
export interface Problem {
  account_id?: number;
  ledger_id?: number;
  cdr_uuid?: string;
  hold_uuid?: string;
  problem: string;
}

/** A check as reported: its rule, how many problems, the first of them. */
export interface CheckResult {
  name: CheckName;
  title: string;
  rule: string;
  status: "ok" | "fail";
  problem_count: number;
  /** The first problems found, at most --limit. */
  problems: Problem[];
}

/** What was audited: row counts, estimated CDRs and the CDRs that could not be priced again. */
export interface AuditCounts {
  accounts: number;
  ledger_rows: number;
  holds: number;
  cdrs: number;
  estimated_cdrs: number;
  cdrs_not_priced: number;
}

/** Counts every problem of every check and keeps the first `limit` of each. */
export class Tally {
  private readonly found = new Map<CheckName, { count: number; first: Problem[] }>();

  constructor(private readonly limit: number) {
    for (const c of CHECKS) this.found.set(c.name, { count: 0, first: [] });
  }

  add(check: CheckName, p: Problem): void {
    const f = this.found.get(check);
    if (f === undefined) throw new Error(`no check ${check}`);
    f.count++;
    if (f.first.length < this.limit) f.first.push(p);
  }

  results(): CheckResult[] {
    return CHECKS.map((c) => {
      const f = this.found.get(c.name) ?? { count: 0, first: [] };
      return { name: c.name, title: c.title, rule: c.rule, status: f.count === 0 ? "ok" : "fail", problem_count: f.count, problems: f.first };
    });
  }
}
