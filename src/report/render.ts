/** Renderers picked by `--format` in one place: csv (Excel-safe), json, table. */
import { Column } from './columns';
import { newTable, xlsxWrite } from '../lazy';
import { displayWidth, wrapHelp } from '../help';
import { amount, moneyNumberFormat } from './format';

export type Format = 'csv' | 'json' | 'table' | 'md' | 'html' | 'xlsx';

/** Whether a cell needs quotes: it holds `"`, `,`, CR or LF (a loop: cheaper than a regex on short cells). */
function needsQuotes(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 44 && (c === 34 || c === 44 || c === 10 || c === 13)) return true;
  }
  return false;
}

/** Whether text starts like a spreadsheet formula: `=`, `+`, `-`, `@`, tab or CR. */
function formulaLike(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/** One CSV cell: quoted when needed; text starting like a formula is prefixed with `'` so Excel shows it inert. */
export function csvCell(v: string | number | null, kind: Column<unknown>['kind']): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (kind === 'plain') return v;
  let s = v;
  if (kind === 'text' && formulaLike(s)) s = `'${s}`;
  return needsQuotes(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Whether row listings are being written as a workbook (set by `asWorkbook`). */
let workbook = false;

/**
 * Render with every row listing (`writeCsv`) written as an .xlsx workbook instead: the one place the format
 * is chosen, so every command that writes rows writes workbooks with the same column spec. `write` must take
 * bytes then (the output sinks do).
 */
export function asWorkbook<T>(fn: () => T): T {
  const before = workbook;
  workbook = true;
  try {
    return fn();
  } finally {
    workbook = before;
  }
}

/** Stream rows as CSV through `write`, a line at a time (the sinks batch them); a workbook under `asWorkbook`. */
export function writeCsv<T>(cols: Column<T>[], rows: Iterable<T>, write: (s: string) => void): void {
  if (workbook) {
    const list = Array.isArray(rows) ? (rows as T[]) : [...rows];
    rowsWritten = list.length;
    return xlsxWrite().writeXlsx(cols, list, write as unknown as (b: Uint8Array) => void, 'rfm', {
      moneyFormat: moneyNumberFormat(),
    });
  }
  write(cols.map((c) => csvCell(c.name, 'text')).join(',') + '\n');
  const n = cols.length;
  let count = 0;
  for (const r of rows) {
    let line = csvCell(cols[0].get(r), cols[0].kind);
    for (let i = 1; i < n; i++) line += ',' + csvCell(cols[i].get(r), cols[i].kind);
    write(line + '\n');
    count++;
  }
  rowsWritten = count;
}

/** Rows the last row listing wrote (for `rfm: wrote FILE (N rows)`); null before any. */
let rowsWritten: number | null = null;

/** Take the count of rows the last listing wrote (and forget it). */
export function takeRowsWritten(): number | null {
  const n = rowsWritten;
  rowsWritten = null;
  return n;
}

/** Rows as a JSON array of objects (numbers stay numbers). */
export function toJsonRows<T>(cols: Column<T>[], rows: Iterable<T>): Record<string, string | number | null>[] {
  const out: Record<string, string | number | null>[] = [];
  for (const r of rows) {
    const o: Record<string, string | number | null> = {};
    for (const c of cols) {
      const v = c.get(r);
      o[c.name] = c.kind === 'number' && typeof v === 'string' && v !== '' ? Number(v) : v === '' ? null : v;
    }
    out.push(o);
  }
  return out;
}

/** The cli-table3 style of every table we print: compact, cyan headers with colour, no borders' colour without. */
export function tableStyle(color: boolean) {
  return color ? { head: ['cyan'], compact: true } : { head: [] as string[], border: [] as string[], compact: true };
}

/** The width tables and long lines are fitted to while rendering (set by `withScreenWidth`; none for files). */
let screen = Infinity;

/** Render for a screen `width` columns wide (Infinity: a file, nothing fitted). */
export function withScreenWidth<T>(width: number, fn: () => T): T {
  const before = screen;
  screen = width;
  try {
    return fn();
  } finally {
    screen = before;
  }
}

/** Listings on a screen stop after this many rows, with a hint (a file gets them all). */
export const SCREEN_ROWS = 20;

/**
 * A terminal table fitted to the screen: columns are left out from the right until it fits (the first always
 * stays), then the widest column's cells are cut with `…`. `of` is the number of rows the listing has when
 * `rows` are its first ones. What was left out is said on the line below, with how to see it all.
 */
export function table(
  head: string[] | null,
  rows: string[][],
  aligns: ('left' | 'right')[],
  color: boolean,
  of = rows.length,
): string {
  const shown = rows;
  const n = aligns.length;
  const widths = aligns.map((_, i) =>
    Math.max(head ? displayWidth(head[i] ?? '') : 0, ...shown.map((r) => displayWidth(r[i] ?? ''))),
  );
  // cli-table3 compact: each column is its text, a space either side and a border; one more border closes it.
  const total = (k: number) => widths.slice(0, k).reduce((a, w) => a + w + 3, 1);
  let keep = n;
  while (keep > 1 && total(keep) > screen) keep--;
  const cut = new Array<number>(keep).fill(Infinity);
  if (total(keep) > screen) {
    const widest = widths.slice(0, keep).indexOf(Math.max(...widths.slice(0, keep)));
    cut[widest] = Math.max(4, widths[widest] - (total(keep) - screen));
  }
  const clip = (s: string, i: number) => (displayWidth(s) <= cut[i] ? s : clipTo(s, cut[i]));
  const t = newTable({
    ...(head ? { head: head.slice(0, keep).map(clip) } : {}),
    style: tableStyle(color),
    colAligns: aligns.slice(0, keep),
  });
  for (const r of shown) t.push(r.slice(0, keep).map(clip));
  let out = t.toString() + '\n';
  const notes: string[] = [];
  if (shown.length < of) notes.push(`${shown.length} of ${of.toLocaleString('en-US')} rows`);
  if (keep < n && head) notes.push(`left out to fit ${screen} columns: ${head.slice(keep).join(', ')}`);
  if (notes.length) out += fitLine(`(${notes.join('; ')}; --format csv or -o FILE for all)`) + '\n';
  return out;
}

/** `s` cut to `width` display columns, ending in `…`. */
function clipTo(s: string, width: number): string {
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + '…';
}

/** A long line of text wrapped to the screen (unchanged in a file). */
export function fitLine(text: string): string {
  return screen === Infinity ? text : wrapHelp(text, screen);
}

/** Rows as a terminal table (a listing: stops at a screenful). */
export function renderTable<T>(cols: Column<T>[], rows: Iterable<T>, color: boolean): string {
  const list = [...rows];
  const shown = screen === Infinity ? list : list.slice(0, SCREEN_ROWS);
  return table(
    cols.map((c) => c.name),
    shown.map((r) => cols.map((c) => screenCell(c, r))),
    cols.map((c) => (c.kind === 'number' ? 'right' : 'left')),
    color,
    list.length,
  );
}

/** A cell as a screen shows it: money columns with separators and the shop's currency, the rest as written. */
export function screenCell<T>(c: Column<T>, r: T): string {
  const v = c.get(r);
  if (c.money && v !== null && v !== '' && Number.isFinite(Number(v))) return amount(Number(v));
  return String(v ?? '');
}

/** Render in the chosen format through `write`. */
export function render<T>(
  format: Format,
  cols: Column<T>[],
  rows: Iterable<T>,
  write: (s: string) => void,
  color: boolean,
): void {
  if (format === 'csv') writeCsv(cols, rows, write);
  else if (format === 'json') write(JSON.stringify(toJsonRows(cols, rows), null, 2) + '\n');
  else write(renderTable(cols, rows, color));
}
