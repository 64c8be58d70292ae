/** `rfm summary FILE`: the headline figures, customers per lifecycle stage, and the flow between stages. */
import type { Command } from 'commander';
import { newTable } from '../lazy';
import { asOfSourceText, screenWords, stageWord } from '../words';
import chalk from 'chalk';
import type { Lang } from '../model/segments';
import { STAGES, Stage, Windows, stageFromDays } from '../model/lifecycle';
import type { PurchaseLog } from '../model/log';
import type { ProfileTable } from '../model/profile';
import { InputFlags, OutputFlags, addWindowOptions, windowOptions, windowSpec } from '../options';
import { repurchase, windowOf } from '../model/repurchase';
import { repurchaseFigures, repurchaseText } from '../report/repurchase';
import { Figures, figures } from '../model/figures';
import { amount, currencyShown, jsonText, count as n, day, num, pct } from '../report/format';
import { tableStyle, writeCsv } from '../report/render';
import type { Runtime } from '../runtime';
import { emit, loadCustomers } from './common';

export const meta = {
  name: 'summary',
  summary:
    'headline figures: repurchase rate, returning and top-20% revenue shares, Gini, customers per lifecycle stage and their flow since last week',
};

export function configure(cmd: Command): void {
  addWindowOptions(cmd);
  cmd.option(
    '--window <length>',
    'window of the repurchase figures, ending on the as-of date: 30d, 12w, 6m, 1y or all',
    '365d',
  );
}

export const HELP = `
Definitions:
  repurchase rate        customers with 2+ purchases ÷ customers (all history up to the as-of date)
  returning revenue      revenue of customers with 2+ purchases ÷ all revenue (all history)
  top-20% share          revenue of the ceil(20%) customers with the highest revenue ÷ all revenue
  gini                   Gini coefficient of revenue per customer (0 = all equal, → 1 = one customer has all)
  new customers          first purchase at most --new-days days before the as-of date
  stages                 sleeping/lost by the days since the last purchase (--sleep-days, --lost-days);
                         otherwise new, one-time, repeat (2 purchases) or loyal (3+)
  flow                   each customer's stage at as-of − 7 days → at the as-of date ('none': no purchase yet)
Repurchase by definition, over --window (default 365d: the 365 days through the as-of date; 12w, 6m, 1y, all):
  repurchase rate        buyers with 2+ purchases (paid orders; two on one day count twice) in the window ÷
                         buyers with a purchase in the window
  new-buyer N-day        (N = 30, 60, 90) of the buyers whose first purchase in the export lies in the window
                         and at least N days before the as-of date (only they have had N days), the share
                         with another purchase on a later day at most N days after the first
  days between purchases median and type-7 quartiles of the days between a customer's consecutive
                         purchase days (same-day orders are one day), for gaps ending in the window
  returning revenue      net revenue in the window of buyers whose first purchase was before the window ÷
                         all net revenue in the window (老客占比)
Each figure is printed with its definition and the counts it is made of.
`;

/** Customers per stage at the as-of date, and the flow from as-of − 7 days. */
export function stageFlow(t: ProfileTable, log: PurchaseLog, asOf: number, w: Windows) {
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const flow = new Map<string, number>();
  for (let i = 0; i < t.size; i++) {
    const days = log.purchaseDays(t.index[i]);
    const now = stageFromDays(days, asOf, w)!;
    const before = stageFromDays(days, asOf - 7, w) ?? 'none';
    counts[now]++;
    if (before !== now) flow.set(`${before}→${now}`, (flow.get(`${before}→${now}`) ?? 0) + 1);
  }
  const moves = [...flow]
    .map(([k, v]) => ({ from: k.split('→')[0], to: k.split('→')[1], customers: v }))
    .sort((a, b) => b.customers - a.customers || (a.from + a.to < b.from + b.to ? -1 : 1));
  return { counts, moves };
}

export async function run(
  files: string[],
  flags: InputFlags & OutputFlags & { newDays?: string; sleepDays?: string; lostDays?: string; window?: string },
  rt: Runtime,
) {
  const w = windowOptions(flags);
  const spec = flags.window ?? '365d';
  const ws = windowSpec(spec);
  const { loaded, table, asOf, asOfSource, lang } = await loadCustomers(files, flags, rt);
  const f = figures(table, asOf, w.newDays);
  const st = stageFlow(table, loaded.log, asOf, w);
  const firstDay = table.first.reduce((m, d) => Math.min(m, d), asOf);
  const rp = repurchase(loaded.log, windowOf(ws, asOf, firstDay), asOf);
  const figs = repurchaseFigures(rp);
  const data = {
    file: loaded.file,
    asOf: day(asOf),
    asOfSource,
    ...f,
    stages: st.counts,
    flowSinceLastWeek: st.moves,
    repurchase: {
      window: { from: day(rp.window.from), to: day(rp.window.to), length: spec },
      figures: figs.map((x) => ({
        key: x.key,
        value: x.value,
        numerator: x.numerator,
        denominator: x.denominator,
        definition: x.definition,
      })),
    },
  };
  await emit(flags, rt, lang, (format, out, color) => {
    if (format === 'json') out(jsonText({ ...data, currency: currencyShown() ?? null }));
    else if (format === 'csv') {
      const rows: [string, string | number][] = [
        ['as_of', data.asOf],
        ...(Object.entries(f) as [string, number][]).map(([k, v]): [string, number] => [k, v]),
        ...STAGES.map((s): [string, number] => [`stage_${s}`, st.counts[s]]),
        ['window_from', data.repurchase.window.from],
        ['window_to', data.repurchase.window.to],
        ...figs.map((x): [string, string | number] => [x.key, x.value ?? '']),
      ];
      writeCsv(
        [
          { name: 'figure', kind: 'text', get: (r: [string, string | number]) => r[0] },
          { name: 'value', kind: 'number', get: (r: [string, string | number]) => r[1] },
        ],
        rows,
        out,
      );
    } else out(summaryText(data, color, w.newDays, lang) + repurchaseText(rp, spec, lang));
  });
  return data;
}

function summaryText(
  d: Figures & {
    asOf: string;
    asOfSource: string;
    stages: Record<Stage, number>;
    flowSinceLastWeek: { from: string; to: string; customers: number }[];
  },
  color: boolean,
  newDays: number,
  lang: Lang,
): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const style = tableStyle(color);
  const w = screenWords(lang);
  const t = newTable({ style, colAligns: ['left', 'right'] });
  t.push(
    [w.customers, n(d.customers)],
    [w.purchases, n(d.purchases)],
    [w.revenue, amount(d.revenue)],
    [w.averageOrderValue, amount(d.aov)],
    [w.repurchaseRate, pct(d.repurchaseRate)],
    [w.returningShare, pct(d.returningRevenueShare)],
    [w.top20, pct(d.top20RevenueShare)],
    [w.gini, num(d.gini, 3)],
    [w.newCustomers(newDays), n(d.newCustomers)],
  );
  let out = `${c.bold(`${w.asOf} ${d.asOf}`)} (${asOfSourceText(d.asOfSource, lang)})\n${t.toString()}\n`;
  const s = newTable({ head: [w.stage, w.customers, w.share], style, colAligns: ['left', 'right', 'right'] });
  for (const k of STAGES)
    s.push([stageWord(k, lang), n(d.stages[k]), pct(d.customers ? d.stages[k] / d.customers : 0)]);
  out += `${c.bold(w.stages)}\n${s.toString()}\n`;
  const fl = newTable({ head: [w.from, w.to, w.customers], style, colAligns: ['left', 'left', 'right'] });
  for (const m of d.flowSinceLastWeek) fl.push([stageWord(m.from, lang), stageWord(m.to, lang), n(m.customers)]);
  out += `${c.bold(w.moves)}\n${d.flowSinceLastWeek.length ? fl.toString() : w.none}\n`;
  return out;
}
