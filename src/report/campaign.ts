/** rfm campaign's outputs: one CSV row per group plus the uplift, and the terminal text. */
import chalk from 'chalk';
import type { Column } from './columns';
import { count as n, pct } from './format';

/** One group's figures as the command reports them (money in currency units, rates exact to 4 decimals). */
export interface GroupFigures {
  customers: number;
  responders: number;
  rate: number;
  revenue: number;
  revenuePerCustomer: number;
  notInExport: number;
}

/** The campaign result (the JSON output). */
export interface CampaignData {
  file: string;
  since: string;
  days: number;
  window: { from: string; to: string };
  asOf: string;
  asOfSource: string;
  partial: boolean;
  contacted: GroupFigures;
  holdout: GroupFigures | null;
  uplift: {
    difference: number;
    low: number;
    high: number;
    method: string;
    incrementalResponders: number;
    revenuePerCustomerDifference: number;
  } | null;
  note?: string;
}

type Row = (string | number | null)[];

/** CSV columns: group, customers, responders, rate (with the uplift's interval), revenue, per customer. */
export const campaignColumns: Column<Row>[] = [
  'group',
  'customers',
  'responders',
  'rate',
  'rate_low',
  'rate_high',
  'revenue',
  'revenue_per_customer',
].map((name, i) => ({ name, kind: i ? ('number' as const) : ('plain' as const), get: (r: Row) => r[i] }));

/** CSV rows: one per group, and the uplift row (difference of rates with its interval). */
export function campaignRows(d: CampaignData): Row[] {
  const g = (name: string, x: GroupFigures): Row => [
    name,
    x.customers,
    x.responders,
    x.rate,
    null,
    null,
    x.revenue,
    x.revenuePerCustomer,
  ];
  const rows = [g('contacted', d.contacted)];
  if (d.holdout) rows.push(g('holdout', d.holdout));
  if (d.uplift)
    rows.push([
      'uplift',
      null,
      d.uplift.incrementalResponders,
      d.uplift.difference,
      d.uplift.low,
      d.uplift.high,
      null,
      d.uplift.revenuePerCustomerDifference,
    ]);
  return rows;
}

/** The terminal text. */
export function campaignText(d: CampaignData, color: boolean): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const line = (name: string, x: GroupFigures) =>
    `${name.padEnd(10)} ${n(x.customers).padStart(9)} ${n(x.responders).padStart(10)} ${pct(x.rate).padStart(7)} ` +
    `${x.revenue.toFixed(2).padStart(12)} ${x.revenuePerCustomer.toFixed(2).padStart(10)}\n`;
  let out = `${c.bold(`campaign sent ${d.since}`)} · response = a purchase ${d.window.from} – ${d.window.to} (${d.days} days)\n`;
  if (d.partial) out += `${c.yellow('partial')}: the export ends ${d.asOf}, before the window does\n`;
  out +=
    c.bold(
      `${'group'.padEnd(10)} ${'customers'.padStart(9)} ${'responders'.padStart(10)} ${'rate'.padStart(7)} ${'revenue'.padStart(12)} ${'per cust.'.padStart(10)}`,
    ) + '\n';
  out += line('contacted', d.contacted);
  if (d.holdout) out += line('holdout', d.holdout);
  if (d.uplift) {
    const u = d.uplift;
    const pp = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pt`;
    out += `uplift ${pp(u.difference)} (95% CI ${pp(u.low)} to ${pp(u.high)}, Newcombe hybrid score) · `;
    out +=
      u.low > 0
        ? 'the campaign raised the response'
        : u.high < 0
          ? 'the campaign lowered the response'
          : 'not distinguishable from no campaign';
    out += `\n≈ ${n(u.incrementalResponders)} incremental responders · revenue per customer ${u.revenuePerCustomerDifference >= 0 ? '+' : ''}${u.revenuePerCustomerDifference.toFixed(2)} against the holdout\n`;
  } else
    out += `no holdout given: no baseline — the rate includes customers who would have bought anyway (rfm dormant|crowd --holdout 10% keeps one)\n`;
  const missing = d.contacted.notInExport + (d.holdout?.notInExport ?? 0);
  if (missing) out += `${n(missing)} listed customers have no purchase in this export (counted as not responding)\n`;
  return out;
}
