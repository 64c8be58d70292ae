/**
 * The hot path: a byte-level, quote-aware row scanner.
 *
 * It works on raw bytes, not decoded text: in UTF-8 and in GB18030/GBK no byte of a multi-byte character
 * is below 0x40, so the delimiter (`,` `\t` `;` or a space), the quote and line ends are found without
 * decoding anything. Only the columns a command needs are located (as byte offsets into the buffer);
 * nothing is allocated per row or per field. Callers turn the few cells they need into numbers or keys.
 */

/** Delimiter value meaning "runs of spaces/tabs separate fields, leading blanks ignored" (CDNOW style). */
export const WHITESPACE = -1;

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Row scanner state: the located cells of the last row scanned. */
export class RowScanner {
  /** Byte offset where each wanted cell starts (inside the quotes), -1 if the row has no such column. */
  readonly start: Int32Array;
  /** Byte offset just past each wanted cell. */
  readonly end: Int32Array;
  /** 1 when the cell was quoted and holds doubled quotes that must be unescaped before use. */
  readonly escaped: Uint8Array;
  /** Number of fields in the last row. */
  fields = 0;
  /** True when the last row was an empty line (one empty, unquoted field). */
  blank = false;
  /** Physical line (1-based) where the last row started. */
  line = 0;
  /** Physical line where the next row starts. */
  private nextLine = 1;

  /**
   * @param slotOf column index → slot number, or -1 for a column nobody needs
   * @param slots number of slots
   */
  constructor(
    private readonly delimiter: number,
    private readonly quote: number,
    private slotOf: Int16Array,
    slots: number,
  ) {
    this.start = new Int32Array(slots);
    this.end = new Int32Array(slots);
    this.escaped = new Uint8Array(slots);
  }

  /** The physical line number of the next row. */
  get lineOfNext(): number {
    return this.nextLine;
  }

  /** Set the physical line number of the next row (when scanning resumes after the header). */
  setLine(line: number): void {
    this.nextLine = line;
  }

  /** Switch which columns are located (after the header row has been read). */
  setSlots(slotOf: Int16Array): void {
    this.slotOf = slotOf;
  }

  /**
   * Scan one row from `pos`. Returns the offset after its line end, or -1 when the row is not complete
   * in `buf[..end]` and more data may follow (`final` false). Throws a MalformedRow on an unterminated
   * quote at the end of the input, or on text after a closing quote.
   */
  scanRow(buf: Uint8Array, pos: number, end: number, final: boolean): number {
    const d = this.delimiter;
    const q = this.quote;
    const ws = d === WHITESPACE;
    // Bytes above every special byte (delimiter, quote, CR, LF) are plain text: one comparison each.
    const hi = ws ? SPACE : d > CR ? d : CR;
    const slotOf = this.slotOf;
    const nCols = slotOf.length;
    const start = this.start;
    start.fill(-1);
    let lines = 0;
    let col = 0;
    let c: number;
    let firstEmpty = false;
    if (ws) while (pos < end && ((c = buf[pos]) === SPACE || c === TAB)) pos++;
    for (;;) {
      let fs: number;
      let fe: number;
      let esc = 0;
      if (pos < end && buf[pos] === q) {
        // Quoted field: runs to the next lone quote; doubled quotes are escapes.
        let p = pos + 1;
        for (;;) {
          if (p >= end) {
            if (!final) return -1;
            throw new MalformedRow('unterminated', this.nextLine, col);
          }
          c = buf[p];
          if (c > q) {
            p++;
            continue;
          }
          if (c === q) {
            if (p + 1 < end) {
              if (buf[p + 1] === q) {
                esc = 1;
                p += 2;
                continue;
              }
            } else if (!final) return -1;
            break;
          }
          if (c === LF || (c === CR && (p + 1 >= end || buf[p + 1] !== LF))) lines++;
          p++;
        }
        fs = pos + 1;
        fe = p;
        pos = p + 1;
        if (pos < end) {
          c = buf[pos];
          if (c !== d && c !== LF && c !== CR && !(ws && (c === SPACE || c === TAB))) {
            throw new MalformedRow('text after quote', this.nextLine, col);
          }
        }
      } else {
        fs = pos;
        if (ws) {
          while (pos < end && (c = buf[pos]) !== SPACE && c !== TAB && c !== LF && c !== CR) pos++;
        } else {
          while (pos < end && ((c = buf[pos]) > hi || (c !== d && c !== LF && c !== CR))) pos++;
        }
        fe = pos;
      }
      if (col === 0) firstEmpty = fe === fs && fs === pos;
      if (col < nCols) {
        const s = slotOf[col];
        if (s >= 0) {
          start[s] = fs;
          this.end[s] = fe;
          this.escaped[s] = esc;
        }
      }
      col++;
      if (pos >= end) {
        if (!final) return -1;
        return this.finish(col, lines, pos, firstEmpty);
      }
      c = buf[pos];
      if (ws && (c === SPACE || c === TAB)) {
        while (pos < end && ((c = buf[pos]) === SPACE || c === TAB)) pos++;
        if (pos >= end) {
          if (!final) return -1;
          return this.finish(col, lines, pos, firstEmpty);
        }
        if (c !== LF && c !== CR) continue;
      } else if (c === d) {
        pos++;
        continue;
      }
      // Line end: LF, CRLF or a lone CR.
      if (c === CR) {
        if (pos + 1 < end) {
          if (buf[pos + 1] === LF) pos++;
        } else if (!final) return -1;
      }
      return this.finish(col, lines, pos + 1, firstEmpty);
    }
  }

  private finish(col: number, lines: number, pos: number, firstEmpty: boolean): number {
    this.fields = col;
    this.blank = col === 1 && firstEmpty;
    this.line = this.nextLine;
    this.nextLine += lines + 1;
    return pos;
  }
}

/** A row the scanner cannot read; the loader turns it into an InputError naming file and line. */
export class MalformedRow extends Error {
  constructor(
    readonly kind: 'unterminated' | 'text after quote',
    readonly line: number,
    readonly column: number,
  ) {
    super(kind === 'unterminated' ? 'unterminated quoted field' : 'text after a closing quote');
  }
}

/** Copy of a quoted cell with its doubled quotes made single (the rare slow path). */
export function unescapeQuotes(buf: Uint8Array, s: number, e: number, quote: number): Buffer {
  const out = Buffer.allocUnsafe(e - s);
  let n = 0;
  for (let i = s; i < e; i++) {
    out[n++] = buf[i];
    if (buf[i] === quote && i + 1 < e && buf[i + 1] === quote) i++;
  }
  return out.subarray(0, n);
}
