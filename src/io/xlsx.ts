/**
 * .xlsx input: exceljs's streaming WorkbookReader turns the chosen sheet into CSV text, one CSV line per
 * sheet row (blank lines for empty rows, so line numbers in messages are the sheet's row numbers), which
 * then flows through the same scanner, detection and order assembly as a CSV export. Memory: the shared
 * strings table plus one batch of rows — not the sheet.
 *
 * Cell values become the text a CSV export would have had: numbers in full digits (an integer above 2^53
 * in an id column has already lost digits and is counted), dates — Excel serial numbers in a date-formatted
 * cell, or plain serial numbers in the order-date column — as `YYYY-MM-DD HH:mm:ss`, formulas as their
 * cached results, rich text as its plain text.
 */
import type { Readable } from 'stream';
// exceljs's streaming reader has no type declarations of its own for the parts used here.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const ExcelJS = require('exceljs');
import { InputError, UsageError } from '../errors';
import { DetectOptions, detect } from './detect';
import { normalizeHeader } from './presets';

export interface SheetInfo {
  /** The sheet read, its 1-based position in the workbook, and the sheets passed over. */
  name: string;
  index: number;
  skipped: string[];
  /** Last row number and widest row seen. */
  rows: number;
  cols: number;
  /** Integers above 2^53 in the order or customer id column: digits Excel did not keep. */
  lostIds: number;
  firstLostId?: string;
}

export interface XlsxOptions {
  /** `--sheet NAME|N`. */
  sheet?: string;
  detect: DetectOptions;
  /** Whether a row of header cells names the columns a purchase needs (the loader's own test). */
  isHeader: (cells: string[]) => boolean;
}

/** Rows to look through for a header before deciding a sheet has none. */
const HEADER_ROWS = 30;
const BATCH = 1 << 20;
const MS_PER_DAY = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** The zip signature of an .xlsx workbook. */
export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

const two = (n: number) => (n < 10 ? '0' : '') + n;

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const s = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const sec = d.getUTCSeconds();
  return h || m || sec ? `${s} ${two(h)}:${two(m)}:${two(sec)}` : s;
}

/** An Excel serial day number (fraction: time of day) as a date text. */
export function serialText(v: number, date1904: boolean): string {
  return dateText(new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + Math.round(v * MS_PER_DAY / 1000) * 1000));
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Column roles that change how a number cell is written. */
interface Columns {
  dates: Set<number>;
  ids: Set<number>;
}

class SheetText {
  date1904 = false;
  cols: Columns = { dates: new Set(), ids: new Set() };
  constructor(readonly info: SheetInfo) {}

  number(v: number, col: number): string {
    if (this.cols.dates.has(col) && v > 0 && v < 2958466) return serialText(v, this.date1904);
    if (Number.isInteger(v)) {
      if (!Number.isSafeInteger(v) && this.cols.ids.has(col)) {
        this.info.lostIds++;
        this.info.firstLostId ??= BigInt(v).toString();
      }
      return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
    }
    // Excel keeps 15 significant digits; drop binary noise such as 0.30000000000000004.
    return String(Number(v.toPrecision(15)));
  }

  cell(v: unknown, col: number): string {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return this.number(v, col);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (v instanceof Date) return dateText(v);
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return this.cell(o.result, col);
    if ('text' in o) return this.cell(o.text, col);
    if ('error' in o) return String(o.error);
    return String(v);
  }

  /** Cells of a row (exceljs `values`: 1-based, sparse). */
  cells(values: unknown[]): string[] {
    const out: string[] = [];
    for (let i = 1; i < values.length; i++) out.push(this.cell(values[i], i - 1));
    if (out.length > this.info.cols) this.info.cols = out.length;
    return out;
  }

  line(cells: string[]): string {
    let s = '';
    for (let i = 0; i < cells.length; i++) s += (i ? ',' : '') + csvField(cells[i]);
    return s;
  }
}

/**
 * The chosen sheet of a workbook as CSV text chunks. `info` is filled in as the sheet is read (complete
 * once the generator ends).
 */
export async function* xlsxAsCsv(input: Readable, name: string, opts: XlsxOptions, info: SheetInfo): AsyncGenerator<Buffer> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const ws of reader) {
      const sheets: { name: string }[] = reader.model?.sheets ?? [];
      const index = Math.max(1, sheets.findIndex((s) => s.name === ws.name) + 1 || seen.length + 1);
      seen.push(ws.name);
      if (opts.sheet !== undefined && opts.sheet !== ws.name && opts.sheet !== String(index)) continue;
      Object.assign(info, { name: ws.name, index, skipped: seen.slice(0, -1), rows: 0, cols: 0, lostIds: 0, firstLostId: undefined });
      const text = new SheetText(info);
      text.date1904 = Boolean(reader.properties?.model?.date1904);
      // Look for the header in the first rows (raw values kept: number cells are written once the
      // header tells which columns hold dates and ids).
      const head: { n: number; values: unknown[] }[] = [];
      let headerAt = -1;
      const rows: AsyncIterator<{ number: number; values: unknown[] }> = ws[Symbol.asyncIterator]();
      for (;;) {
        const r = await rows.next();
        if (r.done) break;
        head.push({ n: r.value.number, values: r.value.values });
        const cells = text.cells(r.value.values).map(normalizeHeader);
        if (opts.isHeader(cells)) {
          headerAt = head.length - 1;
          const roles = detect(cells, [], opts.detect).roles;
          for (const c of [roles.date, roles.paid]) if (c !== undefined) text.cols.dates.add(c);
          for (const c of [roles.order, roles.customer]) if (c !== undefined) text.cols.ids.add(c);
          break;
        }
        if (head.length >= HEADER_ROWS) break;
      }
      if (headerAt < 0 && opts.sheet === undefined) {
        await rows.return?.();
        continue; // no recognisable header: not the order sheet
      }
      found = true;
      let out = '';
      let last = 0;
      const put = (n: number, values: unknown[]): void => {
        out += '\n'.repeat(Math.max(0, n - last - 1)) + text.line(text.cells(values)) + '\n';
        last = n;
        text.info.rows = n;
      };
      for (const h of head) put(h.n, h.values);
      for (;;) {
        const r = await rows.next();
        if (r.done) break;
        put(r.value.number, r.value.values);
        if (out.length >= BATCH) {
          yield Buffer.from(out, 'utf8');
          out = '';
        }
      }
      if (out) yield Buffer.from(out, 'utf8');
      break;
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) throw e;
    throw new InputError(`${name}: starts like an .xlsx workbook (zip) but cannot be read as one (${(e as Error).message})`);
  }
  if (!found) {
    const list = seen.length ? seen.map((s, i) => `${i + 1} ${s}`).join(', ') : 'none';
    if (opts.sheet !== undefined) throw new UsageError(`--sheet: no sheet '${opts.sheet}' in ${name} (sheets: ${list})`);
    throw new InputError(`${name}: no sheet has a header with customer, date and amount columns in its first ${HEADER_ROWS} rows (sheets: ${list}; --sheet picks one, the column flags name its columns)`);
  }
}
