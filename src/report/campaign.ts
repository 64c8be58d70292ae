/** rfm campaign's outputs: one CSV row per group plus the uplift, and the terminal text. */
import chalk from 'chalk';
import type { Column } from './columns';
import { amount, count as n, pct } from './format';
import { padEnd, padStart } from '../help';
import type { Lang } from '../model/segments';
import { campaignWords } from '../words';
import { fitLine } from './render';

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
export function campaignText(d: CampaignData, color: boolean, lang: Lang = 'en'): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const w = campaignWords(lang);
  const widths = [10, 9, 10, 7, 14, 12];
  const cells = (xs: string[]) => xs.map((x, i) => (i ? padStart(x, widths[i]) : padEnd(x, widths[i]))).join(' ');
  const line = (name: string, x: GroupFigures) =>
    cells([name, n(x.customers), n(x.responders), pct(x.rate), amount(x.revenue), amount(x.revenuePerCustomer)]) + '\n';
  let out = fitLine(`${c.bold(w.head(d.since, d.window.from, d.window.to, d.days))}`) + '\n';
  if (d.partial) out += fitLine(`${c.yellow(w.partialWord)}: ${w.partial(d.asOf)}`) + '\n';
  out += c.bold(cells(w.columns)) + '\n';
  out += line(w.contacted, d.contacted);
  if (d.holdout) out += line(w.holdout, d.holdout);
  if (d.uplift) {
    const u = d.uplift;
    const pp = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pt`;
    const verdict = u.low > 0 ? w.raised : u.high < 0 ? w.lowered : w.none;
    out += fitLine(`${w.uplift(pp(u.difference), pp(u.low), pp(u.high))} · ${verdict}`) + '\n';
    const diff = u.revenuePerCustomerDifference;
    out += fitLine(w.incremental(n(u.incrementalResponders), (diff >= 0 ? '+' : '') + amount(diff))) + '\n';
  } else out += fitLine(w.noHoldout) + '\n';
  const missing = d.contacted.notInExport + (d.holdout?.notInExport ?? 0);
  if (missing) out += fitLine(w.missing(n(missing))) + '\n';
  return out;
}
