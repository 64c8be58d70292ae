/**
 * The weekly report (`rfm report`): one plain data object — totals, segments, the R×F grid, sleeping
 * customers with their trend, segment movement since last week, revenue concentration — and its terminal
 * and Markdown renderings. The HTML rendering is in html.ts; JSON is the object itself.
 */
import chalk from 'chalk';
import { Figures, figures } from '../model/figures';
import type { Loaded } from '../io/load';
import type { PurchaseLog } from '../model/log';
import { DormantRow, Week, dormant } from '../model/dormant';
import { models } from '../lazy';
import { MONEY_SCALE } from '../io/cells';
import { ProfileTable, tableAt } from '../model/profile';
import { RfmOptions, RfmResult, analyse } from '../model/rfm';
import { Lang, label } from '../model/segments';
import { amount, count, day, money, pct } from './format';
import { fitLine, table as screenTable } from './render';
import { WindowSpec, repurchase, windowOf } from '../model/repurchase';
import { cohortTable, periodLabel } from '../model/cohort';
import { repurchaseFigures, windowTitle } from './repurchase';
import { displayWidth } from '../help';
import { asOfSourceText, legend } from '../words';
import { rfGrid, segmentStats } from './segment';

export interface WeeklyOptions {
  rfm: RfmOptions;
  /** Sleeping window and weeks of trend (`rfm dormant`'s). */
  days: number;
  maxDays: number;
  weeks: number;
  top: number;
  /** `--alive`: P(alive) (BG/NBD, fitted to every customer) beside each listed sleeping customer. */
  alive?: boolean;
  /** The repurchase figures' window (`--window`), as given and parsed. */
  window: { text: string; spec: WindowSpec };
}

export interface Weekly {
  title: string;
  file: string;
  platform: string;
  lang: Lang;
  asOf: string;
  asOfSource: string;
  /** Colliding words, each with its definition. */
  legend: string[];
  lastWeek: string;
  totals: Figures;
  segments: {
    key: string;
    segment: string;
    customers: number;
    share: number;
    revenue: number;
    revenueShare: number;
    aov: number;
    important: boolean;
  }[];
  /** Customers per R score (rows, best first) × F score (columns, 1..N). */
  grid: { r: number[]; f: number[]; counts: number[][] };
  sleeping: {
    days: number;
    maxDays: number;
    customers: number;
    base: number;
    share: number;
    revenueAtStake: number;
    top: {
      customer: string;
      segment: string;
      lastPurchase: string;
      daysAsleep: number;
      orders: number;
      revenue: number;
      /** With `--alive`. */
      pAlive?: number;
    }[];
    weeks: (Omit<Week, 'asOf'> & { asOf: string; share: number })[];
  };
  /** Segment a week ago (rows; the last row: no purchase yet) → segment now (columns). */
  movement: { from: string[]; to: string[]; counts: number[][]; moved: number; stayed: number; newCustomers: number };
  /** Repurchase by definition over the window: each figure with its definition (口径). */
  repurchase: {
    window: { from: string; to: string; length: string };
    title: string;
    figures: {
      key: string;
      label: string;
      value: number | null;
      shown: string;
      numerator?: number;
      denominator?: number;
      definition: string;
    }[];
  };
  /** Monthly acquisition cohorts, newest first (at most 12): size and retention in months 1..12 after. */
  cohorts: { cohort: string; customers: number; activeShare: number[]; complete: boolean[] }[];
  /** Revenue concentration: customers by revenue, highest first; cumulative shares at 0..100% of customers. */
  pareto: { customerShare: number[]; revenueShare: number[] };
}

const cur = (units: number) => Number(money(units));

/** Build the weekly report from loaded profiles (loaded with history). */
export function weekly(
  loaded: Loaded,
  table: ProfileTable,
  asOf: number,
  asOfSource: string,
  lang: Lang,
  o: WeeklyOptions,
): Weekly {
  const res = analyse(table, asOf, o.rfm);
  const segs = res.model.segments;
  const stats = segmentStats(res, lang);
  const d = dormant(res, loaded.log, asOf, {
    days: o.days,
    maxDays: o.maxDays,
    includeLost: false,
    weeks: o.weeks,
  });
  const sleepingRows = d.rows.filter((x) => x.status === 'sleeping');
  const listed = sleepingRows.slice(0, o.top);
  const pAlive = o.alive && listed.length ? aliveOf(res, loaded.log, asOf, listed) : null;
  const grid = rfGrid(res);
  const rb = res.axes.recency.bins;
  return {
    title: lang === 'zh' ? '客户周报' : 'Weekly customer report',
    file: loaded.file,
    platform: loaded.detection.platform.name,
    lang,
    asOf: day(asOf),
    asOfSource: asOfSourceText(asOfSource, lang),
    legend: legend(lang, o.days, o.maxDays, res.model.id),
    lastWeek: day(asOf - 7),
    totals: figures(table, asOf, o.rfm.newDays),
    segments: stats.map((s) => ({
      key: s.key,
      segment: s.segment,
      customers: s.customers,
      share: s.share,
      revenue: cur(s.revenue),
      revenueShare: s.revenueShare,
      aov: cur(s.aov),
      important: Boolean(segs[s.index].important),
    })),
    grid: {
      r: Array.from({ length: rb }, (_, i) => rb - i),
      f: Array.from({ length: res.axes.frequency.bins }, (_, i) => i + 1),
      counts: grid,
    },
    sleeping: {
      days: o.days,
      maxDays: o.maxDays,
      customers: sleepingRows.length,
      base: d.base,
      share: d.base ? sleepingRows.length / d.base : 0,
      revenueAtStake: cur(sleepingRows.reduce((s, x) => s + table.revenue[x.i], 0)),
      top: listed.map((x, k) => ({
        customer: x.c.id,
        segment: label(segs[x.c.segment], lang),
        lastPurchase: day(x.c.last),
        daysAsleep: x.c.recency,
        orders: x.c.orders,
        revenue: cur(x.c.revenue),
        ...(pAlive ? { pAlive: Number(pAlive[k].toFixed(4)) } : {}),
      })),
      weeks: d.weeks.map((w) => ({ ...w, asOf: day(w.asOf), share: w.base ? w.sleeping / w.base : 0 })),
    },
    movement: movement(res, loaded.log, asOf, o.rfm, lang),
    repurchase: repurchaseOf(loaded.log, table, asOf, lang, o.window),
    cohorts: cohorts(loaded.log, asOf),
    pareto: pareto(table),
  };
}

function repurchaseOf(
  log: PurchaseLog,
  table: ProfileTable,
  asOf: number,
  lang: Lang,
  win: WeeklyOptions['window'],
): Weekly['repurchase'] {
  const first = table.first.reduce((m, d) => Math.min(m, d), asOf);
  const r = repurchase(log, windowOf(win.spec, asOf, first), asOf);
  return {
    window: { from: day(r.window.from), to: day(r.window.to), length: win.text },
    title: windowTitle(r, win.text, lang),
    figures: repurchaseFigures(r, lang)
      .filter((f) => f.line)
      .map(({ key, label, value, shown, numerator, denominator, definition }) => ({
        key,
        label,
        value,
        shown,
        numerator,
        denominator,
        definition,
      })),
  };
}

const COHORTS = 12;

/** The newest monthly cohorts with their retention in the months after the first purchase (1..12). */
function cohorts(log: PurchaseLog, asOf: number): Weekly['cohorts'] {
  const cells = cohortTable(log, asOf, 'month');
  const out: Weekly['cohorts'] = [];
  for (const c of cells) {
    if (c.period === 0)
      out.push({ cohort: periodLabel(c.cohort, 'month'), customers: c.customers, activeShare: [], complete: [] });
    else if (c.period <= COHORTS) {
      out[out.length - 1].activeShare.push(c.active / c.customers);
      out[out.length - 1].complete.push(c.complete);
    }
  }
  return out.reverse().slice(0, COHORTS);
}

/** Segment at as-of − 7 (as `--as-of` that day would score it) → segment at as-of, per customer. */
function movement(now: RfmResult, log: PurchaseLog, asOf: number, o: RfmOptions, lang: Lang): Weekly['movement'] {
  const before = analyse(tableAt(now.table, log, asOf - 7), asOf - 7, o);
  // Each customer's segment a week ago by log number (−1: no purchase yet).
  const prev = new Int32Array(log.customers).fill(-1);
  for (let j = 0; j < before.table.size; j++) prev[before.table.index[j]] = before.segment[j];
  const names = now.model.segments.map((s) => label(s, lang));
  const k = names.length;
  const counts = Array.from({ length: k + 1 }, () => new Array<number>(k).fill(0));
  let moved = 0;
  let stayed = 0;
  for (let i = 0; i < now.table.size; i++) {
    const p = prev[now.table.index[i]];
    const seg = now.segment[i];
    counts[p < 0 ? k : p][seg]++;
    if (p === seg) stayed++;
    else if (p >= 0) moved++;
  }
  return {
    from: [...names, lang === 'zh' ? '（上周尚未购买）' : '(no purchase yet)'],
    to: names,
    counts,
    moved,
    stayed,
    newCustomers: counts[k].reduce((a, b) => a + b, 0),
  };
}

/**
 * The Lorenz curve of revenue (customers by revenue, highest first) at each percent of customers: the cumulative
 * share between two customers is interpolated, as the curve through the points (k/n, revenue of the top k) is
 * drawn, so it never dips below the diagonal however few the customers.
 */
function pareto(table: ProfileTable): Weekly['pareto'] {
  const rev = table.revenue
    .map((r) => Math.max(0, r))
    .sort()
    .reverse();
  const total = rev.reduce((a, b) => a + b, 0);
  const n = rev.length;
  const customerShare: number[] = [];
  const revenueShare: number[] = [];
  let acc = 0;
  let i = 0;
  for (let p = 0; p <= 100; p++) {
    const x = (n * p) / 100;
    while (i + 1 <= x) acc += rev[i++];
    const part = i < n ? (x - i) * rev[i] : 0;
    customerShare.push(p / 100);
    revenueShare.push(total ? (acc + part) / total : 0);
  }
  return { customerShare, revenueShare };
}

/** Labels of the report's parts, in the report's language. */
export function words(lang: Lang) {
  const zh = lang === 'zh';
  return {
    asOf: zh ? '截至' : 'as of',
    lastWeek: zh ? '上周' : 'last week',
    thisWeek: zh ? '本周' : 'this week',
    totals: zh ? '总览' : 'Totals',
    customers: zh ? '客户数' : 'customers',
    purchases: zh ? '购买次数' : 'purchases',
    revenue: zh ? '销售额' : 'revenue',
    aov: zh ? '客单价' : 'average order value',
    repurchase: zh ? '复购率（购买 2 次及以上的客户）' : 'repurchase rate (customers with 2+ purchases)',
    returning: zh ? '复购客户销售额占比' : "repeat customers' share of revenue",
    top20: zh ? '前 20% 客户销售额占比' : "top 20% customers' share of revenue",
    segments: zh ? '客户分层' : 'Segments',
    segment: zh ? '分层' : 'segment',
    share: zh ? '占比' : 'share',
    revenueShare: zh ? '销售额占比' : 'revenue share',
    grid: zh ? 'R×F 分布（R 越高越近，F 越高越多）' : 'R×F grid (higher R = more recent, higher F = more purchases)',
    sleeping: zh ? '沉睡客户' : 'Sleeping customers',
    sleepingDef: (a: number, b: number) => (zh ? `${a}–${b} 天未复购` : `no purchase for ${a}–${b} days`),
    atStake: zh ? '涉及销售额' : 'revenue at stake',
    trend: zh ? '沉睡趋势（每周）' : 'Sleeping, week by week',
    week: zh ? '周' : 'week',
    base: zh ? '基数' : 'base',
    newlySleeping: zh ? '新增沉睡' : 'newly sleeping',
    wokenUp: zh ? '被唤醒' : 'woken up',
    newlyLost: zh ? '新增流失' : 'newly lost',
    movement: zh ? '分层流动（上周 → 本周）' : 'Segment movement (last week → now)',
    moved: zh ? '换了分层' : 'moved',
    stayed: zh ? '未变' : 'stayed',
    fresh: zh ? '本周首次购买' : 'first purchase this week',
    pareto: zh ? '销售额集中度' : 'Revenue concentration',
    topCustomers: zh ? '价值最高的沉睡客户' : 'Most valuable sleeping customers',
    customer: zh ? '客户' : 'customer',
    lastPurchase: zh ? '最近购买' : 'last purchase',
    daysAsleep: zh ? '沉睡天数' : 'days asleep',
    orders: zh ? '购买次数' : 'orders',
    cohorts: zh
      ? '新客留存（按首购月份，之后各月购买的占比）'
      : 'Retention by month of first purchase (share buying in each month after)',
    cohort: zh ? '首购月份' : 'cohort',
    figure: zh ? '指标' : 'figure',
    value: zh ? '数值' : 'value',
    definition: zh ? '口径' : 'definition',
    pAlive: zh ? '仍活跃概率' : 'P(alive)',
    legend: zh ? '名词说明' : 'Words used',
  };
}

/** Moves between different segments, largest first. */
function topMoves(w: Weekly, limit = 12): { from: string; to: string; customers: number }[] {
  const out: { from: string; to: string; customers: number }[] = [];
  w.movement.counts.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v > 0 && i !== j) out.push({ from: w.movement.from[i], to: w.movement.to[j], customers: v });
    }),
  );
  return out.sort((a, b) => b.customers - a.customers).slice(0, limit);
}

/** A table of the report as display text, shared by the terminal, Markdown and HTML renderings. */
export interface ReportTable {
  head: string[];
  rows: string[][];
  /** Right-aligned (numeric) columns. */
  right: boolean[];
}

const table = (head: string[], rows: string[][], right: boolean[]): ReportTable => ({ head, rows, right });

/** The report's tables. */
export function reportTables(w: Weekly) {
  const alive = w.sleeping.top.some((x) => x.pAlive !== undefined);
  const t = words(w.lang);
  const s = w.sleeping;
  return {
    totals: table(
      ['', ''],
      [
        [t.customers, count(w.totals.customers)],
        [t.purchases, count(w.totals.purchases)],
        [t.revenue, amount(w.totals.revenue)],
        [t.aov, amount(w.totals.aov)],
        [t.repurchase, pct(w.totals.repurchaseRate)],
        [t.returning, pct(w.totals.returningRevenueShare)],
        [t.top20, pct(w.totals.top20RevenueShare)],
      ],
      [false, true],
    ),
    segments: table(
      [t.segment, t.customers, t.share, t.revenue, t.revenueShare, t.aov],
      w.segments.map((x) => [
        x.segment,
        count(x.customers),
        pct(x.share),
        amount(x.revenue),
        pct(x.revenueShare),
        amount(x.aov),
      ]),
      [false, true, true, true, true, true],
    ),
    grid: table(
      ['R \\ F', ...w.grid.f.map(String)],
      w.grid.counts.map((row, i) => [String(w.grid.r[i]), ...row.map(count)]),
      [false, ...w.grid.f.map(() => true)],
    ),
    weeks: table(
      [t.week, t.sleeping, t.base, t.share, t.newlySleeping, t.wokenUp, t.newlyLost],
      s.weeks.map((x) => [
        x.asOf,
        count(x.sleeping),
        count(x.base),
        pct(x.share),
        count(x.newlySleeping),
        count(x.wokenUp),
        count(x.newlyLost),
      ]),
      [false, true, true, true, true, true, true],
    ),
    top: table(
      [t.customer, t.segment, t.lastPurchase, t.daysAsleep, t.orders, t.revenue, ...(alive ? [t.pAlive] : [])],
      s.top.map((x) => [
        x.customer,
        x.segment,
        x.lastPurchase,
        count(x.daysAsleep),
        count(x.orders),
        amount(x.revenue),
        ...(alive ? [pct(x.pAlive!)] : []),
      ]),
      [false, false, false, true, true, true, true],
    ),
    moves: table(
      [t.lastWeek, '→', t.customers],
      topMoves(w).map((x) => [x.from, x.to, count(x.customers)]),
      [false, false, true],
    ),
    pareto: table(
      [t.customers, t.revenueShare],
      [1, 5, 10, 20, 50].map((p) => [pct(p / 100), pct(w.pareto.revenueShare[p])]),
      [true, true],
    ),
    repurchase: table(
      [t.figure, t.value, t.definition],
      w.repurchase.figures.map((f) => [f.label, f.shown, f.definition]),
      [false, true, false],
    ),
    /** One-line summaries. */
    sleepingLine: `${t.sleepingDef(s.days, s.maxDays)}: ${count(s.customers)} / ${count(s.base)} (${pct(s.share)}), ${t.atStake} ${amount(s.revenueAtStake)}`,
    movementLine: `${t.moved} ${count(w.movement.moved)}, ${t.stayed} ${count(w.movement.stayed)}, ${t.fresh} ${count(w.movement.newCustomers)}`,
  };
}

/** The terminal report. */
export function weeklyText(w: Weekly, color: boolean): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const t = words(w.lang);
  const x = reportTables(w);
  const show = (tb: ReportTable, head = true): string =>
    screenTable(
      head ? tb.head : null,
      tb.rows,
      tb.right.map((r) => (r ? 'right' : 'left')),
      color,
    );
  const h = (title: string) => c.bold(title) + '\n';
  let out = fitLine(`${c.bold(w.title)} — ${w.file} (${w.platform}), ${t.asOf} ${w.asOf} (${w.asOfSource})`) + '\n\n';
  out += h(t.totals) + show(x.totals, false) + '\n';
  // Definitions are long: label, value and definition as lines, not a boxed table.
  const lw = Math.max(...w.repurchase.figures.map((f) => displayWidth(f.label)));
  const vw = Math.max(...w.repurchase.figures.map((f) => f.shown.length));
  out += h(w.repurchase.title);
  for (const f of w.repurchase.figures)
    out +=
      fitLine(`  ${f.label}${' '.repeat(lw - displayWidth(f.label))}  ${f.shown.padStart(vw)}  ${f.definition}`) + '\n';
  out += '\n';
  out += h(t.segments) + show(x.segments) + '\n';
  out += h(t.grid) + show(x.grid) + '\n';
  out += fitLine(`${c.bold(t.sleeping)} (${x.sleepingLine})`) + '\n' + show(x.weeks);
  if (x.top.rows.length) out += h(t.topCustomers) + show(x.top);
  out += `\n${fitLine(`${c.bold(t.movement)}: ${x.movementLine}`)}\n` + show(x.moves);
  out += '\n' + h(t.legend) + w.legend.map((l) => fitLine(`  ${l}`) + '\n').join('');
  return out;
}

/** Escape a Markdown table cell. */
const mdCell = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([<>*_`[\]])/g, '\\$1');

function mdTable(tb: ReportTable): string {
  const line = (r: string[]) => `| ${r.map(mdCell).join(' | ')} |`;
  return (
    [line(tb.head), `|${tb.right.map((x) => (x ? '---:' : '---')).join('|')}|`, ...tb.rows.map(line)].join('\n') + '\n'
  );
}

/** The Markdown report (chat groups, wikis). */
export function weeklyMarkdown(w: Weekly): string {
  const t = words(w.lang);
  const x = reportTables(w);
  let out = `# ${mdCell(w.title)}\n\n${mdCell(w.file)} (${mdCell(w.platform)}) — ${t.asOf} **${w.asOf}** (${mdCell(w.asOfSource)})\n\n`;
  out += `## ${t.totals}\n\n${mdTable(x.totals)}`;
  out += `\n## ${mdCell(w.repurchase.title)}\n\n${mdTable(x.repurchase)}`;
  out += `\n## ${t.segments}\n\n${mdTable(x.segments)}`;
  out += `\n## ${t.grid}\n\n${mdTable(x.grid)}`;
  out += `\n## ${t.sleeping}\n\n${x.sleepingLine}\n\n${mdTable(x.weeks)}`;
  if (x.top.rows.length) out += `\n### ${t.topCustomers}\n\n${mdTable(x.top)}`;
  out += `\n## ${t.movement}\n\n${x.movementLine}\n\n${mdTable(x.moves)}`;
  out += `\n## ${t.pareto}\n\n${mdTable(x.pareto)}`;
  out += `\n## ${t.legend}\n\n${w.legend.map((l) => `- ${mdCell(l)}`).join('\n')}\n`;
  return out;
}

/** P(alive) of the listed customers, from BG/NBD fitted to every customer (rfm predict's fit, in weeks). */
function aliveOf(res: RfmResult, log: PurchaseLog, asOf: number, rows: DormantRow[]): number[] {
  const a = models().alive(res.table.index, log, asOf, MONEY_SCALE);
  return rows.map((r) => a.pAlive[r.i]);
}
