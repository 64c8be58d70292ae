/** `rfm summary FILE`: the headline figures, customers per lifecycle stage, and the flow between stages. */
import type { Command } from 'commander';
import chalk from 'chalk';
import Table from 'cli-table3';
import { STAGES, Stage, Windows, stageFromDays } from '../model/lifecycle';
import type { CustomerBook } from '../model/book';
import type { Profile } from '../model/profile';
import { InputFlags, OutputFlags, addWindowOptions, windowOptions } from '../options';
import { day, money, num } from '../report/format';
import { tableStyle, writeCsv } from '../report/render';
import type { Runtime } from '../runtime';
import { emit, loadCustomers } from './common';

export const meta = {
  name: 'summary',
  summary: 'headline figures: repurchase rate, returning and top-20% revenue shares, Gini, customers per lifecycle stage and their flow since last week',
};

export function configure(cmd: Command): void {
  addWindowOptions(cmd);
}

export const HELP = `
Definitions:
  repurchase rate        customers with 2+ purchases ÷ customers
  returning revenue      revenue of customers with 2+ purchases ÷ all revenue
  top-20% share          revenue of the ceil(20%) customers with the highest revenue ÷ all revenue
  gini                   Gini coefficient of revenue per customer (0 = all equal, → 1 = one customer has all)
  new customers          first purchase at most --new-days days before the as-of date
  stages                 sleeping/lost by the days since the last purchase (--sleep-days, --lost-days);
                         otherwise new, one-time, repeat (2 purchases) or loyal (3+)
  flow                   each customer's stage at as-of − 7 days → at the as-of date ('none': no purchase yet)
`;

export interface Figures {
  customers: number;
  purchases: number;
  revenue: number;
  aov: number;
  repurchaseRate: number;
  returningRevenueShare: number;
  top20RevenueShare: number;
  gini: number;
  newCustomers: number;
}

/** The headline figures of a set of profiles (revenue in money units). */
export function figures(profiles: Profile[], asOf: number, newDays: number): Figures {
  const n = profiles.length;
  let purchases = 0;
  let revenue = 0;
  let repeat = 0;
  let repeatRevenue = 0;
  let fresh = 0;
  const rev = new Float64Array(n);
  profiles.forEach((p, i) => {
    purchases += p.orders;
    revenue += p.revenue;
    rev[i] = p.revenue;
    if (p.orders >= 2) {
      repeat++;
      repeatRevenue += p.revenue;
    }
    if (asOf - p.first <= newDays) fresh++;
  });
  rev.sort();
  const top = Math.ceil(n * 0.2);
  let topRevenue = 0;
  for (let i = n - top; i < n; i++) topRevenue += rev[i];
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * rev[i];
  const gini = n && revenue ? (2 * weighted) / (n * revenue) - (n + 1) / n : 0;
  const r4 = (x: number) => Number(x.toFixed(4));
  return {
    customers: n,
    purchases,
    revenue: Number(money(revenue)),
    aov: purchases ? Number(money(revenue / purchases)) : 0,
    repurchaseRate: n ? r4(repeat / n) : 0,
    returningRevenueShare: revenue ? r4(repeatRevenue / revenue) : 0,
    top20RevenueShare: revenue ? r4(topRevenue / revenue) : 0,
    gini: r4(gini),
    newCustomers: fresh,
  };
}

/** Customers per stage at the as-of date, and the flow from as-of − 7 days. */
export function stageFlow(profiles: Profile[], book: CustomerBook, asOf: number, w: Windows) {
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const flow = new Map<string, number>();
  for (const p of profiles) {
    const days = book.purchaseDays(p.index);
    const now = stageFromDays(days, asOf, w)!;
    const before = stageFromDays(days, asOf - 7, w) ?? 'none';
    counts[now]++;
    if (before !== now) flow.set(`${before}→${now}`, (flow.get(`${before}→${now}`) ?? 0) + 1);
  }
  const moves = [...flow].map(([k, v]) => ({ from: k.split('→')[0], to: k.split('→')[1], customers: v })).sort((a, b) => b.customers - a.customers || (a.from + a.to < b.from + b.to ? -1 : 1));
  return { counts, moves };
}

export async function run(file: string | undefined, flags: InputFlags & OutputFlags & { newDays?: string; sleepDays?: string; lostDays?: string }, rt: Runtime) {
  const w = windowOptions(flags);
  const { loaded, profiles, asOf, asOfSource, lang } = await loadCustomers(file, flags, rt, true);
  const f = figures(profiles, asOf, w.newDays);
  const st = stageFlow(profiles, loaded.book, asOf, w);
  const data = { file: loaded.file, asOf: day(asOf), asOfSource, ...f, stages: st.counts, flowSinceLastWeek: st.moves };
  emit(flags, rt, lang, (format, out, color) => {
    if (format === 'json') out(JSON.stringify(data, null, 2) + '\n');
    else if (format === 'csv') {
      const rows: [string, string | number][] = [
        ['as_of', data.asOf], ...(Object.entries(f) as [string, number][]).map(([k, v]): [string, number] => [k, v]),
        ...STAGES.map((s): [string, number] => [`stage_${s}`, st.counts[s]]),
      ];
      writeCsv([{ name: 'figure', kind: 'text', get: (r: [string, string | number]) => r[0] }, { name: 'value', kind: 'number', get: (r: [string, string | number]) => r[1] }], rows, out);
    } else out(summaryText(data, color));
  });
  return data;
}

function summaryText(d: Figures & { asOf: string; asOfSource: string; stages: Record<Stage, number>; flowSinceLastWeek: { from: string; to: string; customers: number }[] }, color: boolean): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const style = tableStyle(color);
  const n = (v: number) => v.toLocaleString('en-US');
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const t = new Table({ style, colAligns: ['left', 'right'] });
  t.push(
    ['customers', n(d.customers)], ['purchases', n(d.purchases)], ['revenue', d.revenue.toFixed(2)], ['average order value', d.aov.toFixed(2)],
    ['repurchase rate (2+ purchases)', pct(d.repurchaseRate)], ["returning customers' revenue share", pct(d.returningRevenueShare)],
    ["top 20% customers' revenue share", pct(d.top20RevenueShare)], ['Gini of revenue', num(d.gini, 3)], ['new customers (last 30 days)', n(d.newCustomers)],
  );
  let out = `${c.bold(`as of ${d.asOf}`)} (${d.asOfSource})\n${t.toString()}\n`;
  const s = new Table({ head: ['stage', 'customers', 'share'], style, colAligns: ['left', 'right', 'right'] });
  for (const k of STAGES) s.push([k, n(d.stages[k]), pct(d.customers ? d.stages[k] / d.customers : 0)]);
  out += `${c.bold('lifecycle stages')}\n${s.toString()}\n`;
  const fl = new Table({ head: ['from (a week ago)', 'to (now)', 'customers'], style, colAligns: ['left', 'left', 'right'] });
  for (const m of d.flowSinceLastWeek) fl.push([m.from, m.to, n(m.customers)]);
  out += `${c.bold('moves since last week')}\n${d.flowSinceLastWeek.length ? fl.toString() : '(none)'}\n`;
  return out;
}
