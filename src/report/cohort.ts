/** The cohort table's outputs: the long rows (CSV, JSON) and the triangle for the terminal. */
import chalk from 'chalk';
import { MONEY_SCALE } from '../io/cells';
import { CohortBy, CohortCell, periodLabel } from '../model/cohort';
import { Column, number, plain, moneyCol } from './columns';
import { count, day, money } from './format';
import { fitLine } from './render';
import { displayWidth, padEnd, padStart } from '../help';
import type { Lang } from '../model/segments';
import { cohortWords } from '../words';

export type CohortMetric = 'active' | 'revenue' | 'orders';

/** The long table: one row per cohort × period. */
export function cohortColumns(by: CohortBy): Column<CohortCell>[] {
  return [
    plain('cohort', (c) => periodLabel(c.cohort, by)),
    number('period', (c) => c.period),
    plain('period_start', (c) => day(c.start)),
    number('customers', (c) => c.customers),
    number('active', (c) => c.active),
    number('retention', (c) => Number((c.active / c.customers).toFixed(4))),
    number('orders', (c) => c.orders),
    moneyCol('revenue', (c) => money(c.revenue)),
    moneyCol('revenue_per_customer_cum', (c) => money(c.revenueCum / c.customers)),
    number('orders_per_customer_cum', (c) => Number((c.ordersCum / c.customers).toFixed(4))),
    plain('complete', (c) => (c.complete ? 'yes' : 'no')),
  ];
}

const WIDTH = 80;
const MAX_ROWS = 36;

/** A triangle cell's text for the metric. */
function cellText(c: CohortCell, metric: CohortMetric): string {
  if (metric === 'active') return ((100 * c.active) / c.customers).toFixed(1);
  if (metric === 'orders') return (c.ordersCum / c.customers).toFixed(2);
  const v = c.revenueCum / c.customers / MONEY_SCALE;
  return v < 100 ? v.toFixed(2) : v.toFixed(0);
}

/**
 * The triangle: most recent cohort first, one column per period since acquisition, as many as fit in 80
 * columns; a running (incomplete) period is marked with `*`.
 */
export function cohortTriangle(
  cells: CohortCell[],
  by: CohortBy,
  metric: CohortMetric,
  head: { asOf: string; asOfSource: string },
  color: boolean,
  lang: Lang = 'en',
): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const w = cohortWords(lang);
  const rows = new Map<number, CohortCell[]>();
  for (const x of cells) {
    if (!rows.has(x.cohort)) rows.set(x.cohort, []);
    rows.get(x.cohort)!.push(x);
  }
  const cohorts = [...rows.keys()].sort((a, b) => b - a);
  const shown = cohorts.slice(0, MAX_ROWS);
  // A running period's value carries a '*'; values stay aligned on their last digit.
  const text = (x: CohortCell) => cellText(x, metric) + (x.complete ? ' ' : '*');
  const labelW = by === 'month' ? 7 : 10;
  const sizeW = Math.max(displayWidth(w.customers), ...shown.map((p) => count(rows.get(p)![0].customers).length));
  const cellW = Math.max(3, ...cells.map((x) => text(x).length));
  const periods = Math.max(0, ...shown.map((p) => rows.get(p)!.length));
  const fit = Math.max(1, Math.floor((WIDTH - labelW - 1 - sizeW) / (cellW + 1)));
  const cols = Math.min(periods, fit);
  let out = `${c.bold(w.title(by))}: ${w.metric[metric]}\n${w.asOf(head.asOf, head.asOfSource)}\n`;
  let line = padEnd(w.cohort, labelW) + ' ' + padStart(w.customers, sizeW);
  for (let k = 0; k < cols; k++) line += ' ' + `${k} `.padStart(cellW);
  out += c.bold(line.trimEnd()) + '\n';
  for (const p of shown) {
    const row = rows.get(p)!;
    line = periodLabel(p, by).padEnd(labelW) + ' ' + count(row[0].customers).padStart(sizeW);
    for (let k = 0; k < Math.min(cols, row.length); k++) line += ' ' + text(row[k]).padStart(cellW);
    out += line.trimEnd() + '\n';
  }
  out += `${w.columns(by)}\n${w.running}\n`;
  const cut: string[] = [];
  if (cols < periods) cut.push(w.periods(by, cols - 1, periods - 1));
  if (shown.length < cohorts.length) cut.push(w.recent(shown.length, cohorts.length));
  if (cut.length) out += fitLine(w.shown(cut.join(', '))) + '\n';
  return out;
}
