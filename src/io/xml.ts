/**
 * A byte-level XML tokenizer for the parts of a workbook. Fed the inflated pieces of one part, it gives its
 * reader each element's start and end in turn and collects the text the reader asks for as bytes — across piece
 * boundaries, decoded once, so a character split between two pieces is whole by construction. No objects per
 * element: the reader reads the current tag's name key and attributes off the scanner.
 *
 * As much XML as SpreadsheetML needs: namespace prefixes are dropped (`x:row` is `row`), attribute values in
 * either quote, self-closing tags, comments, CDATA, processing instructions and a DOCTYPE (skipped, its entities
 * never expanded), the five named entities and numeric character references, line ends normalised to `\n`.
 * Nesting is not validated: the handlers only look at the elements they know.
 */

/** Malformed XML, or a tag or text value beyond the sizes read. */
export class XmlError extends Error {}

// Constants used in the loops are module-local: an exported one is read off `exports` on every use.
const MORE_ = 0;
const OPEN_ = 1;
const CLOSE_ = 2;
const LONG_ = -1;
const TEXT = 0;
const COMMENT = 1;
const CDATA = 2;

/** What next() found: the end of the piece (push the next), an element start, an element end. */
export const MORE = MORE_;
export const OPEN = OPEN_;
export const CLOSE = CLOSE_;

/** A reader of one part, told each element start and end (both, in turn, for a self-closing `<x/>`). */
export interface XmlHandler {
  open(x: XmlScanner): void;
  close(x: XmlScanner): void;
}

/** Hand the current piece's elements to a handler (for the small parts; a sheet has its own loop). */
export function drain(x: XmlScanner, h: XmlHandler): void {
  for (let ev = x.next(); ev !== MORE_; ev = x.next()) {
    if (ev === OPEN_) h.open(x);
    else h.close(x);
  }
}

/** The longest tag (or comment, processing instruction, DOCTYPE) read; text values may be longer. */
const MAX_TAG = 1 << 20;
/** The longest text value collected (Excel keeps at most 32,767 characters in a cell). */
const MAX_TEXT = 1 << 25;
/** The key of names longer than 3 bytes (compare those by `elementName()` / `attrName()`). */
export const LONG = LONG_;

/** The key of a local name of up to 3 bytes: its length and bytes (exact, so comparing keys compares names). */
export function key(name: string): number {
  if (name.length > 3) return LONG_;
  let k = name.length << 24;
  for (let i = 0; i < name.length; i++) k |= name.charCodeAt(i) << (16 - 8 * i);
  return k;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOT = 34;
const APOS = 39;
const COLON = 58;
const EQ = 61;
const BANG = 33;
const QUESTION = 63;
const AMP = 38;
const CDATA_OPEN = Buffer.from('<![CDATA[');
/** Per attribute: key, name start, name end, value start, value end. */
const ATTR = 5;

/**
 * The tokenizer, pulled by its reader: push() a piece, then next() until it says MORE. After OPEN, the element's
 * `key`, `selfClosing` and attributes (nextAttr()) are readable; after CLOSE, its `key`. Text between tags is
 * collected while `capturing` is set.
 */
export class XmlScanner {
  /** The bytes being scanned and the position reached. */
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private carry: Buffer | null = null;
  /** The piece pushed, from restAt on, when buf is a copy of an unfinished tag and its end. */
  private rest: Buffer | null = null;
  private restAt = 0;
  private mode = TEXT;
  private event = MORE_;
  private closeNext = false;

  /** The current element: key of its local name, where the name is, whether it closes itself. */
  key = 0;
  selfClosing = false;
  private nameStart = 0;
  private nameEnd = 0;

  /** The current element's attributes, and the current one (after nextAttr()). */
  private attrs = new Int32Array(ATTR * 16);
  private attrCount = 0;
  private attrAt = 0;
  attrKey = 0;
  private valueStart = 0;
  private valueEnd = 0;

  /** Collect text while true. The text gathers until clearText(), across elements and pieces. */
  capturing = false;
  private side = Buffer.allocUnsafe(1 << 12);
  private sideLen = 0;
  private direct = false;
  private directStart = 0;
  private directEnd = 0;
  /** Where the collected text is after textBytes(). */
  textStart = 0;
  textEnd = 0;

  /** Give the next piece of the part (after next() said MORE). */
  push(piece: Buffer): void {
    this.rest = piece;
    this.restAt = 0;
    this.advance();
  }

  /** The next element start or end in the piece, or MORE once it is used up (an unfinished tag is kept). */
  next(): number {
    if (this.closeNext) {
      this.closeNext = false;
      return CLOSE_;
    }
    for (;;) {
      const ev = this.scan();
      if (ev !== MORE_ || !this.rest) return ev;
      this.advance();
    }
  }

  /**
   * Move on to the rest of the piece. A tag left unfinished at the end of the last one is completed with the
   * bytes up to the next `>` (at least as many as it has, so a long one is not copied over and over): only those
   * are copied, not the whole piece.
   */
  private advance(): void {
    if (this.direct) this.toSide();
    const piece = this.rest!;
    if (!this.carry) {
      this.buf = piece;
      this.pos = this.restAt;
      this.rest = null;
      return;
    }
    const gt = piece.indexOf(GT, this.restAt);
    const least = this.restAt + Math.max(this.carry.length, 256);
    const end = Math.min(piece.length, Math.max(gt < 0 ? piece.length : gt + 1, least));
    this.buf = Buffer.concat([this.carry, piece.subarray(this.restAt, end)]);
    this.carry = null;
    this.pos = 0;
    if (end < piece.length) this.restAt = end;
    else this.rest = null;
  }

  private scan(): number {
    const b = this.buf;
    const n = b.length;
    let p = this.pos;
    while (p < n) {
      if (this.mode !== TEXT) {
        p = this.inside(p);
        continue;
      }
      let q = p;
      while (q < n && b[q] !== LT) q++;
      if (q > p && this.capturing) this.addText(p, q);
      if (q >= n) {
        p = n;
        break;
      }
      this.event = MORE_;
      const end = this.markup(q);
      if (end < 0) {
        this.keep(q);
        p = n;
        break;
      }
      p = end;
      if (this.event !== MORE_) {
        this.pos = p;
        return this.event;
      }
    }
    this.pos = p;
    return MORE_;
  }

  /** The part has ended: it must not end inside a tag, comment or CDATA section. */
  end(): void {
    if (this.mode !== TEXT || (this.carry && this.carry.length))
      throw new XmlError('the XML ends inside a tag (truncated part)');
  }

  private keep(from: number): void {
    if (this.buf.length - from > MAX_TAG) throw new XmlError(`a tag over ${MAX_TAG / 1024} KiB`);
    this.carry = this.buf.subarray(from);
  }

  /** Continue inside a comment or CDATA section from p; returns where scanning goes on. */
  private inside(p: number): number {
    const b = this.buf;
    const n = b.length;
    const end = b.indexOf(this.mode === COMMENT ? '-->' : ']]>', p, 'latin1');
    if (end >= 0) {
      if (this.mode === CDATA && this.capturing) this.addCData(p, end);
      this.mode = TEXT;
      return end + 3;
    }
    // Keep the last two bytes: they may start the terminator.
    const stop = Math.max(p, n - 2);
    if (this.mode === CDATA && this.capturing) this.addCData(p, stop);
    this.carry = b.subarray(stop);
    return n;
  }

  /** The markup at q (`<`): returns the position after it, or -1 if it is not complete in this piece. */
  private markup(q: number): number {
    const b = this.buf;
    const n = b.length;
    if (q + 1 >= n) return -1;
    const c = b[q + 1];
    if (c === SLASH) return this.closeTag(q);
    if (c === QUESTION) {
      const end = b.indexOf('?>', q + 2, 'latin1');
      return end < 0 ? -1 : end + 2;
    }
    if (c === BANG) return this.declaration(q);
    return this.openTag(q);
  }

  /** `<!--`, `<![CDATA[` or a declaration such as DOCTYPE (skipped, with its internal subset). */
  private declaration(q: number): number {
    const b = this.buf;
    const n = b.length;
    if (q + 3 >= n) return -1;
    if (b[q + 2] === 45 && b[q + 3] === 45) {
      this.mode = COMMENT;
      return q + 4;
    }
    let i = 2;
    while (i < CDATA_OPEN.length && q + i < n && b[q + i] === CDATA_OPEN[i]) i++;
    if (i === CDATA_OPEN.length) {
      this.mode = CDATA;
      return q + i;
    }
    if (q + i >= n) return -1;
    let depth = 0;
    let quote = 0;
    for (let j = q + 2; j < n; j++) {
      const ch = b[j];
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === QUOT || ch === APOS) quote = ch;
      else if (ch === 91) depth++;
      else if (ch === 93) depth--;
      else if (ch === GT && depth <= 0) return j + 1;
    }
    return -1;
  }

  /** Scans a name from i (its local part after any prefix); returns where it ends, or n. */
  private name(i: number): number {
    const b = this.buf;
    const n = b.length;
    let start = i;
    let k0 = 0;
    let k1 = 0;
    let k2 = 0;
    let len = 0;
    for (; i < n; i++) {
      const ch = b[i];
      if (ch <= 32 || ch === GT || ch === SLASH) break;
      if (ch === COLON) {
        start = i + 1;
        len = k0 = k1 = k2 = 0;
        continue;
      }
      if (len === 0) k0 = ch;
      else if (len === 1) k1 = ch;
      else if (len === 2) k2 = ch;
      len++;
    }
    this.nameStart = start;
    this.nameEnd = i;
    this.key = len > 3 ? LONG_ : (len << 24) | (k0 << 16) | (k1 << 8) | k2;
    return i;
  }

  /** An element start, its attributes noted as it is scanned; -1 if it does not end in this piece. */
  private openTag(q: number): number {
    const b = this.buf;
    const n = b.length;
    let i = this.name(q + 1);
    let count = 0;
    for (;;) {
      while (i < n && b[i] <= 32) i++;
      if (i >= n) return -1;
      let c = b[i];
      if (c === GT) {
        this.selfClosing = false;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= n) return -1;
        if (b[++i] !== GT) throw new XmlError('a tag with a stray /');
        this.selfClosing = true;
        break;
      }
      let start = i;
      let k = 0;
      let len = 0;
      for (; i < n; i++) {
        c = b[i];
        if (c === EQ || c <= 32 || c === GT || c === SLASH) break;
        if (c === COLON) {
          start = i + 1;
          k = len = 0;
          continue;
        }
        if (len < 3) k |= c << (16 - 8 * len);
        len++;
      }
      const nameEnd = i;
      while (i < n && b[i] <= 32) i++;
      if (i >= n) return -1;
      if (b[i] !== EQ) throw new XmlError('an attribute without a value');
      i++;
      while (i < n && b[i] <= 32) i++;
      if (i >= n) return -1;
      const quote = b[i];
      if (quote !== QUOT && quote !== APOS) throw new XmlError('an attribute value without quotes');
      const valueStart = ++i;
      while (i < n && b[i] !== quote) i++;
      if (i >= n) return -1;
      if ((count + 1) * ATTR > this.attrs.length) {
        const grown = new Int32Array(this.attrs.length * 2);
        grown.set(this.attrs);
        this.attrs = grown;
      }
      const a = this.attrs;
      const at = count++ * ATTR;
      a[at] = len > 3 ? LONG_ : (len << 24) | k;
      a[at + 1] = start;
      a[at + 2] = nameEnd;
      a[at + 3] = valueStart;
      a[at + 4] = i++;
    }
    this.attrCount = count;
    this.attrAt = 0;
    this.event = OPEN_;
    this.closeNext = this.selfClosing;
    return i + 1;
  }

  private closeTag(q: number): number {
    const b = this.buf;
    let i = this.name(q + 2);
    while (i < b.length && b[i] !== GT) i++;
    if (i >= b.length) return -1;
    this.selfClosing = false;
    this.event = CLOSE_;
    return i + 1;
  }

  /**
   * For a reader that reads a common shape of its part straight from the bytes (see SheetReader): whether the
   * scanner stands between tags with nothing pending, the piece and the position reached, then where it read to
   * and the text it found there.
   */
  idle(): boolean {
    return this.mode === TEXT && !this.closeNext && !this.capturing;
  }

  piece(): Buffer {
    return this.buf;
  }

  position(): number {
    return this.pos;
  }

  skipTo(p: number): void {
    this.pos = p;
  }

  setText(s: number, e: number): void {
    this.sideLen = 0;
    this.direct = true;
    this.directStart = s;
    this.directEnd = e;
  }

  /**
   * Right after an element start: if exactly `open`, text without markup and `close` follow (e.g. `<v>12</v></c>`
   * after a cell's start), take that text as the collected text and move past it — the common shape of a cell in
   * one step instead of four events. False (nothing moved) for anything else, which next() then reads as usual.
   */
  simpleChild(open: Uint8Array, close: Uint8Array): boolean {
    const b = this.buf;
    const n = b.length;
    const p = this.pos;
    if (this.closeNext || p + open.length + close.length > n) return false;
    for (let i = 0; i < open.length; i++) if (b[p + i] !== open[i]) return false;
    const s = p + open.length;
    let e = s;
    while (e < n && b[e] !== LT) e++;
    if (e + close.length > n) return false;
    for (let i = 0; i < close.length; i++) if (b[e + i] !== close[i]) return false;
    this.sideLen = 0;
    this.direct = true;
    this.directStart = s;
    this.directEnd = e;
    this.pos = e + close.length;
    return true;
  }

  /** The current element's local name. */
  elementName(): string {
    return this.buf.toString('utf8', this.nameStart, this.nameEnd);
  }

  /** Move to the current element's next attribute: false when there are no more. */
  nextAttr(): boolean {
    if (this.attrAt >= this.attrCount) return false;
    const at = this.attrAt++ * ATTR;
    this.attrKey = this.attrs[at];
    this.valueStart = this.attrs[at + 3];
    this.valueEnd = this.attrs[at + 4];
    return true;
  }

  /** The current attribute's local name. */
  attrName(): string {
    const at = (this.attrAt - 1) * ATTR;
    return this.buf.toString('utf8', this.attrs[at + 1], this.attrs[at + 2]);
  }

  /** The current attribute's value, entities decoded and white space normalised. */
  attrValue(): string {
    let s = this.buf.toString('utf8', this.valueStart, this.valueEnd);
    if (/[\t\n\r]/.test(s)) s = s.replace(/\r\n|[\t\n\r]/g, ' ');
    return s.includes('&') ? decodeEntities(s) : s;
  }

  /** The current attribute's value as a non-negative decimal integer; -1 if it is not one. */
  attrInt(): number {
    return digits(this.buf, this.valueStart, this.valueEnd);
  }

  /** The current attribute's value as a column number (0-based) of a cell reference such as `AB12`; -1 if none. */
  attrColumn(): number {
    return refColumn(this.buf, this.valueStart, this.valueEnd);
  }

  /** The current attribute's value's first byte and length (for short codes such as a cell type). */
  attrCode(): number {
    const len = this.valueEnd - this.valueStart;
    return len === 0 ? 0 : (len << 8) | this.buf[this.valueStart];
  }

  private addText(p: number, q: number): void {
    if (!this.direct && this.sideLen === 0) {
      this.direct = true;
      this.directStart = p;
      this.directEnd = q;
      return;
    }
    if (this.direct) this.toSide();
    this.append(this.buf, p, q);
  }

  /** CDATA text: its `&` escaped, so that decoding the collected text leaves it as written. */
  private addCData(p: number, q: number): void {
    const amp = this.buf.indexOf(AMP, p);
    if (amp < 0 || amp >= q) return this.addText(p, q);
    if (this.direct) this.toSide();
    for (let i = p; i < q; i++) {
      if (this.buf[i] === AMP) this.append(AMP_ENTITY, 0, AMP_ENTITY.length);
      else this.append(this.buf, i, i + 1);
    }
  }

  private toSide(): void {
    this.direct = false;
    this.append(this.buf, this.directStart, this.directEnd);
  }

  private append(src: Buffer, p: number, q: number): void {
    const need = this.sideLen + q - p;
    if (need > this.side.length) {
      if (need > MAX_TEXT) throw new XmlError(`a text value over ${MAX_TEXT / 1048576} MiB`);
      const grown = Buffer.allocUnsafe(Math.min(MAX_TEXT, Math.max(need, this.side.length * 2)));
      this.side.copy(grown, 0, 0, this.sideLen);
      this.side = grown;
    }
    src.copy(this.side, this.sideLen, p, q);
    this.sideLen = need;
  }

  /** Forget the collected text. */
  clearText(): void {
    this.direct = false;
    this.sideLen = 0;
  }

  /** The collected text's bytes, as written (entities not decoded): the buffer and [textStart, textEnd). */
  textBytes(): Buffer {
    if (this.direct) {
      this.textStart = this.directStart;
      this.textEnd = this.directEnd;
      return this.buf;
    }
    this.textStart = 0;
    this.textEnd = this.sideLen;
    return this.side;
  }

  /** The collected text, decoded (`excel`: Excel's `_xHHHH_` escapes too, as in `<t>` text). */
  text(excel = false): string {
    const b = this.textBytes();
    return decodeText(b, this.textStart, this.textEnd, excel);
  }

  /** The collected text as a non-negative decimal integer (white space around it allowed); -1 if none. */
  textInt(): number {
    const b = this.textBytes();
    let s = this.textStart;
    let e = this.textEnd;
    while (s < e && b[s] <= 32) s++;
    while (e > s && b[e - 1] <= 32) e--;
    return digits(b, s, e);
  }
}

const AMP_ENTITY = Buffer.from('&amp;');

/** The column (0-based) of a cell reference such as `AB12` in bytes [s, e); -1 without letters. */
export function refColumn(b: Uint8Array, s: number, e: number): number {
  let c = 0;
  let i = s;
  for (; i < e && i - s < 4; i++) {
    const ch = b[i];
    if (ch < 65 || ch > 90) break;
    c = c * 26 + (ch - 64);
  }
  if (i < e && b[i] >= 65 && b[i] <= 90) return Infinity; // beyond any sheet
  return c - 1;
}

/** Bytes [s, e) as a non-negative decimal integer (up to 15 digits); -1 if they are not one. */
export function digits(b: Uint8Array, s: number, e: number): number {
  if (s >= e || e - s > 15) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five named entities and numeric character references; anything else is left as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (all, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref];
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? all : String.fromCodePoint(code);
  });
}

/**
 * Excel's own escapes in text (`_x000D_` for a carriage return, `_x005F_` for an underscore that would start
 * one): upper-case hex only, as Excel writes them and exceljs reads them.
 */
export function decodeExcelEscapes(s: string): string {
  return s.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Text bytes as written in the XML → the text: UTF-8, line ends, entities (and Excel's escapes). */
export function decodeText(b: Buffer, s: number, e: number, excel: boolean): string {
  let t = b.toString('utf8', s, e);
  if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
  if (t.includes('&')) t = decodeEntities(t);
  if (excel && t.includes('_x')) t = decodeExcelEscapes(t);
  return t;
}
