/**
 * The parts of a workbook that its sheets refer to: the shared strings (kept as UTF-8 bytes in one arena, ready
 * to be copied into CSV lines) and the styles (which cell formats show a number as a date), each read by a
 * handler of the byte-level XML scanner.
 */
import { LONG, XmlHandler, XmlScanner, decodeText, key } from './xml';

/** The shared strings went past their limit (bytes of text, plus 5 bytes of index per string). */
export class SharedStringsTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`shared strings over ${limit} bytes`);
  }
}

/**
 * The workbook's shared strings: their UTF-8 bytes one after another in one arena, the end of each in a typed
 * array, and whether each needs quotes in a CSV field. A cell that names a string copies its bytes; no string
 * object is made per string or per cell.
 */
export class SharedStrings {
  private arena: Buffer;
  private used = 0;
  private ends = new Uint32Array(1 << 12);
  private quotes = new Uint8Array(1 << 12);
  count = 0;

  /** @param sizeHint the part's declared unzipped size: the text is never longer than its XML */
  constructor(
    readonly limit: number,
    sizeHint = 0,
  ) {
    this.arena = Buffer.allocUnsafe(Math.max(1 << 12, Math.min(limit, sizeHint)));
  }

  private room(bytes: number): void {
    if (this.used + bytes + 5 * (this.count + 1) > this.limit) throw new SharedStringsTooLarge(this.limit);
    if (this.count === this.ends.length) {
      const ends = new Uint32Array(this.count * 2);
      ends.set(this.ends);
      this.ends = ends;
      const quotes = new Uint8Array(this.count * 2);
      quotes.set(this.quotes);
      this.quotes = quotes;
    }
    if (this.used + bytes > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.limit, Math.max(this.used + bytes, this.arena.length * 2)));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
  }

  /** Add a string given as UTF-8 bytes [s, e) of `b` (already decoded: no entities). */
  addBytes(b: Buffer, s: number, e: number, quote: boolean): void {
    this.room(e - s);
    const arena = this.arena;
    if (e - s > 64) b.copy(arena, this.used, s, e);
    else for (let i = s, at = this.used; i < e;) arena[at++] = b[i++]; // a short one by hand (see copy() in xlsx-text.ts)
    this.used += e - s;
    this.quotes[this.count] = quote ? 1 : 0;
    this.ends[this.count++] = this.used;
  }

  add(text: string): void {
    const bytes = Buffer.byteLength(text);
    this.room(bytes);
    this.used += this.arena.write(text, this.used, 'utf8');
    this.quotes[this.count] = needsQuotes(text) ? 1 : 0;
    this.ends[this.count++] = this.used;
  }

  start(i: number): number {
    return i ? this.ends[i - 1] : 0;
  }

  end(i: number): number {
    return this.ends[i];
  }

  /** The bytes of every string (string i is [start(i), end(i))). */
  bytes(): Buffer {
    return this.arena;
  }

  quoted(i: number): boolean {
    return this.quotes[i] === 1;
  }

  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    return this.arena.toString('utf8', this.start(i), this.ends[i]);
  }
}

/** Whether a CSV field needs quotes: it holds a quote, a comma or a line end. */
export function needsQuotes(s: string): boolean {
  return /[",\r\n]/.test(s);
}

const SI = key('si');
const T = key('t');
const RPH = key('rPh');
/** A plain string's usual shape, read in one step. */
const T_OPEN = Buffer.from('<t>');
const T_CLOSE = Buffer.from('</t></si>');

/**
 * The handler of the shared strings part: each `<si>` is the text of its `<t>` elements (plain or the runs of
 * rich text), leaving out `<rPh>` phonetic runs (reading aids shown above East Asian text, not part of it).
 */
export class SharedStringsReader implements XmlHandler {
  private inItem = false;
  private phonetic = false;

  constructor(readonly strings: SharedStrings) {}

  open(x: XmlScanner): void {
    if (x.key === SI) {
      if (x.simpleChild(T_OPEN, T_CLOSE)) {
        this.store(x);
        x.clearText();
        return;
      }
      x.clearText();
      this.inItem = true;
      this.phonetic = false;
    } else if (x.key === T) {
      if (this.inItem && !this.phonetic && !x.selfClosing) x.capturing = true;
    } else if (x.key === RPH) this.phonetic = !x.selfClosing;
  }

  close(x: XmlScanner): void {
    if (x.key === T) x.capturing = false;
    else if (x.key === RPH) this.phonetic = false;
    else if (x.key === SI && this.inItem) {
      this.inItem = false;
      x.capturing = false;
      this.store(x);
      x.clearText();
    }
  }

  /** Bytes without `&`, a carriage return or `_x` are the text as they are; others are decoded first. */
  private store(x: XmlScanner): void {
    const b = x.textBytes();
    const s = x.textStart;
    const e = x.textEnd;
    let quote = false;
    for (let i = s; i < e; i++) {
      const c = b[i];
      if (c === 38 || c === 13 || (c === 95 && b[i + 1] === 120)) return this.strings.add(decodeText(b, s, e, true));
      if (c === 34 || c === 44 || c === 10) quote = true;
    }
    this.strings.addBytes(b, s, e, quote);
  }
}

/** Built-in number formats that show a date or time (ids 14–22, 27–36, 45–47, 50–58, 71–81). */
export function isBuiltinDateFormat(id: number): boolean {
  return (
    (id >= 14 && id <= 22) ||
    (id >= 27 && id <= 36) ||
    (id >= 45 && id <= 47) ||
    (id >= 50 && id <= 58) ||
    (id >= 71 && id <= 81)
  );
}

/**
 * Whether a number format code shows a date or time: after removing quoted text, backslash escapes, `_x`
 * spacing and `*x` fill, and bracketed parts other than elapsed time (`[h]`, `[mm]`, `[ss]`), it still holds
 * one of d, m, y, h, s or b (Buddhist year), in either case. exceljs's `isDateFmt` decides the same for real
 * formats; it differs where it misreads one (`0\h` is a number with a literal h; `[h]` alone is elapsed hours).
 */
export function isDateFormat(code: string): boolean {
  const rest = code.replace(/"[^"]*"|\\.|[_*].|\[[^\]]*\]/g, (part) => (/^\[(h+|m+|s+)\]$/i.test(part) ? 'h' : ''));
  return /[dmyhsb]/i.test(rest);
}

/** Cell formats beyond this many are taken as not dates (Excel allows 64,000). */
const MAX_FORMATS = 1 << 20;
const XF = key('xf');

/**
 * The handler of the styles part: the custom number formats (`numFmts`) and each cell format's number format id
 * (`cellXfs`; a cell's `s` attribute is an index into them). Number formats of differential formats (`dxfs`)
 * and cell style formats (`cellStyleXfs`) are other lists and are not read.
 */
export class StylesReader implements XmlHandler {
  private inFormats = false;
  private inCellFormats = false;
  private formats = new Map<number, boolean>();
  private cellFormats: number[] = [];

  open(x: XmlScanner): void {
    if (x.key === XF) {
      if (this.inCellFormats && this.cellFormats.length < MAX_FORMATS) {
        let id = 0;
        while (x.nextAttr()) if (x.attrName() === 'numFmtId') id = x.attrInt();
        this.cellFormats.push(id);
      }
      return;
    }
    if (x.key !== LONG) return;
    const name = x.elementName();
    if (name === 'numFmts') this.inFormats = !x.selfClosing;
    else if (name === 'cellXfs') this.inCellFormats = !x.selfClosing;
    else if (name === 'numFmt' && this.inFormats && this.formats.size < MAX_FORMATS) {
      let id = -1;
      let code = '';
      while (x.nextAttr()) {
        const a = x.attrName();
        if (a === 'numFmtId') id = x.attrInt();
        else if (a === 'formatCode') code = x.attrValue();
      }
      if (id >= 0) this.formats.set(id, isDateFormat(code));
    }
  }

  close(x: XmlScanner): void {
    if (x.key !== LONG) return;
    const name = x.elementName();
    if (name === 'numFmts') this.inFormats = false;
    else if (name === 'cellXfs') this.inCellFormats = false;
  }

  /** For each cell format (by index), 1 if it shows a date. */
  dateFormats(): Uint8Array {
    const out = new Uint8Array(this.cellFormats.length);
    this.cellFormats.forEach((id, i) => {
      const custom = this.formats.get(id);
      out[i] = (custom ?? isBuiltinDateFormat(id)) ? 1 : 0;
    });
    return out;
  }
}
