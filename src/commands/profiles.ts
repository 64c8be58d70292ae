/** `rfm profiles FILE`: one row per customer. */
import { load } from '../io/load';
import { writeAll } from '../io/write';
import { Profile, buildProfiles } from '../model/profile';
import { InputFlags, OutputFlags, loadOptions, resolveFormat, useColor } from '../options';
import { Column, number, text } from '../report/columns';
import { day, money, num } from '../report/format';
import { render } from '../report/render';
import { loadSummary } from '../report/summary';
import type { Runtime } from '../runtime';

export const meta = {
  name: 'profiles',
  summary: 'one row per customer: first/last purchase, orders, revenue, average order value, refunds, gaps',
};

/** Profile columns, shared by every per-customer output. */
export const PROFILE_COLUMNS: Column<Profile>[] = [
  text('customer_id', (p) => p.id),
  text('first_purchase', (p) => day(p.first)),
  text('last_purchase', (p) => day(p.last)),
  number('orders', (p) => p.orders),
  number('revenue', (p) => money(p.revenue)),
  number('aov', (p) => money(p.revenue / p.orders)),
  number('refunds', (p) => money(p.refunds)),
  number('span_days', (p) => p.spanDays),
  number('mean_gap_days', (p) => num(p.meanGapDays, 1)),
];

/** Load and write the profiles. */
export async function run(file: string | undefined, flags: InputFlags & OutputFlags, rt: Runtime) {
  const loaded = await load(loadOptions(file, flags, rt), rt.stdin);
  const profiles = buildProfiles(loaded.book, loaded.keyText);
  if (!flags.quiet) rt.stderr.write(loadSummary(loaded, profiles.length));
  const format = resolveFormat(flags, rt);
  writeAll(flags.output, rt, Boolean(flags.bom) && format === 'csv', (w) =>
    render(format, PROFILE_COLUMNS, profiles, w, useColor(flags, rt, rt.stdoutIsTTY)));
  return { loaded, profiles };
}
