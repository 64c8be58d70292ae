/** Renderers picked by `--format` in one place: csv (Excel-safe), json, table. */
import Table from 'cli-table3';
import { Column } from './columns';

export type Format = 'csv' | 'json' | 'table' | 'md' | 'html';

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

/** Stream rows as CSV through `write`, a line at a time (the sinks batch them). */
export function writeCsv<T>(cols: Column<T>[], rows: Iterable<T>, write: (s: string) => void): void {
  write(cols.map((c) => csvCell(c.name, 'text')).join(',') + '\n');
  const n = cols.length;
  for (const r of rows) {
    let line = csvCell(cols[0].get(r), cols[0].kind);
    for (let i = 1; i < n; i++) line += ',' + csvCell(cols[i].get(r), cols[i].kind);
    write(line + '\n');
  }
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

/** Rows as a terminal table. */
export function renderTable<T>(cols: Column<T>[], rows: Iterable<T>, color: boolean): string {
  const t = new Table({
    head: cols.map((c) => c.name),
    style: tableStyle(color),
    colAligns: cols.map((c) => (c.kind === 'number' ? 'right' : 'left')),
  });
  for (const r of rows) t.push(cols.map((c) => String(c.get(r) ?? '')));
  return t.toString() + '\n';
}

/** Render in the chosen format through `write`. */
export function render<T>(
  format: Format,
  cols: Column<T>[],
  rows: T[],
  write: (s: string) => void,
  color: boolean,
): void {
  if (format === 'csv') writeCsv(cols, rows, write);
  else if (format === 'json') write(JSON.stringify(toJsonRows(cols, rows), null, 2) + '\n');
  else write(renderTable(cols, rows, color));
}
