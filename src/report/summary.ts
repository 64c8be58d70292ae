/** The one-line load summary on stderr, and the inspect report text. */
import { Loaded, badCellText } from '../io/load';
import { ROLES, Role } from '../io/presets';
import { amount, count as n, day, money } from './format';
import { fitLine } from './render';
import type { Lang } from '../model/segments';
import { inspectLabel, inspectWords, loadWords, reasonWord, statusWord, warningWords } from '../words';
import { padEnd } from '../help';

/** `rfm: 1,000 rows → 900 purchases by 300 customers; excluded: closed 20 rows, …` */
export function loadSummary(l: Loaded, customers: number, lang: Lang = 'en'): string {
  const st = l.stats;
  const w = loadWords(lang);
  const ex = [...st.excluded].map(([r, x]) => `${reasonWord(r, lang)} ${n(x.rows)}`);
  let s = `rfm: ${l.file}${l.sheet ? w.sheet(l.sheet.name) : ''}: ${w.read(n(st.rows), n(st.purchases), n(customers), l.detection.platform.name)}`;
  if (st.returns) s += w.returns(n(st.returns));
  if (ex.length) s += w.excluded(ex);
  s += '\n';
  for (const b of st.firstBadCells) s += `rfm: warning: ${badCellText(l.file, b)}\n`;
  if (st.badCells > st.firstBadCells.length)
    s += `rfm: warning: ${n(st.badCells - st.firstBadCells.length)} more unreadable cells (rfm inspect lists them; --strict stops at the first)\n`;
  return s;
}

/**
 * Warnings about readings that may be wrong as a whole — shown even under -q, since a cron job's numbers would
 * silently depend on them: ids Excel shortened, status values rfm does not know carrying a noticeable share of
 * the amount, dates unreadable in the order guessed.
 */
export function loadWarnings(l: Loaded, lang: Lang = 'en'): string {
  const st = l.stats;
  const w = warningWords(lang);
  let s = '';
  if (l.sheet?.lostIds) s += `rfm: warning: ${lostIds(l)}\n`;
  const unknown = unknownStatuses(l, lang);
  if (unknown && unknown.share > UNKNOWN_SHARE) s += `rfm: ${w.unknownStatuses(unknown.note, unknown.values)}\n`;
  const badDates = st.excluded.get('bad date');
  if (badDates && l.sources.some((x) => x.detection.dateOrderSource.startsWith('ambiguous')))
    s += `rfm: ${w.badDates(n(badDates.rows))}\n`;
  const cod = st.excluded.get('unpaid, cash on delivery');
  if (cod) s += `rfm: ${w.cod(n(cod.orders), money(cod.amount), pct(cod.amount, st.amount))}\n`;
  return s;
}

/** `part` as a percentage of `whole`, one decimal. */
function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '0.0%';
}

/** Share of the amount above which status values rfm does not know are warned about. */
export const UNKNOWN_SHARE = 0.01;

/** Status values not in the vocabulary: their share of the amount of every order with a status, and a list. */
function unknownStatuses(l: Loaded, lang: Lang = 'en'): { share: number; note: string; values: string } | null {
  let total = 0;
  let unknown = 0;
  const found: [string, { orders: number; amount: number }][] = [];
  for (const [k, v] of l.stats.statuses) {
    total += Math.abs(v.amount);
    if (v.class !== 'unknown') continue;
    unknown += Math.abs(v.amount);
    found.push([k, v]);
  }
  if (!found.length) return null;
  const share = total > 0 ? unknown / total : 1;
  found.sort((a, b) => Math.abs(b[1].amount) - Math.abs(a[1].amount));
  return {
    share,
    note: warningWords(lang).unknownNote(found.length, `${(share * 100).toFixed(1)}%`),
    values: found
      .slice(0, 5)
      .map(([k, v]) => `'${k}' (${n(v.orders)} orders, ${money(v.amount)})`)
      .join(', '),
  };
}

/** The warning for ids Excel stored as numbers too long to keep every digit. */
function lostIds(l: Loaded): string {
  const sh = l.sheet!;
  return (
    `${n(sh.lostIds)} order/customer ids in sheet ${sh.name} are numbers longer than Excel keeps (first: ${sh.firstLostId}); their last digits are lost` +
    ' and different ids may merge: export the report as CSV, or format the id columns as text before saving'
  );
}

/** What `rfm inspect` reports, as plain data. */
export function inspectData(l: Loaded, customers: number, revenue: number) {
  const d = l.detection;
  const st = l.stats;
  return {
    file: l.file,
    // A workbook's size is the file's, not the sheet text's inflated bytes.
    bytes: l.sheet && l.size !== undefined ? l.size : l.bytes,
    gzip: l.gzip,
    encoding: { name: l.encoding.name, source: l.encoding.source, bom: l.encoding.bomLength > 0 },
    delimiter: l.delimiter,
    sheet: l.sheet
      ? {
          name: l.sheet.name,
          number: l.sheet.index,
          rows: l.sheet.rows,
          columns: l.sheet.cols,
          passedOver: l.sheet.skipped,
          lostIds: l.sheet.lostIds,
          warning: l.sheet.lostIds ? lostIds(l) : undefined,
        }
      : null,
    platform: d.platform,
    header: { line: l.headerLine, columns: d.columns.length },
    roles: Object.fromEntries(
      ROLES.filter((r) => d.roles[r] !== undefined).map((r) => [
        r,
        { column: d.columns[d.roles[r]!], index: d.roles[r]! + 1, from: d.roleSource[r] },
      ]),
    ),
    amounts: { mode: d.amountMode, netOfRefunds: d.amountIsNet },
    // The shop's currency (null: unknown, or several), and the orders per code the currency column has.
    currency: l.currency ?? null,
    currencies: Object.fromEntries([...st.currencies].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    dates: {
      order: d.dateOrder,
      decidedBy: d.dateOrderSource,
      zone: d.tz,
      withOffset: d.tzFromFlag ? 'moved to the zone' : 'the day as written',
    },
    numbers: Object.fromEntries(
      Object.entries(d.decimals).map(([role, v]) => [
        role,
        { column: d.columns[d.roles[role as Role]!], decimal: v.mark, decidedBy: v.source },
      ]),
    ),
    notes: d.notes,
    asOf: l.asOfDay === undefined ? null : day(l.asOfDay),
    rows: st.rows,
    orders: st.orders,
    purchases: st.purchases,
    returns: st.returns,
    excluded: Object.fromEntries(
      [...st.excluded].map(([r, x]) => [
        r,
        {
          rows: x.rows,
          amount: money(x.amount),
          share: st.amount ? Math.round((x.amount / st.amount) * 10000) / 10000 : 0,
          lines: x.lines,
          ...(l.sources.length > 1 ? { files: x.srcs.map((s) => l.sources[s].file) } : {}),
        },
      ]),
    ),
    ordersWithRowsApart: st.scattered,
    ordersInSeveralExports: st.overlapping,
    rowsOfReplacedCopies: st.overlapRows,
    files: l.sources.map((s, i) => ({
      file: s.file,
      sheet: s.sheet ? [s.sheet.name, ...(s.moreSheets ?? [])].join(', ') : null,
      rows: s.stats.rows,
      orderLines: s.lines,
      firstDay: s.firstDay === undefined ? null : day(s.firstDay),
      lastDay: s.lastDay === undefined ? null : day(s.lastDay),
      ordersReplacedByAnotherExport: st.replaced[i],
    })),
    coverage: coverage(l),
    badCells: { count: st.badCells, first: st.firstBadCells.map((b) => badCellText(l.file, b)) },
    statuses: Object.fromEntries(
      [...st.statuses].map(([k, v]) => [
        k,
        { rows: v.count, class: v.class, orders: v.orders, amount: money(v.amount) },
      ]),
    ),
    unknownStatuses: unknownStatuses(l),
    customers,
    revenue: money(revenue),
    firstPurchase: st.purchases ? day(st.minDay) : null,
    lastPurchase: st.purchases ? day(st.maxDay) : null,
  };
}

export type InspectData = ReturnType<typeof inspectData>;

/** Gaps (days no export covers) and overlaps (days two exports cover) between the inputs' date ranges. */
function coverage(l: Loaded): {
  gaps: { from: string; to: string; days: number }[];
  overlaps: { files: string[]; days: number }[];
} {
  const ranged = l.sources
    .filter((s) => s.firstDay !== undefined)
    .sort((a, b) => a.firstDay! - b.firstDay! || a.lastDay! - b.lastDay!);
  const gaps: { from: string; to: string; days: number }[] = [];
  const overlaps: { files: string[]; days: number }[] = [];
  let reach = -Infinity;
  let reachFile = '';
  for (const s of ranged) {
    if (reach !== -Infinity && s.firstDay! > reach + 1)
      gaps.push({ from: day(reach + 1), to: day(s.firstDay! - 1), days: s.firstDay! - reach - 1 });
    if (reach !== -Infinity && s.firstDay! <= reach)
      overlaps.push({ files: [reachFile, s.file], days: Math.min(reach, s.lastDay!) - s.firstDay! + 1 });
    if (s.lastDay! > reach) {
      reach = s.lastDay!;
      reachFile = s.file;
    }
  }
  return { gaps, overlaps };
}

/** The inspect report for people. */
export function inspectText(x: InspectData, lang: Lang = 'en'): string {
  const w = inspectWords(lang);
  const lines: [string, string][] = [
    ['file', w.file(x.file, n(x.bytes), x.gzip)],
    ...(x.sheet
      ? []
      : [
          [
            'encoding',
            `${x.encoding.name} (${x.encoding.source}${x.encoding.bom && !x.encoding.source.includes('BOM') ? ', BOM' : ''})`,
          ] as [string, string],
        ]),
    ...(x.sheet
      ? [
          [
            'sheet',
            `${x.sheet.name} (sheet ${x.sheet.number}; ${n(x.sheet.rows)} rows × ${n(x.sheet.columns)} columns${x.sheet.passedOver.length ? `; passed over: ${x.sheet.passedOver.join(', ')}` : ''})`,
          ] as [string, string],
        ]
      : [['delimiter', w.delimiter(x.delimiter)] as [string, string]]),
    ['layout', x.platform.name + (x.platform.note ? ` — ${x.platform.note}` : '')],
    ['header', w.header(Boolean(x.sheet), x.header.line, x.header.columns)],
  ];
  for (const [role, r] of Object.entries(x.roles))
    lines.push([role === 'order' ? 'columns' : '', w.column(role, r.column, r.index, r.from === 'flag')]);
  const idx = lines.findIndex(([, v]) => v.startsWith('order'));
  if (idx < 0 && lines.length > 5) lines[5][0] = 'columns';
  lines.push(['amounts', w.amounts(x.amounts.mode, x.amounts.netOfRefunds)]);
  const codes = Object.entries(x.currencies);
  if (x.currency || codes.length)
    lines.push([
      'currency',
      codes.length > 1 && !x.currency
        ? `${codes.map(([c, k]) => `${c} ${n(k)} orders`).join(', ')}: mixed; other commands need --currency CODE`
        : `${x.currency}${codes.length ? ' (the currency column)' : ' (the platform’s)'}`,
    ]);
  lines.push([
    'dates',
    w.dates(x.dates.order, x.dates.decidedBy, x.dates.zone, x.dates.withOffset === 'the day as written'),
  ]);
  let label = 'decimal';
  for (const [role, v] of Object.entries(x.numbers))
    if (v.decimal === ',' || role === 'amount') {
      lines.push([label, w.decimal(v.decimal === ',', v.column, v.decidedBy)]);
      label = '';
    }
  for (const note of x.notes) lines.push(['note', note]);
  if (x.asOf) lines.push(['as of', x.asOf]);
  lines.push(['rows', n(x.rows)]);
  lines.push(['orders', n(x.orders)]);
  lines.push(['purchases', n(x.purchases) + (x.returns ? w.returns(n(x.returns)) : '')]);
  const ex = Object.entries(x.excluded);
  lines.push(['excluded', ex.length ? '' : w.none]);
  for (const [r, e] of ex) {
    const at = e.lines.map((line, i) => ('files' in e && e.files ? `${e.files[i]}:${line}` : String(line)));
    const amount = r === 'no customer id' ? `; amount ${e.amount}, ${(e.share * 100).toFixed(1)}% of all orders'` : '';
    lines.push(['', w.excluded(reasonWord(r, lang), n(e.rows), at.join(', '), e.rows > e.lines.length, amount)]);
  }
  if (x.ordersWithRowsApart)
    lines.push(['apart', `${n(x.ordersWithRowsApart)} orders have rows apart from each other (joined by order id)`]);
  if (x.files.length > 1) {
    lines.push(['files', `${x.files.length} exports read as one history`]);
    for (const f of x.files)
      lines.push([
        '',
        `${f.file}${f.sheet ? ` [${f.sheet}]` : ''}: ${n(f.rows)} rows, ${f.firstDay ?? '–'} .. ${f.lastDay ?? '–'}` +
          (f.ordersReplacedByAnotherExport
            ? `, ${n(f.ordersReplacedByAnotherExport)} orders also in a later export`
            : ''),
      ]);
    if (x.ordersInSeveralExports)
      lines.push([
        'overlap',
        `${n(x.ordersInSeveralExports)} orders in more than one export: the copy in the export reaching later counts`,
      ]);
    for (const g of x.coverage.gaps) lines.push(['gap', `${g.from} .. ${g.to} (${n(g.days)} days) in no export`]);
  }
  if (x.badCells.count) {
    lines.push(['bad cells', n(x.badCells.count)]);
    for (const b of x.badCells.first) lines.push(['', b]);
  }
  if (x.sheet?.warning) lines.push(['ids', x.sheet.warning]);
  const sts = Object.entries(x.statuses);
  if (sts.length) {
    lines.push(['statuses', '']);
    // Unknown values first: they are what a reader of this report has to settle.
    sts.sort(([, a], [, b]) => Number(b.class === 'unknown') - Number(a.class === 'unknown'));
    for (const [k, v] of sts.slice(0, 30))
      lines.push(['', w.status(k, n(v.rows), n(v.orders), amount(Number(v.amount)), statusWord(v.class, lang))]);
    if (x.unknownStatuses)
      lines.push(['', `(${x.unknownStatuses.note}; --paid-status or --excluded-status settles them)`]);
  }
  lines.push(['customers', n(x.customers)]);
  lines.push(['revenue', amount(Number(x.revenue))]);
  if (x.firstPurchase) lines.push(['purchases', `${x.firstPurchase} .. ${x.lastPurchase}`]);
  return lines.map(([k, v]) => fitLine(`${padEnd(inspectLabel(k, lang), 10)} ${v}`.trimEnd())).join('\n') + '\n';
}
