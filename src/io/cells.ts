/**
 * Cell readers for the hot path. Each works on bytes `buf[s..e)` (as located by the RowScanner), allocates
 * nothing, and reports through a return code; the value lands in a shared result slot.
 * Money is held in integer units of 1/10,000 (`MONEY_SCALE`) so that sums are exact: prices like 0.001
 * (UCI Online Retail) and totals of millions of rows reconcile to the cent.
 */

/** Money is stored as integers of 1/MONEY_SCALE of the currency unit. */
export const MONEY_SCALE = 10000;

export const OK = 0;
export const MISSING = 1;
export const BAD = 2;

/** Where cell readers put their value (one shared slot: the hot path allocates nothing). */
export const cell = { value: 0 };

const SP = 32,
  TAB = 9,
  MINUS = 45,
  PLUS = 43,
  DOT = 46,
  COMMA = 44,
  LPAREN = 40,
  RPAREN = 41;
const D0 = 48,
  D9 = 57,
  EQ = 61,
  QUOTE = 34,
  APOS = 39;

function isJunk(c: number): boolean {
  // Currency signs and units around a number: any non-ASCII byte (¥ ￥ 元 € £ in any encoding),
  // '$', ASCII letters (RMB, CNY, USD), blanks.
  return c >= 128 || c === 36 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === SP || c === TAB;
}

/**
 * Read an amount: `1,234.50`, `¥12.5`, `12.50元`, `-3.2`, `(3.20)`, `$ 5`. Empty, `-`, `null`, `N/A` are
 * MISSING. Up to 4 decimals; anything else is BAD.
 */
export function readMoney(b: Uint8Array, s: number, e: number): number {
  while (s < e && (b[s] === SP || b[s] === TAB || b[s] === EQ || b[s] === QUOTE || b[s] === APOS)) s++;
  while (e > s && (b[e - 1] === SP || b[e - 1] === TAB || b[e - 1] === QUOTE)) e--;
  if (s === e) return MISSING;
  if (e - s === 1 && b[s] === MINUS) return MISSING;
  if (e - s <= 4 && isMissingWord(b, s, e)) return MISSING;
  let neg = false;
  if (b[s] === LPAREN && b[e - 1] === RPAREN) {
    neg = true;
    s++;
    e--;
  }
  if (b[s] === MINUS) {
    neg = !neg;
    s++;
  } else if (b[s] === PLUS) s++;
  while (s < e && isJunk(b[s])) s++;
  if (s < e && b[s] === MINUS) {
    neg = !neg;
    s++;
  }
  while (e > s && isJunk(b[e - 1])) e--;
  if (s === e) return BAD;
  let int = 0;
  let digits = 0;
  let i = s;
  let groupLen = -1; // digits since the last thousands separator, -1 when none seen
  for (; i < e; i++) {
    const c = b[i];
    if (c >= D0 && c <= D9) {
      int = int * 10 + (c - D0);
      digits++;
      if (groupLen >= 0) groupLen++;
    } else if (c === COMMA) {
      if (digits === 0 || (groupLen >= 0 && groupLen !== 3)) return BAD;
      groupLen = 0;
    } else break;
  }
  if (groupLen >= 0 && groupLen !== 3) return BAD;
  let frac = 0;
  let scale = MONEY_SCALE;
  if (i < e && b[i] === DOT) {
    i++;
    for (; i < e; i++) {
      const c = b[i];
      if (c < D0 || c > D9) return BAD;
      if (scale === 1) return BAD; // more than 4 decimals
      scale /= 10;
      frac += (c - D0) * scale;
      digits++;
    }
  }
  if (i !== e || digits === 0) return BAD;
  const v = int * MONEY_SCALE + frac;
  cell.value = neg ? -v : v;
  return OK;
}

const MISSING_WORDS = ['null', 'n/a', 'na', 'none', 'nan'];

/** Whether `b[s..e)` is one of MISSING_WORDS in any case (compared byte by byte: no string per cell). */
function isMissingWord(b: Uint8Array, s: number, e: number): boolean {
  const first = b[s] | 0x20;
  if (first < 97 || first > 122) return false; // amounts like 0.00 end here
  next: for (const w of MISSING_WORDS) {
    if (w.length !== e - s) continue;
    for (let k = 0; k < w.length; k++) if ((b[s + k] | 0x20) !== w.charCodeAt(k)) continue next;
    return true;
  }
  return false;
}

/** Read a plain decimal (a quantity) into `cell.value` as a JS number. */
export function readNumber(b: Uint8Array, s: number, e: number): number {
  const r = readMoney(b, s, e);
  if (r === OK) cell.value = cell.value / MONEY_SCALE;
  return r;
}

/** Order of the day, month and year in a numeric date that does not start with a 4-digit year. */
export type DateOrder = 'mdy' | 'dmy' | 'ymd';

/** Converts a wall-clock time with a UTC offset to the shop's calendar day. */
export interface ZoneDay {
  /** Calendar day (days since 1970-01-01) in the shop zone of the UTC instant given in minutes. */
  dayOfUtcMinutes(utcMinutes: number): number;
}

const nums = new Float64Array(8);
const lens = new Int32Array(8);

/**
 * Read a date cell into `cell.value` as a calendar day number (days since 1970-01-01) in the shop zone.
 * Shapes: 2024-03-05 14:22:10, 2024/3/5 14:22, 20240305, 3/5/24 (per `order`), 2024-03-05T14:22:10+08:00,
 * 2024-03-05 14:22:10 -0500, 2024年3月5日 14时22分. Times without an offset are already in the shop zone.
 */
export function readDate(b: Uint8Array, s: number, e: number, order: DateOrder, zone: ZoneDay): number {
  while (s < e && (b[s] === SP || b[s] === TAB || b[s] === EQ || b[s] === QUOTE || b[s] === APOS)) s++;
  while (e > s && (b[e - 1] === SP || b[e - 1] === TAB || b[e - 1] === QUOTE)) e--;
  if (s === e) return MISSING;
  let n = 0;
  let offset = NaN;
  let i = s;
  while (i < e && n < 8) {
    const c = b[i];
    if (c >= D0 && c <= D9) {
      let v = 0;
      const st = i;
      while (i < e && b[i] >= D0 && b[i] <= D9) {
        v = v * 10 + (b[i] - D0);
        i++;
      }
      if (i - st > 14) return BAD;
      nums[n] = v;
      lens[n] = i - st;
      n++;
    } else if ((c === PLUS || c === MINUS) && n >= 5) {
      offset = readOffset(b, i + 1, e);
      if (Number.isNaN(offset)) return BAD;
      if (c === MINUS) offset = -offset;
      break;
    } else if ((c === 90 || c === 122) && n >= 5) {
      // Z
      offset = 0;
      break;
    } else if (
      c === D0 - 1 ||
      c === COMMA ||
      c === SP ||
      c === TAB ||
      c === MINUS ||
      c === DOT ||
      c === 58 ||
      c === 84 ||
      c >= 128
    ) {
      i++; // separators: / , blank - . : T and non-ASCII (年 月 日 时 分 秒)
    } else if ((c === 65 || c === 80 || c === 97 || c === 112) && n >= 4) {
      break; // AM / PM: the hour is not needed for the calendar day of a zone-less time
    } else return BAD;
  }
  let y: number,
    m: number,
    d: number,
    t = 0;
  if (n >= 1 && (lens[0] === 8 || lens[0] === 14)) {
    const w = lens[0] === 14 ? Math.floor(nums[0] / 1e6) : nums[0]; // YYYYMMDD[hhmmss]
    y = Math.floor(w / 10000);
    m = Math.floor(w / 100) % 100;
    d = w % 100;
    if (lens[0] === 14) t = 1;
  } else {
    if (n < 3) return BAD;
    t = 3;
    if (lens[0] === 4) {
      y = nums[0];
      m = nums[1];
      d = nums[2];
    } else if (order === 'dmy') {
      d = nums[0];
      m = nums[1];
      y = nums[2];
    } else if (order === 'ymd') {
      y = nums[0];
      m = nums[1];
      d = nums[2];
    } else {
      m = nums[0];
      d = nums[1];
      y = nums[2];
    }
    if (y < 100 && (order !== 'ymd' || lens[0] <= 2)) y += y < 69 ? 2000 : 1900;
  }
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return BAD;
  let day = daysFromCivil(y, m, d);
  if (!Number.isNaN(offset)) {
    const hh = n > t ? nums[t] : 0;
    const mm = n > t + 1 ? nums[t + 1] : 0;
    day = zone.dayOfUtcMinutes(day * 1440 + hh * 60 + mm - offset);
  }
  cell.value = day;
  return OK;
}

/** `+0800`, `+08:00`, `+08`, `-0500` → minutes (sign handled by the caller), NaN if malformed. */
function readOffset(b: Uint8Array, i: number, e: number): number {
  const digits: number[] = [];
  for (; i < e; i++) {
    const c = b[i];
    if (c >= D0 && c <= D9) digits.push(c - D0);
    else if (c !== 58) break;
  }
  if (digits.length === 2) return (digits[0] * 10 + digits[1]) * 60;
  if (digits.length === 4) return (digits[0] * 10 + digits[1]) * 60 + digits[2] * 10 + digits[3];
  return NaN;
}

/** Days in month m (1-12) of year y. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Bounds of an id cell with the Excel guards removed: `="123"`, a leading tab (Douyin), a leading `'`.
 * Returns the new start; the new end is left in `cell.value`.
 */
export function idBounds(b: Uint8Array, s: number, e: number): number {
  while (s < e && (b[s] === SP || b[s] === TAB)) s++;
  while (e > s && (b[e - 1] === SP || b[e - 1] === TAB)) e--;
  // Excel's text-forcing ="…" wrapper (Taobao order ids); any other leading '=' is part of the id.
  if (e - s >= 3 && b[s] === EQ && b[s + 1] === QUOTE && b[e - 1] === QUOTE) {
    s += 2;
    e--;
  }
  while (s < e && (b[s] === SP || b[s] === TAB)) s++;
  if (s < e && b[s] === APOS) s++;
  while (e > s && (b[e - 1] === SP || b[e - 1] === TAB)) e--;
  cell.value = e;
  return s;
}

/**
 * A 53-bit hash of bytes `b[s..e)` (two 32-bit FNV-1a variants): identifies an order id without allocating
 * a string per row. Two different ids share a hash with odds of about 1 in 2^53.
 */
export function hash53(b: Uint8Array, s: number, e: number): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x050c5d1f | 0;
  for (let i = s; i < e; i++) {
    const c = b[i];
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x0100019d);
  }
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}
