/**
 * .xlsx input: exceljs's streaming WorkbookReader opens the workbook (zip entries, sheet names, shared strings,
 * styles) and the chosen sheet's XML becomes CSV text, one CSV line per sheet row (blank lines for empty rows,
 * so line numbers in messages are the sheet's row numbers), which then flows through the same scanner,
 * detection and order assembly as a CSV export. Memory: the shared strings (kept compact) plus one batch of
 * rows — not the sheet.
 *
 * Cell values become the text a CSV export would have had: numbers in full digits (an integer above 2^53
 * in an id column has already lost digits and is counted), dates — Excel serial numbers in a date-formatted
 * cell, or plain serial numbers in the order-date column — as `YYYY-MM-DD HH:mm:ss`, formulas as their
 * cached results, rich text as its plain text.
 */
import type { Readable } from 'stream';
import { InputError, UsageError } from '../errors';
import { DetectOptions, detect } from './detect';
import { normalizeHeader } from './presets';

/**
 * exceljs (its streaming reader, its SAX step — patched: one UTF-8 decoder per stream — and its test for a
 * date number format), loaded on the first workbook: it takes a quarter of a second to load, which every
 * CSV run would otherwise pay. It has no type declarations of its own for these parts.
 */
let excel: { WorkbookReader: any; parseSax: any; isDateFmt: (fmt: unknown) => boolean } | undefined;
function exceljs(): NonNullable<typeof excel> {
  excel ??= {
    WorkbookReader: require('exceljs').stream.xlsx.WorkbookReader,
    parseSax: require('exceljs/lib/utils/parse-sax'),
    isDateFmt: require('exceljs/lib/utils/utils').isDateFmt,
  };
  return excel;
}

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

/** A cell's value: text (strings, errors, dates in a date format), a number, or a boolean. */
type CellValue = string | number | boolean;

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
  return dateText(new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + Math.round((v * MS_PER_DAY) / 1000) * 1000));
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

  /** A cell value of sheetRows() (text, number or boolean; absent: empty) as text. */
  cell(v: CellValue | undefined, col: number): string {
    if (v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return this.number(v, col);
    return v ? 'TRUE' : 'FALSE';
  }

  /** Cells of a row (values by 0-based column, sparse). */
  cells(values: CellValue[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < values.length; i++) out.push(this.cell(values[i], i));
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
 * The workbook's shared strings, kept compact: every 65,536 strings are joined into one flat string, and a
 * string is a slice of its block. exceljs's own cache (an array of separate strings built by concatenating
 * SAX text) took 113 MB of heap for a 30 MB sharedStrings.xml of 917,000 strings.
 */
class SharedStrings {
  private blocks: string[] = [];
  private parts: string[] = [];
  private at = 0;
  private starts = new Int32Array(1 << 16);
  length = 0;

  add(s: string): void {
    if (this.length >= this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.length++] = this.at;
    this.parts.push(s);
    this.at += s.length;
    if ((this.length & 0xffff) === 0) this.seal();
  }

  /** Join the open block (call once all strings are added, and at every full block). */
  seal(): void {
    if (!this.parts.length) return;
    // join copies the parts into one sequential string: the parts (often concatenations of SAX text
    // pieces) become garbage.
    this.blocks[(this.length - 1) >>> 16] = this.parts.join('');
    this.parts = [];
    this.at = 0;
  }

  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const block = this.blocks[i >>> 16];
    const end = i + 1 < this.length && ((i + 1) & 0xffff) !== 0 ? this.starts[i + 1] : block.length;
    return block.slice(this.starts[i], end);
  }
}

/** A sheet row: its number and cell values by 0-based column (sparse). */
interface Row {
  n: number;
  values: CellValue[];
}

/** Column number (0-based) of a cell reference such as `AB12`; -1 without one. */
function refCol(ref: string | undefined): number {
  if (!ref) return -1;
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const k = ref.charCodeAt(i);
    if (k < 65 || k > 90) break;
    c = c * 26 + (k - 64);
  }
  return c - 1;
}

/**
 * The rows of one worksheet, read from its XML with exceljs's own SAX step (which joins characters split
 * across chunks) and its shared strings and styles, but without exceljs's Row/Cell/style objects per cell:
 * each cell becomes one plain value — a string, a number, a boolean, or, for a number in a date format,
 * its date text. Those objects per cell were most of the time and the garbage (3,600 rows/s, peak memory
 * 1.6× the unzipped sheet); the sheet's XML elements are the only parts that matter here: `row`, `c`
 * (`r` reference, `t` type, `s` style), `v` value, `is`/`t` inline text, `f` formula (its cached value in `v`).
 */
async function* sheetRows(
  ws: { iterator: AsyncIterable<unknown>; workbook: any },
  shared: SharedStrings,
  date1904: boolean,
): AsyncGenerator<Row[]> {
  const styles = ws.workbook.styles;
  const dateStyle: (boolean | undefined)[] = [];
  const isDate = (s: number): boolean => {
    let d = dateStyle[s];
    if (d === undefined) d = dateStyle[s] = Boolean(exceljs().isDateFmt(styles?.getStyleModel?.(s)?.numFmt));
    return d;
  };
  let row: Row | null = null;
  let col = -1;
  let type: string | undefined;
  let style = 0;
  let text = '';
  let inText = false;
  let hasText = false;
  let phonetic = false; // <rPh> runs of an inline string: reading aids, not its text
  for await (const events of exceljs().parseSax(ws.iterator) as AsyncIterable<{ eventType: string; value: any }[]>) {
    const rows: Row[] = [];
    for (const { eventType, value } of events) {
      if (eventType === 'text') {
        if (inText) text += value;
      } else if (eventType === 'opentag') {
        switch (value.name) {
          case 'row': {
            const n = parseInt(value.attributes.r, 10);
            row = { n: Number.isNaN(n) ? (row ? row.n + 1 : 1) : n, values: [] };
            col = -1;
            break;
          }
          case 'c': {
            const a = value.attributes;
            const c = refCol(a.r);
            col = c >= 0 ? c : col + 1;
            type = a.t;
            style = a.s ? parseInt(a.s, 10) : 0;
            text = '';
            hasText = false;
            break;
          }
          case 'v':
          case 't':
            inText = !phonetic;
            hasText = true;
            break;
          case 'rPh':
            phonetic = true;
            break;
        }
      } else if (eventType === 'closetag') {
        switch (value.name) {
          case 'v':
          case 't':
            inText = false;
            break;
          case 'rPh':
            phonetic = false;
            break;
          case 'c':
            if (row && hasText) row.values[col] = cellValue(type, text, style, shared, isDate, date1904);
            break;
          case 'row':
            if (row) rows.push(row);
            break;
        }
      }
    }
    if (rows.length) yield rows;
  }
}

/** A shared string's text (rich text: its runs' text joined). */
function plainText(t: unknown): string {
  if (typeof t === 'string') return t;
  if (t && Array.isArray((t as { richText?: unknown }).richText)) {
    return (t as { richText: { text?: string | null }[] }).richText.map((r) => r.text ?? '').join('');
  }
  return '';
}

/** The value of a cell from its type attribute and text (`v`, or the inline string's `t` parts). */
function cellValue(
  type: string | undefined,
  text: string,
  style: number,
  shared: SharedStrings,
  isDate: (s: number) => boolean,
  date1904: boolean,
): CellValue {
  switch (type) {
    case 's':
      return shared.get(parseInt(text, 10)) ?? '';
    case 'str':
    case 'inlineStr':
      return text;
    case 'b':
      return text === '1' || text === 'true';
    case 'e':
      return text;
    default: {
      const v = Number(text);
      if (text === '' || Number.isNaN(v)) return text;
      return style && isDate(style) ? serialText(v, date1904) : v;
    }
  }
}

/**
 * The chosen sheet of a workbook as CSV text chunks. `info` is filled in as the sheet is read (complete
 * once the generator ends).
 */
export async function* xlsxAsCsv(
  input: Readable,
  name: string,
  opts: XlsxOptions,
  info: SheetInfo,
): AsyncGenerator<Buffer> {
  const reader = new (exceljs().WorkbookReader)(input, {
    worksheets: 'emit',
    sharedStrings: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const shared = new SharedStrings();
  const seen: string[] = [];
  let found = false;
  try {
    for await (const event of reader.parse()) {
      if (event.eventType !== 'worksheet') {
        if (event.index !== undefined) {
          shared.add(plainText(event.text));
          // exceljs parks a sheet in a temp file unless it has shared strings by then; ours count.
          reader.sharedStrings ??= shared;
        }
        continue;
      }
      const ws = event.value;
      shared.seal();
      const sheets: { name: string }[] = reader.model?.sheets ?? [];
      const index = Math.max(1, sheets.findIndex((s) => s.name === ws.name) + 1 || seen.length + 1);
      seen.push(ws.name);
      if (opts.sheet !== undefined && opts.sheet !== ws.name && opts.sheet !== String(index)) {
        for await (const _ of ws.iterator); // drain the entry: the zip is one stream
        continue;
      }
      Object.assign(info, {
        name: ws.name,
        index,
        skipped: seen.slice(0, -1),
        rows: 0,
        cols: 0,
        lostIds: 0,
        firstLostId: undefined,
      });
      const text = new SheetText(info);
      const date1904 = (text.date1904 = Boolean(reader.properties?.model?.date1904));
      // Look for the header in the first rows (raw values kept: number cells are written once the
      // header tells which columns hold dates and ids).
      const head: Row[] = [];
      let headerAt = -1;
      const batches = sheetRows(ws, shared, date1904);
      let rest: Row[] = [];
      search: for (;;) {
        const b = await batches.next();
        if (b.done) break;
        for (let i = 0; i < b.value.length; i++) {
          const r = b.value[i];
          head.push(r);
          const cells = text.cells(r.values).map(normalizeHeader);
          if (opts.isHeader(cells)) {
            headerAt = head.length - 1;
            const roles = detect(cells, [], opts.detect).roles;
            for (const c of [roles.date, roles.paid]) if (c !== undefined) text.cols.dates.add(c);
            for (const c of [roles.order, roles.customer]) if (c !== undefined) text.cols.ids.add(c);
            rest = b.value.slice(i + 1);
            break search;
          }
          if (head.length >= HEADER_ROWS) {
            rest = b.value.slice(i + 1);
            break search;
          }
        }
      }
      if (headerAt < 0 && opts.sheet === undefined) {
        for await (const _ of batches); // drain the entry: the zip is one stream
        continue; // no recognisable header: not the order sheet
      }
      found = true;
      // Lines are encoded into a byte batch as they are made (a growing string of a whole batch would
      // outlive the young generation and pile up in the old one).
      let out = Buffer.allocUnsafe(BATCH);
      let at = 0;
      let last = 0;
      const put = (r: Row): void => {
        const line = '\n'.repeat(Math.max(0, r.n - last - 1)) + text.line(text.cells(r.values)) + '\n';
        const most = line.length * 3;
        if (at + most > out.length) {
          if (at) chunks.push(out.subarray(0, at));
          out = Buffer.allocUnsafe(Math.max(BATCH, most));
          at = 0;
        }
        at += out.write(line, at, 'utf8');
        last = r.n;
        info.rows = r.n;
      };
      const chunks: Buffer[] = [];
      for (const h of head) put(h);
      for (const r of rest) put(r);
      for await (const rows of batches) {
        for (const r of rows) put(r);
        while (chunks.length) yield chunks.shift()!;
      }
      while (chunks.length) yield chunks.shift()!;
      if (at) yield out.subarray(0, at);
      break;
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) throw e;
    throw new InputError(
      `${name}: starts like an .xlsx workbook (zip) but cannot be read as one (${(e as Error).message})`,
    );
  }
  if (!found) {
    const list = seen.length ? seen.map((s, i) => `${i + 1} ${s}`).join(', ') : 'none';
    if (opts.sheet !== undefined)
      throw new UsageError(`--sheet: no sheet '${opts.sheet}' in ${name} (sheets: ${list})`);
    throw new InputError(
      `${name}: no sheet has a header with customer, date and amount columns in its first ${HEADER_ROWS} rows (sheets: ${list}; --sheet picks one, the column flags name its columns)`,
    );
  }
}
