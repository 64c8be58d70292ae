/** `rfm cohort FILE`: acquisition cohorts (month or week of first purchase) × periods since. */
import { Command, Option } from 'commander';
import { CohortBy, cohortTable } from '../model/cohort';
import type { InputFlags, OutputFlags } from '../options';
import { CohortMetric, cohortColumns, cohortTriangle } from '../report/cohort';
import { day } from '../report/format';
import { toJsonRows, writeCsv } from '../report/render';
import type { Runtime } from '../runtime';
import { emit, loadCustomers } from './common';

export const meta = {
  name: 'cohort',
  summary:
    'acquisition cohorts (month or week of first purchase): active customers, orders and revenue per period since',
};

export function configure(cmd: Command): void {
  cmd
    .addOption(new Option('--by <period>', 'cohort and period length').choices(['month', 'week']).default('month'))
    .addOption(
      new Option('--metric <metric>', 'what the terminal triangle shows')
        .choices(['active', 'revenue', 'orders'])
        .default('active'),
    );
}

export const HELP = `
Definitions:
  cohort       the calendar month (or Monday-to-Sunday week) of a customer's first purchase
  period       calendar months (weeks) since the cohort's own: 0 = the month of the first purchase
  customers    customers of the cohort
  active       customers of the cohort with a purchase in the period (retention = active ÷ customers)
  orders       purchases of the cohort in the period; revenue: its net revenue in the period
               (a return counts in the period of its own date)
  revenue_per_customer_cum, orders_per_customer_cum
               the cohort's revenue (purchases) from period 0 through this one ÷ its customers
  complete     no: the period is still running at the as-of date (its figures are partial)
The terminal shows a triangle, most recent cohort first, as many periods as fit in 80 columns:
  --metric active   % of the cohort active in the period
  --metric revenue  cumulative revenue per customer
  --metric orders   cumulative purchases per customer
CSV and JSON carry every cohort and period.
`;

interface CohortFlags extends InputFlags, OutputFlags {
  by?: CohortBy;
  metric?: CohortMetric;
}

export async function run(files: string[], flags: CohortFlags, rt: Runtime) {
  const by = flags.by ?? 'month';
  const metric = flags.metric ?? 'active';
  const { loaded, asOf, asOfSource, lang } = await loadCustomers(files, flags, rt);
  const cells = cohortTable(loaded.log, asOf, by);
  const cols = cohortColumns(by);
  await emit(flags, rt, lang, (format, w, color) => {
    if (format === 'csv') writeCsv(cols, cells, w);
    else if (format === 'json')
      w(
        JSON.stringify({ file: loaded.file, asOf: day(asOf), asOfSource, by, rows: toJsonRows(cols, cells) }, null, 2) +
          '\n',
      );
    else w(cohortTriangle(cells, by, metric, { asOf: day(asOf), asOfSource }, color, lang));
  });
  return cells;
}
