/**
 * One worksheet's XML → CSV text, one line per sheet row (blank lines for row numbers the sheet skips, so line
 * numbers in messages are the sheet's row numbers). The XML handler looks at `row` (`r`), `c` (`r` reference,
 * `t` type, `s` style), `v` value, `is`/`t` inline text, `rPh` phonetic runs (left out) and `f` formulas (their
 * cached value is the `v`). The first rows are kept as values until the header is found among them — it tells
 * which columns hold dates and ids, which changes how their numbers are written; from then on each cell's text
 * goes straight into its line as bytes (a shared string is copied from the arena, a plain number as written).
 */
import { InputError } from '../errors';
import type { SheetInfo } from './xlsx';
import { SharedStrings, needsQuotes } from './xlsx-parts';
import { CellValue, MAX_LINE, Output, isPlainNumber, numberText, serialText } from './xlsx-text';
import { OPEN as OPEN_EVENT, MORE as MORE_EVENT, XmlScanner, decodeText, digits, key, refColumn } from './xml';

// Module-local copies: an imported constant is read off the module object on every use.
const OPEN = OPEN_EVENT;
const MORE = MORE_EVENT;

/** Rows to look through for a header before deciding a sheet has none. */
export const HEADER_ROWS = 30;
/** Excel's limits: columns A–XFD, rows 1–1,048,576. */
const MAX_COLUMNS = 16384;
const MAX_ROWS = 1048576;
const ROW = key('row');
const C = key('c');
const V = key('v');
const T = key('t');
const RPH = key('rPh');
/** A cell's usual content, read in one step. */
const V_OPEN = Buffer.from('<v>');
const V_CLOSE = Buffer.from('</v></c>');
const A_R = key('r');
const A_T = key('t');
const A_S = key('s');
/** Cell types (`t`) by their first letter and length. */
const code = (t: string) => (t.length << 8) | t.charCodeAt(0);
const SHARED = code('s');
const FORMULA_STR = code('str');
const INLINE = code('inlineStr');
const BOOL = code('b');
const ERROR = code('e');

/** The rows kept while the header is looked for. */
interface Row {
  n: number;
  values: CellValue[];
}

/**
 * Which of the first rows is the header (index, -1: none), and the columns whose numbers are dates and ids.
 * Decided by the caller (the loader's own header test and column detection), for the rows given by headTexts().
 */
export interface HeaderDecision {
  header: number;
  dates: number[];
  ids: number[];
}

/**
 * The handler of a worksheet part, fed piece by piece. While `deciding`, the first rows wait for a header
 * decision (decided()); then `found` (rows are written) or `gaveUp` (no header: this is not the order sheet).
 */
export class SheetReader {
  readonly out = new Output(() => this.fail(`longer than ${MAX_LINE / 1048576} MiB as CSV text`));
  found = false;
  gaveUp = false;
  deciding = false;
  private pausing = false;
  private head: Row[] | null = [];
  private dates = new Uint8Array(MAX_COLUMNS);
  private ids = new Uint8Array(MAX_COLUMNS);

  private inRow = false;
  private rowN = 0;
  private last = 0;
  private col = -1;
  private type = 0;
  private style = 0;
  private hasText = false;
  private phonetic = false;

  /** Where each cell's text is in the row's line (offsets from its start, in the order read). */
  private lastCol = -1;
  private cells = 0;
  private cellCol = new Int32Array(64);
  private cellStart = new Int32Array(64);
  private cellEnd = new Int32Array(64);
  private disordered = false;
  private values: CellValue[] = [];

  constructor(
    private readonly name: string,
    /** Whether --sheet named this sheet (read even without a header). */
    private readonly chosen: boolean,
    readonly info: SheetInfo,
    private readonly shared: SharedStrings,
    private readonly dateFormats: Uint8Array,
    private readonly date1904: boolean,
  ) {}

  /**
   * Read the elements of the current piece: false once it is used up, true when a batch of output is ready
   * (or the sheet is given up): call again after handing it on.
   */
  feed(x: XmlScanner): boolean {
    for (;;) {
      if (this.inRow && this.head === null && x.idle()) this.fastCells(x);
      const ev = x.next();
      if (ev === MORE) return false;
      if (ev === OPEN) this.open(x);
      else this.close(x);
      if (this.pausing) {
        this.pausing = false;
        return true;
      }
    }
  }

  /**
   * The usual cells of a row read straight from the bytes, four tags at a time: `<c r="B2" s="1" t="s"><v>7</v></c>`
   * and `<c r="B2" s="1"/>` (unprefixed, attributes r, s and t only, in any order, in double or single quotes).
   * It stops before anything else — the row's end, a formula, an inline string, another attribute, a cell cut by
   * the end of the piece — which the scanner then reads as usual; the cells it reads are written as the
   * scanner's events would have them.
   */
  private fastCells(x: XmlScanner): void {
    const b = x.piece();
    const n = b.length;
    let p = x.position();
    for (;;) {
      let i = p;
      while (i < n && (b[i] === 32 || b[i] === 10 || b[i] === 13 || b[i] === 9)) i++;
      if (i + 3 >= n || b[i] !== 60 || b[i + 1] !== 99 || (b[i + 2] !== 32 && b[i + 2] !== 47 && b[i + 2] !== 62))
        break;
      i += 2;
      let col = -1;
      let type = 0;
      let style = 0;
      let c = 0;
      for (;;) {
        while (i < n && b[i] === 32) i++;
        if (i + 3 >= n) break;
        c = b[i];
        if (c === 62 || c === 47) break;
        const quote = b[i + 2];
        if ((c !== 114 && c !== 115 && c !== 116) || b[i + 1] !== 61 || (quote !== 34 && quote !== 39)) break;
        const vs = i + 3;
        let ve = vs;
        while (ve < n && b[ve] !== quote) ve++;
        if (ve >= n) break;
        if (c === 114) col = refColumn(b, vs, ve);
        else if (c === 116) type = ve > vs ? ((ve - vs) << 8) | b[vs] : 0;
        else style = Math.max(0, digits(b, vs, ve));
        i = ve + 1;
      }
      let vs = 0;
      let ve = 0;
      if (c === 47) {
        if (i + 1 >= n || b[i + 1] !== 62) break;
        p = i + 2;
      } else {
        if (c !== 62 || i + 4 >= n || b[i + 1] !== 60 || b[i + 2] !== 118 || b[i + 3] !== 62) break;
        vs = ve = i + 4;
        while (ve < n && b[ve] !== 60) ve++;
        // `</v></c>`
        if (ve + 8 > n || b[ve + 1] !== 47 || b[ve + 2] !== 118 || b[ve + 3] !== 62 || b[ve + 4] !== 60) break;
        if (b[ve + 5] !== 47 || b[ve + 6] !== 99 || b[ve + 7] !== 62) break;
        p = ve + 8;
      }
      this.col = col < 0 ? this.col + 1 : col;
      if (this.col >= MAX_COLUMNS) this.fail(`a cell beyond column XFD (${MAX_COLUMNS.toLocaleString('en-US')})`);
      if (c === 47) continue;
      this.type = type;
      this.style = style;
      x.setText(vs, ve);
      this.write(x);
    }
    x.skipTo(p);
  }

  private fail(what: string): never {
    throw new InputError(`${this.name}: sheet ${this.info.name} row ${this.rowN}: ${what}`);
  }

  private open(x: XmlScanner): void {
    switch (x.key) {
      case ROW:
        return this.openRow(x);
      case C:
        this.openCell(x);
        if (x.simpleChild(V_OPEN, V_CLOSE)) {
          this.hasText = true;
          this.endCell(x);
        }
        return;
      case V:
      case T:
        this.hasText = true;
        x.capturing = !this.phonetic && !x.selfClosing;
        return;
      case RPH:
        this.phonetic = true;
    }
  }

  private close(x: XmlScanner): void {
    switch (x.key) {
      case V:
      case T:
        x.capturing = false;
        return;
      case RPH:
        this.phonetic = false;
        return;
      case C:
        return this.endCell(x);
      case ROW:
        if (this.inRow) this.endRow();
    }
  }

  private endCell(x: XmlScanner): void {
    if (!this.inRow || !this.hasText) return;
    if (this.head) this.values[this.col] = this.value(x);
    else this.write(x);
  }

  private openRow(x: XmlScanner): void {
    let n = -1;
    while (x.nextAttr()) if (x.attrKey === A_R) n = x.attrInt();
    this.rowN = n < 0 ? this.rowN + 1 : n;
    if (this.rowN > MAX_ROWS) this.fail(`row number beyond ${MAX_ROWS.toLocaleString('en-US')}`);
    this.inRow = true;
    this.col = -1;
    this.lastCol = -1;
    this.cells = 0;
    this.disordered = false;
    if (this.head) this.values = [];
    else this.put(this.rowN);
  }

  private openCell(x: XmlScanner): void {
    let col = -1;
    this.type = 0;
    this.style = 0;
    while (x.nextAttr()) {
      const a = x.attrKey;
      if (a === A_R) col = x.attrColumn();
      else if (a === A_T) this.type = x.attrCode();
      else if (a === A_S) this.style = Math.max(0, x.attrInt());
    }
    this.col = col < 0 ? this.col + 1 : col;
    if (this.col >= MAX_COLUMNS) this.fail(`a cell beyond column XFD (${MAX_COLUMNS.toLocaleString('en-US')})`);
    this.hasText = false;
    this.phonetic = false;
    x.clearText();
  }

  private isDate(style: number): boolean {
    return this.dateFormats[style] === 1;
  }

  /** The value of a cell while the header is looked for. */
  private value(x: XmlScanner): CellValue {
    switch (this.type) {
      case SHARED:
        return this.shared.get(x.textInt()) ?? '';
      case FORMULA_STR:
      case ERROR:
        return x.text();
      case INLINE:
        return x.text(true);
      case BOOL: {
        const t = x.text();
        return t === '1' || t === 'true';
      }
      default: {
        const t = x.text();
        const v = Number(t);
        if (t === '' || Number.isNaN(v)) return t;
        return this.isDate(this.style) ? serialText(v, this.date1904) : v;
      }
    }
  }

  /** A cell's text into the row's line, after the separators of the columns before it. */
  private write(x: XmlScanner): void {
    const col = this.col;
    const line = this.out;
    if (col > this.lastCol) {
      for (let k = this.lastCol < 0 ? col : col - this.lastCol; k > 0; k--) line.byte(44);
      this.lastCol = col;
    } else this.disordered = true;
    const start = line.at - line.row;
    switch (this.type) {
      case SHARED: {
        const i = x.textInt();
        if (i >= 0 && i < this.shared.count) {
          const b = this.shared.bytes();
          if (this.shared.quoted(i)) line.quoted(b, this.shared.start(i), this.shared.end(i));
          else line.bytes(b, this.shared.start(i), this.shared.end(i));
        }
        break;
      }
      case FORMULA_STR:
      case ERROR:
        line.field(x.text());
        break;
      case INLINE:
        line.field(x.text(true));
        break;
      case BOOL: {
        const t = x.text();
        line.field(t === '1' || t === 'true' ? 'TRUE' : 'FALSE');
        break;
      }
      default:
        this.writeNumber(x, col);
    }
    this.keepCell(col, start, line.at - line.row);
  }

  private writeNumber(x: XmlScanner, col: number): void {
    const b = x.textBytes();
    const s = x.textStart;
    const e = x.textEnd;
    const dateFormat = this.isDate(this.style);
    if (!dateFormat && !this.dates[col] && isPlainNumber(b, s, e)) return this.out.bytes(b, s, e);
    const t = decodeText(b, s, e, false);
    const v = Number(t);
    // Dates and numbers never need quotes.
    if (t === '' || Number.isNaN(v)) this.out.field(t);
    else if (dateFormat) this.out.text(serialText(v, this.date1904));
    else this.out.text(numberText(v, col, this.dates, this.ids, this.info, this.date1904));
  }

  private keepCell(col: number, start: number, end: number): void {
    if (this.cells === this.cellCol.length) {
      if (this.cells >= MAX_COLUMNS) this.fail(`more than ${MAX_COLUMNS.toLocaleString('en-US')} cells`);
      const grow = (a: Int32Array) => {
        const g = new Int32Array(a.length * 2);
        g.set(a);
        return g;
      };
      this.cellCol = grow(this.cellCol);
      this.cellStart = grow(this.cellStart);
      this.cellEnd = grow(this.cellEnd);
    }
    this.cellCol[this.cells] = col;
    this.cellStart[this.cells] = start;
    this.cellEnd[this.cells++] = end;
  }

  private endRow(): void {
    this.inRow = false;
    if (this.head) return this.headRow();
    if (this.disordered) this.reorder();
    this.out.byte(10);
    this.out.endRow();
    if (this.lastCol + 1 > this.info.cols) this.info.cols = this.lastCol + 1;
    if (this.out.full()) this.pausing = true;
  }

  /** Blank lines up to row n (the sheet skips row numbers without cells). */
  private put(n: number): void {
    if (n - this.last - 1 > 0) this.out.newlines(n - this.last - 1);
    this.last = n;
    this.info.rows = n;
  }

  /** A row whose cells came out of column order: rewritten in column order (the last of a column wins). */
  private reorder(): void {
    const out = this.out;
    const line = Buffer.from(out.buf.subarray(out.row, out.at));
    out.at = out.row;
    const order = Array.from({ length: this.cells }, (_, k) => k).sort(
      (a, b) => this.cellCol[a] - this.cellCol[b] || b - a,
    );
    let prev = -1;
    for (const k of order) {
      const col = this.cellCol[k];
      if (col === prev) continue;
      for (let n = prev < 0 ? col : col - prev; n > 0; n--) out.byte(44);
      out.bytes(line, this.cellStart[k], this.cellEnd[k]);
      prev = col;
    }
  }

  /** A row while the header is looked for: kept as values until there are enough to decide on. */
  private headRow(): void {
    this.head!.push({ n: this.rowN, values: this.values });
    if (this.head!.length >= HEADER_ROWS) {
      this.deciding = true;
      this.pausing = true;
    }
  }

  /** Rows met in the sheet so far. */
  get rowsMet(): number {
    return this.rowN;
  }

  /** Whether the header decision is still to come (the sheet ended before HEADER_ROWS rows). */
  get undecided(): boolean {
    return this.head !== null;
  }

  /** The first rows' cells as text (numbers as in no particular column), for the header decision. */
  headTexts(): string[][] {
    return this.head ? this.head.map((r) => this.cellTexts(r.values)) : [];
  }

  /**
   * The header decision for the rows kept (at HEADER_ROWS rows, or at the end of a shorter sheet): with a header
   * (or a sheet --sheet chose) they are written, its date and id columns noted; without, the sheet is given up.
   */
  decided(d: HeaderDecision): void {
    this.deciding = false;
    if (d.header < 0 && !this.chosen) {
      this.gaveUp = true;
      return;
    }
    for (const c of d.dates) this.dates[c] = 1;
    for (const c of d.ids) this.ids[c] = 1;
    this.found = true;
    for (const r of this.head!) {
      this.put(r.n);
      const line = this.cellTexts(r.values)
        .map((s) => (needsQuotes(s) ? `"${s.replace(/"/g, '""')}"` : s))
        .join(',');
      this.out.text(line + '\n');
      this.out.endRow();
    }
    this.head = null;
  }

  /** The texts of a kept row's cells (values by 0-based column, sparse). */
  private cellTexts(values: CellValue[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === undefined) out.push('');
      else if (typeof v === 'string') out.push(v);
      else if (typeof v === 'number') out.push(numberText(v, i, this.dates, this.ids, this.info, this.date1904));
      else out.push(v ? 'TRUE' : 'FALSE');
    }
    if (out.length > this.info.cols) this.info.cols = out.length;
    return out;
  }
}
