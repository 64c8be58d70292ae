/** `rfm tiers FILE --by spend|orders --levels 500,2000,5000`: VIP levels that only ever go up. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../errors';
import { MONEY_SCALE } from '../io/cells';
import { readPrevious } from '../io/previous';
import type { Profile } from '../model/profile';
import {
  InputFlags,
  OutputFlags,
  addTopOption,
  checkTopFormat,
  plainNumber,
  resolveFormat,
  topOption,
} from '../options';
import { byValue, topN } from '../model/top';
import { Column, number, text, moneyCol } from '../report/columns';
import { amount, count, day, money } from '../report/format';
import { fitLine, render, table } from '../report/render';
import { tiersWords } from '../words';
import type { Runtime } from '../runtime';
import { emit, loadCustomers } from './common';

export const meta = {
  name: 'tiers',
  summary: 'VIP levels by cumulative spend or orders (up to 4 thresholds); with --previous, levels never go down',
};

export const NAMES = {
  zh: ['普通会员', '高级会员', 'VIP会员', '至尊VIP会员'],
  en: ['Member', 'Silver', 'Gold', 'Platinum'],
};

export function configure(cmd: Command): void {
  cmd
    .addOption(
      new Option('--by <what>', 'cumulative net spend or number of purchases')
        .choices(['spend', 'orders'])
        .default('spend'),
    )
    .requiredOption('--levels <thresholds>', '1 to 4 increasing thresholds > 0, e.g. 500,2000,5000')
    .option(
      '--names <names>',
      'level names, comma-separated (default 普通会员,高级会员,VIP会员,至尊VIP会员 or Member,Silver,Gold,Platinum)',
    )
    .option(
      '--previous <tiers.csv>',
      'a file this command wrote earlier: nobody goes down a level, and a changed rule applies only to customers who bought since its as-of date',
    );
  addTopOption(cmd, 'the n most valuable customers (spend, then purchases, then id; not a full --previous file)');
}

export const HELP = `
Rules:
  level        the highest level whose threshold the customer's cumulative spend (or purchases) reaches
               (>=); below the first threshold: no level (0)
  --previous   final level = the previous level if the customer has not bought since the previous file's
               as-of date, else the higher of the previous and the new level. upgraded = final > previous.
               Customers of the previous file missing from this export (an export of recent months only)
               keep their row from it — level, spend, orders, last purchase — with carried_over = yes.
`;

interface TierFlags extends InputFlags, OutputFlags {
  by?: 'spend' | 'orders';
  levels?: string;
  names?: string;
  lang?: 'zh' | 'en';
  previous?: string;
  top?: string;
}

interface TierRow {
  id: string;
  /** The customer's profile in this export; null for a row carried over from the previous file. */
  p: Profile | null;
  previous: number | null;
  level: number;
  /** A carried-over row's spend, orders and last purchase, as the previous file had them. */
  was?: Record<string, string>;
}

/** A number cell of the previous file as it was, or empty when it is not a plain number. */
const numeric = (v: string | undefined): string | null => (v !== undefined && /^-?\d+(\.\d+)?$/.test(v) ? v : null);

export async function run(files: string[], flags: TierFlags, rt: Runtime) {
  const by = flags.by ?? 'spend';
  const parts = (flags.levels ?? '').split(',').map((s) => s.trim());
  const thresholds = parts.map(plainNumber);
  if (
    parts.length < 1 ||
    parts.length > 4 ||
    thresholds.some((t, i) => !(t > 0) || !Number.isFinite(t) || (i > 0 && t <= thresholds[i - 1]))
  )
    throw new UsageError(`--levels: expected 1 to 4 increasing numbers > 0 like 500,2000,5000, got '${flags.levels}'`);
  const given = flags.names?.split(',').map((s) => s.trim());
  if (given && (given.some((x) => x === '') || new Set(given).size !== given.length))
    throw new UsageError(`--names: expected distinct, non-empty names separated by commas, got '${flags.names}'`);
  const top = topOption(flags);
  checkTopFormat(top, resolveFormat(flags, rt), 'rfm tiers');
  const { profiles, asOf, lang } = await loadCustomers(files, flags, rt);
  const names = given ?? NAMES[lang].slice(0, thresholds.length);
  if (names.length !== thresholds.length)
    throw new UsageError(
      `--names: ${thresholds.length} level(s) need ${thresholds.length} name(s), got ${names.length}`,
    );
  const prev = flags.previous ? readPrevious(flags.previous, rt.cwd) : null;
  const value = (p: Profile) => (by === 'spend' ? p.revenue / MONEY_SCALE : p.orders);
  const rows: TierRow[] = profiles.map((p) => {
    const v = value(p);
    let computed = 0;
    while (computed < thresholds.length && v >= thresholds[computed]) computed++;
    const previous = prev ? (prev.levels.get(p.id) ?? null) : null;
    let level = computed;
    if (previous !== null) level = p.last > prev!.asOf ? Math.max(previous, computed) : previous;
    return { id: p.id, p, previous, level };
  });
  if (prev) {
    // Customers the previous file has and this export does not: a level once reached is kept.
    const here = new Set(profiles.map((p) => p.id));
    for (const [id, level] of prev.levels)
      if (!here.has(id)) rows.push({ id, p: null, previous: level, level, was: prev.rows.get(id) });
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  // In id order; with --top, the most valuable first (a carried-over row by the spend it was carried with).
  const listed =
    top === undefined
      ? rows
      : topN(
          rows,
          top,
          byValue(
            (r: TierRow) => (r.p ? r.p.revenue : (Number(r.was?.spend) || 0) * MONEY_SCALE),
            (r) => (r.p ? r.p.orders : Number(r.was?.orders) || 0),
            (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
          ),
        );
  const name = (n: number | null) => (n ? (names[n - 1] ?? `level ${n}`) : '');
  const cols: Column<TierRow>[] = [
    text('customer_id', (r) => r.id),
    text('level', (r) => name(r.level)),
    number('level_no', (r) => r.level),
    text('previous_level', (r) => name(r.previous)),
    number('previous_level_no', (r) => r.previous),
    text('upgraded', (r) => (r.previous !== null && r.level > r.previous ? 'yes' : r.previous === null ? '' : 'no')),
    moneyCol('spend', (r) => (r.p ? money(r.p.revenue) : numeric(r.was?.spend))),
    number('orders', (r) => (r.p ? r.p.orders : numeric(r.was?.orders))),
    text('last_purchase', (r) => (r.p ? day(r.p.last) : (r.was?.last_purchase ?? null))),
    text('as_of', () => day(asOf)),
    ...(prev ? [text('carried_over', (r: TierRow) => (r.p ? 'no' : 'yes'))] : []),
  ];
  await emit(flags, rt, lang, (format, w, color) => {
    if (format !== 'table') render(format, cols, listed, w, color);
    else {
      const tw = tiersWords(lang);
      const head = tw.columns(by, Boolean(prev));
      const lines: string[][] = [];
      for (let n = thresholds.length; n >= 0; n--) {
        const inLevel = rows.filter((r) => r.level === n);
        const row = [
          n ? names[n - 1] : tw.noLevel,
          n ? (by === 'spend' ? amount(thresholds[n - 1]) : count(thresholds[n - 1])) : '',
          count(inLevel.length),
        ];
        if (prev) row.push(count(inLevel.filter((r) => r.previous !== null && r.level > r.previous).length));
        lines.push(row);
      }
      const aligns = head.map((_, i) => (i ? 'right' : 'left') as 'left' | 'right');
      w(fitLine(tw.head(day(asOf), by, prev ? day(prev.asOf) : null)) + '\n' + table(head, lines, aligns, color));
    }
  });
  return rows;
}
