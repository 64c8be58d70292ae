/** What `rfm segment` shows: per-customer columns, the per-segment summary, cut points and the R×F grid. */
import chalk from 'chalk';
import type { RfmResult } from '../model/rfm';
import { TAGS, stageAt, tagNames, tagsAt } from '../model/rfm';
import { quantile7 } from '../model/scoring';
import { Lang, label } from '../model/segments';
import { profileColumns } from './profile-columns';
import { Column, number, plain, text, moneyCol } from './columns';
import { amount, count, day, money, num, pct } from './format';
import { fitLine, table } from './render';
import { asOfSourceText, screenWords } from '../words';

/** The per-customer columns of `rfm segment` (and its --split files). */
export function segmentColumns(res: RfmResult, lang: Lang): Column<number>[] {
  const wide = res.axes.recency.bins > 9 || res.axes.frequency.bins > 9 || res.axes.monetary.bins > 9;
  const t = res.table;
  const r = res.axes.recency.scores;
  const f = res.axes.frequency.scores;
  const m = res.axes.monetary.scores;
  const labels = res.model.segments.map((d) => label(d, lang));
  return [
    ...profileColumns(t),
    number('recency_days', (i) => res.recency[i]),
    number('frequency', (i) => t.orders[i]),
    moneyCol('monetary', (i) => money(t.revenue[i])),
    number('r', (i) => r[i]),
    number('f', (i) => f[i]),
    number('m', (i) => m[i]),
    plain('rfm', (i) => (wide ? `${r[i]}-${f[i]}-${m[i]}` : `${r[i]}${f[i]}${m[i]}`)),
    text('segment', (i) => labels[res.segment[i]]),
    text('tags', (i) => tagsAt(res, i)),
    plain('stage', (i) => stageAt(res, i)),
  ];
}

export interface SegmentStats {
  index: number;
  key: string;
  segment: string;
  customers: number;
  share: number;
  orders: number;
  /** Money units. */
  revenue: number;
  revenueShare: number;
  aov: number;
  medianRecency: number | null;
  medianFrequency: number | null;
  medianMonetary: number | null;
}

const median = (v: number[]) => (v.length ? quantile7(Float64Array.from(v).sort(), 0.5) : null);

/** The rows (customer numbers in the result) of each segment, in model order. */
export function bySegment(res: RfmResult): number[][] {
  const groups = res.model.segments.map(() => [] as number[]);
  for (let i = 0; i < res.table.size; i++) groups[res.segment[i]].push(i);
  return groups;
}

const sum = (a: ArrayLike<number>, rows?: number[]): number => {
  let s = 0;
  if (rows) for (const i of rows) s += a[i];
  else for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

/** Per-segment figures, sorted by revenue (then customers, then model order). */
export function segmentStats(res: RfmResult, lang: Lang): SegmentStats[] {
  const groups = bySegment(res);
  const t = res.table;
  const total = t.size;
  const totalRevenue = sum(t.revenue);
  const stats = groups.map((g, index): SegmentStats => {
    const revenue = sum(t.revenue, g);
    const orders = sum(t.orders, g);
    const d = res.model.segments[index];
    return {
      index,
      key: d.key,
      segment: label(d, lang),
      customers: g.length,
      share: total ? g.length / total : 0,
      orders,
      revenue,
      revenueShare: totalRevenue ? revenue / totalRevenue : 0,
      aov: orders ? revenue / orders : 0,
      medianRecency: median(g.map((i) => res.recency[i])),
      medianFrequency: median(g.map((i) => t.orders[i])),
      medianMonetary: median(g.map((i) => res.monetary[i])),
    };
  });
  return stats.sort((a, b) => b.revenue - a.revenue || b.customers - a.customers || a.index - b.index);
}

/** Counts per R (rows, best first) × F (columns, 1..N) score. */
export function rfGrid(res: RfmResult): number[][] {
  const rb = res.axes.recency.bins;
  const fb = res.axes.frequency.bins;
  const r = res.axes.recency.scores;
  const f = res.axes.frequency.scores;
  const grid = Array.from({ length: rb }, () => new Array<number>(fb).fill(0));
  for (let i = 0; i < r.length; i++) grid[rb - r[i]][f[i] - 1]++;
  return grid;
}

const fmt = (v: number | null, d = 2) => (v === null ? '' : num(v, d));

/** The cut points as plain data. */
export function cutPoints(res: RfmResult) {
  const axis = (a: RfmResult['axes']['recency']) => ({
    method: a.method,
    bins: a.bins,
    cuts: a.cuts.map((c) => Number(c.toFixed(4))),
    ranges: a.ranges.map((r, i) => ({ score: i + 1, min: r ? r[0] : null, max: r ? r[1] : null })),
  });
  return { recency: axis(res.axes.recency), frequency: axis(res.axes.frequency), monetary: axis(res.axes.monetary) };
}

export interface ReportHead {
  file: string;
  asOfSource: string;
  lang: Lang;
}

/** The whole report as one JSON-able object (`--format json`). */
export function segmentJson(res: RfmResult, head: ReportHead) {
  return {
    file: head.file,
    asOf: day(res.asOf),
    asOfSource: head.asOfSource,
    customers: res.table.size,
    revenue: Number(money(sum(res.table.revenue))),
    model: res.model.id,
    splits: res.splits ?? null,
    cutPoints: cutPoints(res),
    tagThresholds: { highAov: res.aovCut, topSpender: res.revenueCut },
    notes: res.model.notes,
    segments: segmentStats(res, head.lang).map((s) => ({
      segment: s.segment,
      key: s.key,
      customers: s.customers,
      share: Number(s.share.toFixed(4)),
      orders: s.orders,
      revenue: Number(money(s.revenue)),
      revenueShare: Number(s.revenueShare.toFixed(4)),
      aov: Number(money(s.aov)),
      medianRecency: s.medianRecency,
      medianFrequency: s.medianFrequency,
      medianMonetary: s.medianMonetary,
    })),
    rfGrid: { rows: 'recency score, best first', columns: 'frequency score 1..N', counts: rfGrid(res) },
  };
}

function axisLine(name: string, a: RfmResult['axes']['recency'], unit: (v: number) => string): string {
  const cuts = a.cuts.length ? a.cuts.map((c) => unit(c)).join(' | ') : '—';
  const order = a.ranges
    .map((r, i) => ({ r, score: i + 1 }))
    .sort((x, y) => (x.r?.[0] ?? Infinity) - (y.r?.[0] ?? Infinity));
  const rs = order
    .filter((x) => x.r)
    .map((x) => `${x.score}: ${x.r![0] === x.r![1] ? unit(x.r![0]) : `${unit(x.r![0])}–${unit(x.r![1])}`}`);
  const empty = a.ranges.map((r, i) => (r ? 0 : i + 1)).filter(Boolean);
  return (
    fitLine(`  ${name.padEnd(10)} cuts ${cuts}`) +
    '\n' +
    fitLine(`  ${''.padEnd(10)} scores ${rs.join('  ')}${empty.length ? `  (empty: ${empty.join(', ')})` : ''}`) +
    '\n'
  );
}

const METHOD_TEXT: Record<string, string> = {
  quantile: 'type-7 quantiles at k/N; a value equal to a cut point takes the lower-value side',
  ntile: 'equal-count groups (NTILE), ties broken by customer id',
  'r-rfm': 'R package rfm: bins [lower, upper) with thresholds = quantile + 1',
  breaks: 'fixed breaks; a value equal to a break takes the lower-value side',
};

/** The terminal report (`--format table`). */
export function segmentText(res: RfmResult, head: ReportHead, color: boolean): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const stats = segmentStats(res, head.lang);
  const revenue = sum(res.table.revenue);
  const orders = sum(res.table.orders);
  const t = screenWords(head.lang);
  let out =
    fitLine(
      `${c.bold(`${t.asOf} ${day(res.asOf)}`)} (${asOfSourceText(head.asOfSource, head.lang)}) · ${count(res.table.size)} ${t.customers} · ${count(orders)} ${t.purchases} · ${t.revenue} ${amount(Number(money(revenue)))}`,
    ) + '\n';
  out += table(
    [t.segment, t.customers, t.share, t.revenue, t.revShare, t.aov, t.medR, t.medF, t.medM],
    stats.map((s) => [
      s.segment,
      count(s.customers),
      pct(s.share),
      amount(Number(money(s.revenue))),
      pct(s.revenueShare),
      amount(Number(money(s.aov))),
      fmt(s.medianRecency, 1),
      fmt(s.medianFrequency, 1),
      s.medianMonetary === null ? '' : amount(s.medianMonetary),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    color,
  );
  const methods = new Set([res.axes.recency.method, res.axes.frequency.method, res.axes.monetary.method]);
  out += fitLine(`${c.bold(t.cutPoints)} (${[...methods].map((m) => `${m}: ${METHOD_TEXT[m]}`).join('; ')})`) + '\n';
  out += axisLine('recency', res.axes.recency, (v) => `${num(v, 1)}d`);
  out += axisLine('frequency', res.axes.frequency, (v) => num(v, 2));
  out += axisLine('monetary', res.axes.monetary, (v) => num(v, 2));
  if (res.splits)
    out += `  cn8 split at the ${res.splits.how}: recency < ${num(res.splits.recency, 2)} days, frequency > ${num(res.splits.frequency, 2)}, monetary > ${num(res.splits.monetary, 2)} count as high (equal counts as low)\n`;
  const grid = rfGrid(res);
  const max = Math.max(1, ...grid.flat());
  const shade = (v: number) =>
    (color && v ? c.bgBlue.white : (s: string) => s)(String(v).padStart(5)) + (color ? '' : v === max ? '*' : ' ');
  out += fitLine(`${c.bold(t.grid)} (${t.gridNote}${color ? '' : `; ${t.largest}`})`);
  out += '\n';
  out += table(
    ['R \\ F', ...grid[0].map((_, i) => String(i + 1))],
    grid.map((row, i) => [String(res.axes.recency.bins - i), ...row.map(shade)]),
    ['left', ...grid[0].map((): 'left' => 'left')],
    color,
  );
  const counts = new Map<string, number>(TAGS.map((k) => [k, 0]));
  const byCode = new Map<number, number>();
  for (let i = 0; i < res.tag.length; i++) byCode.set(res.tag[i], (byCode.get(res.tag[i]) ?? 0) + 1);
  for (const [code, n] of byCode) for (const k of tagNames(code)) counts.set(k, counts.get(k)! + n);
  out += fitLine(`${t.tags}:  ${TAGS.map((k) => `${k} ${count(counts.get(k)!)}`).join(' · ')}`) + '\n';
  out +=
    fitLine(
      `  high-aov: average order value ≥ ${num(res.aovCut, 2)}; top-spender: revenue ≥ ${num(res.revenueCut, 2)} (80th percentiles)`,
    ) + '\n';
  for (const n of res.model.notes) out += c.yellow(`note: ${n}`) + '\n';
  return out;
}
