/** `rfm dormant FILE`: sleeping customers ranked by value at stake, their rhythm, and the weekly trend. */
import chalk from 'chalk';
import { UsageError } from '../errors';
import { DormantRow, Week, dormant } from '../model/dormant';
import { RfmResult, analyse } from '../model/rfm';
import { Command, Option } from 'commander';
import type { PurchaseLog } from '../model/log';
import { MONEY_SCALE } from '../io/cells';
import { models } from '../lazy';
import { byValue } from '../model/top';
import {
  HoldoutFlags,
  InputFlags,
  OutputFlags,
  RfmFlags,
  addHoldoutOptions,
  addRfmOptions,
  holdoutOptions,
  addTopOption,
  intFlag,
  topOption,
  rfmOptions,
} from '../options';
import { splitHoldout } from '../model/holdout';
import { Column, number, text, moneyCol } from '../report/columns';
import { amount, currencyShown, count as n, day, money, num, pct } from '../report/format';
import { fitLine, screenCell, table, toJsonRows, writeCsv } from '../report/render';
import { Lang, SegmentDef, label } from '../model/segments';
import type { Runtime } from '../runtime';
import { HEAP_PER_LIST } from '../heap';
import { columnWord, dormantWords } from '../words';
import { termSafe } from '../report/safe';
import { checkHoldoutOutput, emit, emitHoldout, holdoutNote, listContacts, loadCustomers } from './common';

export const meta = {
  name: 'dormant',
  summary: 'sleeping customers (no purchase for 90–180 days) ranked by value at stake, with the weekly trend',
};

/** Options of this command beyond input and output. */
export function configure(cmd: Command): void {
  cmd
    .option('--days <n>', 'sleeping from n days since the last purchase', '90')
    .option('--max-days <n>', 'sleeping up to n days (inclusive); beyond: lost', '180')
    .option('--include-lost', 'list lost customers too (status lost)')
    .option(
      '--with <columns>',
      "the export's columns to add from each customer's latest order (default: its name, phone, e-mail, address " +
        "and marketing-consent columns; 'none': no contact columns)",
    )
    .option('--overdue <x>', 'also list customers x times past their own median gap between purchases')
    .option('--weeks <n>', 'weeks of trend (weekly as-of dates back from the as-of date)', '8')
    .addOption(
      new Option(
        '--rank <by>',
        'value: revenue at stake (default); alive: the value still to expect (BG/NBD P(alive) × purchases × spend)',
      ).choices(['value', 'alive']),
    );
  addTopOption(cmd, 'the n customers with the most value at stake (the figures count everyone)');
  addHoldoutOptions(cmd, 'beside -o FILE as FILE.holdout.csv (list.csv → list.holdout.csv)');
  addRfmOptions(cmd, false);
}

export const HELP = `
Definitions:
  sleeping     days since the last purchase within [--days, --max-days], both inclusive (default 90..180)
  lost         more than --max-days days; listed only with --include-lost
  rhythm       for customers with 2+ purchases: the median gap between consecutive purchases, and
               overdue = days since the last purchase ÷ that gap; --overdue 2 also lists customers 2× past
               their own rhythm who are younger than --days (status 'overdue')
  ranking      revenue, then purchases, then customer id; --rank alive: the value still to expect over the
               next 52 weeks = P(alive) × purchases expected while alive × spend per purchase (BG/NBD and
               Gamma-Gamma fitted to every customer in weeks, as rfm predict does), then revenue; adds the
               columns p_alive and expected_value. Too few repeat buyers to fit: exit 4
  important    the high-value classes: Can't Lose Them / At Risk (grid), 重要保持客户 / 重要挽留客户 (cn8),
               or rules marked "important": true
  weekly trend for each of the last --weeks weekly as-of dates (as-of, as-of − 7, …), from the export itself:
               sleeping; base = customers whose last purchase is at most --max-days old (active + sleeping);
               share = sleeping ÷ base; newly sleeping (sleeping now, not a week before); woken up (sleeping a
               week before, bought since); newly lost (sleeping a week before, lost now). Week W's numbers are
               what 'rfm dormant --as-of W' reports on its own.
`;

interface DormantFlags extends InputFlags, OutputFlags, RfmFlags, HoldoutFlags {
  days?: string;
  maxDays?: string;
  includeLost?: boolean;
  top?: string;
  with?: string;
  overdue?: string;
  weeks?: string;
  rank?: 'value' | 'alive';
}

function columns(lang: Lang, segs: SegmentDef[]): Column<DormantRow>[] {
  return [
    text('customer_id', (r) => r.c.id),
    text('status', (r) => r.status),
    text('segment', (r) => label(segs[r.c.segment], lang)),
    text('important', (r) => (segs[r.c.segment].important ? 'yes' : 'no')),
    text('last_purchase', (r) => day(r.c.last)),
    number('days_asleep', (r) => r.c.recency),
    number('orders', (r) => r.c.orders),
    moneyCol('revenue', (r) => money(r.c.revenue)),
    moneyCol('aov', (r) => money(r.c.revenue / r.c.orders)),
    text('first_purchase', (r) => day(r.c.first)),
    number('median_gap_days', (r) => num(r.medianGap, 1)),
    number('overdue', (r) => num(r.overdueRatio, 2)),
    text('rfm', (r) => `${r.c.r}${r.c.f}${r.c.m}`),
  ];
}

/** The columns --rank alive adds. */
const ALIVE_COLUMNS: Column<DormantRow>[] = [
  number('p_alive', (r) => num(r.pAlive ?? null, 4)),
  moneyCol('expected_value', (r) => (r.value === undefined ? null : money(r.value * MONEY_SCALE))),
];

/** Rank the rows by the value still to expect (then revenue, purchases, id), with P(alive) and that value on each. */
function rankAlive(rows: DormantRow[], res: RfmResult, log: PurchaseLog, asOf: number): void {
  // Fitted to every customer of the result, by table row (as the rows are numbered).
  const a = models().alive(res.table.index, log, asOf, MONEY_SCALE);
  for (const r of rows) {
    r.pAlive = a.pAlive[r.i];
    r.value = a.value[r.i];
  }
  const value = byValue<DormantRow>(
    (r) => r.c.revenue,
    (r) => r.c.orders,
    (x, y) => (x.c.id < y.c.id ? -1 : x.c.id > y.c.id ? 1 : 0),
  );
  rows.sort((x, y) => y.value! - x.value! || value(x, y));
}

const SPARK = '▁▂▃▄▅▆▇█';

/** A one-line sparkline of values. */
export function sparkline(values: number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => SPARK[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * 7)]).join('');
}

/** Parse and check the dormancy windows. */
export function windows(f: Pick<DormantFlags, 'days' | 'maxDays' | 'includeLost' | 'overdue' | 'weeks'>) {
  const days = intFlag('--days', f.days, 90, 1);
  const maxDays = intFlag('--max-days', f.maxDays, 180, 1);
  if (days >= maxDays)
    throw new UsageError(
      `--days ${days} must be below --max-days ${maxDays}: pass e.g. --days ${Math.max(1, maxDays - 30)}, or --max-days ${days + 90}`,
    );
  let overdue: number | undefined;
  if (f.overdue !== undefined) {
    overdue = Number(f.overdue);
    if (!/^\s*\d+(\.\d+)?\s*$/.test(f.overdue) || overdue <= 0)
      throw new UsageError(`--overdue: expected a positive number like 2 or 1.5, got '${f.overdue}'`);
  }
  return { days, maxDays, includeLost: Boolean(f.includeLost), overdue, weeks: intFlag('--weeks', f.weeks, 8, 1, 520) };
}

/** The segment options of a command whose sleeping window (--days, --max-days) is also the tags' activity window. */
export function sleepRfmOptions(flags: RfmFlags, rt: Runtime, win: { days: number; maxDays: number }, command: string) {
  const opts = { ...rfmOptions(flags, rt), sleepDays: win.days, lostDays: win.maxDays };
  if (opts.splitDir)
    throw new UsageError(
      `--split ${opts.splitDir}: ${command} takes --split mean|median only (folders of segment files: rfm segment --split DIR)`,
    );
  return opts;
}

export async function run(files: string[], flags: DormantFlags, rt: Runtime) {
  const win = windows(flags);
  const opts = sleepRfmOptions(flags, rt, win, 'rfm dormant');
  const hold = holdoutOptions(flags);
  const top = topOption(flags);
  if (hold) checkHoldoutOutput(flags);
  const { loaded, table, asOf, asOfSource, lang } = await loadCustomers(files, flags, rt, HEAP_PER_LIST);
  const res = analyse(table, asOf, opts);
  const d = dormant(res, loaded.log, asOf, win);
  if (flags.rank === 'alive') rankAlive(d.rows, res, loaded.log, asOf);
  const segs = res.model.segments;
  const contacts = await listContacts(
    loaded,
    d.rows.slice(0, top).map((r) => r.c.index),
    flags,
    rt,
  );
  const cols: Column<DormantRow>[] = [
    ...columns(lang, segs),
    ...(flags.rank === 'alive' ? ALIVE_COLUMNS : []),
    ...contacts.columns((r: DormantRow) => r.c.index),
  ];
  const sleeping = d.rows.filter((r) => r.status === 'sleeping');
  const atStake = sleeping.reduce((s, r) => s + r.c.revenue, 0);
  const summary = {
    file: loaded.file,
    asOf: day(asOf),
    asOfSource,
    window: { days: win.days, maxDays: win.maxDays },
    customers: res.table.size,
    base: d.base,
    sleeping: sleeping.length,
    share: d.base ? Number((sleeping.length / d.base).toFixed(4)) : 0,
    revenueAtStake: Number(money(atStake)),
    important: sleeping.filter((r) => segs[r.c.segment].important).length,
    lost: win.includeLost ? d.rows.filter((r) => r.status === 'lost').length : undefined,
    overdue: win.overdue !== undefined ? d.rows.filter((r) => r.status === 'overdue').length : undefined,
    weeks: d.weeks.map((w) => ({
      ...w,
      asOf: day(w.asOf),
      share: w.base ? Number((w.sleeping / w.base).toFixed(4)) : 0,
    })),
  };
  const section = (rows: DormantRow[]) => (format: string, w: (s: string) => void, color: boolean) => {
    if (format === 'csv') writeCsv(cols, rows, w);
    else if (format === 'json')
      w(
        JSON.stringify({ ...summary, currency: currencyShown() ?? null, rows: toJsonRows(cols, rows) }, null, 2) + '\n',
      );
    else w(dormantText(summary, rows, d.weeks, cols, color, lang));
  };
  if (flags.output && flags.output !== '-' && !flags.quiet) {
    // The list goes to the file; the answer stays on the screen.
    const top = sleeping
      .slice(0, 3)
      .map((r) => `${r.c.id} (${amount(Number(money(r.c.revenue)))})`)
      .join(', ');
    rt.stderr.write(
      termSafe(
        `rfm: ${dormantWords(lang).answer(n(summary.sleeping), pct(summary.share), n(d.base), amount(summary.revenueAtStake), n(summary.important), top)}\n`,
      ),
    );
  }
  if (hold) {
    const split = splitHoldout(d.rows.slice(0, top), (r) => r.c.id, hold);
    if (!flags.quiet) rt.stderr.write(holdoutNote(hold, split, flags.output!));
    await emitHoldout(flags, rt, lang, section(split.contact), section(split.holdout));
  } else await emit(flags, rt, lang, section(d.rows.slice(0, top)));
  return { summary, rows: d.rows };
}

function dormantText(
  s: {
    asOf: string;
    asOfSource: string;
    window: { days: number; maxDays: number };
    base: number;
    sleeping: number;
    share: number;
    revenueAtStake: number;
    important: number;
    lost?: number;
    overdue?: number;
  },
  rows: DormantRow[],
  weeks: Week[],
  cols: Column<DormantRow>[],
  color: boolean,
  lang: Lang,
): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const t = dormantWords(lang);
  let out = fitLine(c.bold(t.head(s.asOf, s.asOfSource, s.window.days, s.window.maxDays))) + '\n';
  out +=
    fitLine(
      t.count(
        c.bold(n(s.sleeping)),
        pct(s.share),
        n(s.base),
        s.window.maxDays,
        amount(s.revenueAtStake),
        n(s.important),
      ),
    ) + '\n';
  if (s.lost !== undefined) out += `${n(s.lost)} lost customers listed (--include-lost)\n`;
  if (s.overdue !== undefined) out += `${n(s.overdue)} customers overdue against their own rhythm (--overdue)\n`;
  // Most telling first: a narrow screen leaves out the columns from the right.
  const order = [
    'customer_id',
    'expected_value',
    'p_alive',
    'revenue',
    'days_asleep',
    'orders',
    'segment',
    'last_purchase',
    'important',
    'status',
    'median_gap_days',
    'overdue',
  ];
  const show = order.map((name) => cols.find((x) => x.name === name)).filter((x) => x !== undefined);
  const top = rows.slice(0, 15);
  out += `${c.bold(t.top)}\n`;
  out += table(
    show.map((x) => columnWord(x.name, lang)),
    top.map((r) => show.map((x) => screenCell(x, r))),
    show.map((x) => (x.kind === 'number' ? 'right' : 'left')),
    color,
    rows.length,
  );
  const trend = table(
    t.trendHead,
    weeks.map((w) => [
      day(w.asOf),
      n(w.sleeping),
      w.base ? pct(w.sleeping / w.base) : '',
      n(w.newlySleeping),
      n(w.wokenUp),
      n(w.newlyLost),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right'],
    color,
  );
  out += `${c.bold(t.trend)} ${sparkline(weeks.map((w) => w.sleeping))}\n${trend}`;
  return out;
}
