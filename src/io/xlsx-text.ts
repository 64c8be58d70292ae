/**
 * Cell values as the text a CSV export has: Excel serial numbers as dates, numbers in full digits (15 significant
 * for fractions, as Excel keeps them), and the batch writer the CSV lines of a sheet are written into as bytes.
 */
import { formatDay } from './cells';
import type { SheetInfo } from './xlsx';
import { needsQuotes } from './xlsx-parts';

/** The longest row read, as CSV text. */
export const MAX_LINE = 1 << 28;
/**
 * Output is handed on in pieces of this size: below the C allocator's 128 KiB threshold for a fresh memory map
 * per buffer, so the memory of batches already read is used again (fresh pages cost a page fault each).
 */
const BATCH = 1 << 16;

const MS_PER_DAY = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** The largest serial number Excel shows as a date (9999-12-31). */
const LAST_SERIAL = 2958466;

const two = (n: number) => (n < 10 ? '0' : '') + n;

/** An Excel serial day number (fraction: time of day) as a date text (`YYYY-MM-DD`, with ` HH:mm:ss` if set). */
export function serialText(v: number, date1904: boolean): string {
  const ms = (date1904 ? EPOCH_1904 : EPOCH_1900) + Math.round((v * MS_PER_DAY) / 1000) * 1000;
  if (!(Math.abs(ms) <= 8.64e15)) return '';
  const days = Math.floor(ms / MS_PER_DAY);
  let sec = (ms - days * MS_PER_DAY) / 1000;
  const s = formatDay(days); // the civil date without a Date object per cell
  if (!sec) return s;
  const h = Math.floor(sec / 3600);
  sec -= h * 3600;
  const min = Math.floor(sec / 60);
  return `${s} ${two(h)}:${two(min)}:${two(sec - min * 60)}`;
}

/** A cell's value while the header is looked for: text (strings, errors, dates), a number, or a boolean. */
export type CellValue = string | number | boolean;

/** The text of a number cell (not in a date format): dates in date columns, ids checked for lost digits. */
export function numberText(
  v: number,
  col: number,
  dates: Uint8Array,
  ids: Uint8Array,
  info: SheetInfo,
  d1904: boolean,
) {
  if (dates[col] && v > 0 && v < LAST_SERIAL) return serialText(v, d1904);
  if (Number.isInteger(v)) {
    if (ids[col] && !Number.isSafeInteger(v)) {
      info.lostIds++;
      info.firstLostId ??= BigInt(v).toString();
    }
    return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
  }
  // Excel keeps 15 significant digits; drop binary noise such as 0.30000000000000004.
  return String(Number(v.toPrecision(15)));
}

/**
 * Whether number text is already as numberText would write it: an optional minus, an integer part without
 * leading zeros, an optional fraction without trailing zeros, 15 significant digits at most and not below 1e-6
 * (String() writes smaller numbers with an exponent). Such text is copied as it is.
 */
export function isPlainNumber(b: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (b[i] === 45) i++;
  const intStart = i;
  while (i < e && b[i] >= 48 && b[i] <= 57) i++;
  const intLen = i - intStart;
  if (intLen === 0 || intLen > 15 || (intLen > 1 && b[intStart] === 48)) return false;
  const zero = intLen === 1 && b[intStart] === 48;
  if (i === e) return !(zero && intStart > s); // "-0" is written 0
  if (b[i] !== 46) return false;
  const fracStart = ++i;
  while (i < e && b[i] >= 48 && b[i] <= 57) i++;
  if (i !== e || i === fracStart || b[e - 1] === 48) return false;
  if (!zero) return intLen + (e - fracStart) <= 15;
  let lead = fracStart;
  while (b[lead] === 48) lead++;
  return lead - fracStart <= 5 && e - lead <= 15;
}

/**
 * Copy bytes [s, e) of src to dst at `at`; returns the end. Short runs by hand: Buffer#copy (or a view to set())
 * costs more per call than copying a short run byte by byte.
 */
function copy(src: Uint8Array, s: number, e: number, dst: Uint8Array, at: number): number {
  if (e - s > 32) {
    dst.set(new Uint8Array(src.buffer, src.byteOffset + s, e - s), at);
    return at + e - s;
  }
  while (s < e) dst[at++] = src[s++];
  return at;
}

/**
 * The CSV text produced. Rows are written in place into a batch buffer; when a row does not fit, the batch up to
 * it is set aside to be handed on and the row begun so far moves to a new buffer (cells keep their offsets from
 * the row's start). So a row is copied once at most per batch, not once per row.
 */
export class Output {
  private ready: Buffer[] = [];
  buf = Buffer.allocUnsafe(BATCH);
  at = 0;
  /** Where the row being written starts. */
  row = 0;

  constructor(private readonly tooLong: () => never) {}

  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const begun = this.at - this.row;
    if (begun + n > MAX_LINE) this.tooLong();
    const next = Buffer.allocUnsafe(Math.max(BATCH, 2 * (begun + n)));
    this.buf.copy(next, 0, this.row, this.at);
    if (this.row > 0) this.ready.push(this.buf.subarray(0, this.row));
    this.buf = next;
    this.at = begun;
    this.row = 0;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.at++] = c;
  }

  bytes(src: Buffer, s: number, e: number): void {
    this.ensure(e - s);
    this.at = copy(src, s, e, this.buf, this.at);
  }

  /** Bytes as a quoted CSV field (quotes doubled). */
  quoted(src: Buffer, s: number, e: number): void {
    this.ensure(2 * (e - s) + 2);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 34;
    for (let i = s; i < e; i++) {
      const c = src[i];
      buf[at++] = c;
      if (c === 34) buf[at++] = 34;
    }
    buf[at++] = 34;
    this.at = at;
  }

  /** Text as a CSV field. */
  field(s: string): void {
    this.text(needsQuotes(s) ? `"${s.replace(/"/g, '""')}"` : s);
  }

  text(s: string): void {
    this.ensure(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  /** The row is complete (with its line end). */
  endRow(): void {
    this.row = this.at;
  }

  /** k empty lines (between rows). */
  newlines(k: number): void {
    while (k > 0) {
      const n = Math.min(k, BATCH);
      this.ensure(n);
      this.buf.fill(10, this.at, this.at + n);
      this.at += n;
      this.row = this.at;
      k -= n;
    }
  }

  /** Whether a batch is waiting to be handed on. */
  full(): boolean {
    return this.ready.length > 0;
  }

  /** The batches ready (with `all`, at the end: what is written of the current one too). */
  take(all = false): Buffer[] {
    if (all && this.at) {
      this.ready.push(this.buf.subarray(0, this.at));
      this.buf = Buffer.allocUnsafe(0);
      this.at = this.row = 0;
    }
    const out = this.ready;
    this.ready = [];
    return out;
  }
}
