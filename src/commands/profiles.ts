/** `rfm profiles FILE`: one row per customer, with the lifecycle stage. */
import type { Command } from 'commander';
import { stageOf } from '../model/lifecycle';
import { InputFlags, OutputFlags, addTopOption, addWindowOptions, topOption, windowOptions } from '../options';
import { tableValueOrder, topN } from '../model/top';
import { text } from '../report/columns';
import { profileColumns, rowNumbers } from '../report/profile-columns';
import { render } from '../report/render';
import { emit, loadCustomers } from './common';
import type { Runtime } from '../runtime';

export const meta = {
  name: 'profiles',
  summary:
    'one row per customer: first/last purchase, orders, revenue, average order value, refunds, gaps, lifecycle stage',
};

export function configure(cmd: Command): void {
  addWindowOptions(cmd);
  addTopOption(cmd);
}

export const HELP = `
stage: sleeping (--sleep-days..--lost-days days since the last purchase), lost (beyond), else new (first
purchase at most --new-days days before the as-of date), one-time, repeat (2 purchases) or loyal (3+) —
the same stages as rfm segment's stage column and rfm summary's counts.
`;

/** Load and write the profiles. */
export async function run(
  files: string[],
  flags: InputFlags & OutputFlags & { newDays?: string; sleepDays?: string; lostDays?: string; top?: string },
  rt: Runtime,
) {
  const w = windowOptions(flags);
  const top = topOption(flags);
  const c = await loadCustomers(files, flags, rt);
  const { table: t, asOf, lang } = c;
  const cols = [
    ...profileColumns(t),
    text<number>('stage', (i) => stageOf(t.first[i], t.last[i], t.orders[i], asOf, w)),
  ];
  // In id order; with --top, the most valuable first.
  const rows = top === undefined ? rowNumbers(t.size) : topN(rowNumbers(t.size), top, tableValueOrder(t));
  await emit(flags, rt, lang, (format, out, color) => render(format, cols, rows, out, color));
  return { loaded: c.loaded, table: t };
}
