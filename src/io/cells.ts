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
  RPAREN = 41,
  DOLLAR = 36;
const D0 = 48,
  D9 = 57,
  EQ = 61,
  QUOTE = 34,
  APOS = 39;

/** Largest whole amount whose units are exact (the units themselves are checked against 2^53 − 1 too). */
const MAX_WHOLE = Math.floor(Number.MAX_SAFE_INTEGER / MONEY_SCALE);

/**
 * Read an amount: `1,234.50`, `¥12.5`, `12.50元`, `-3.2`, `(3.20)`, `$ 5`, `USD 5`, `HK$5`, `１２３．４５`,
 * `1'234.50`, `1 234.50`; with `comma` (a decimal-comma column) `261,96`, `1.234,56`, `1 234,56`.
 * Empty, `-`, `null`, `N/A` are MISSING. BAD, never another number, for anything else: letters that are no
 * currency code (`1.5k`, `1OO`, `l00`), two signs (`--5`, `(-5)`), more than 4 decimals, groups of other than
 * three digits or two kinds of group separator (`1,23`, `1.234,567.8`), more units than a double holds exactly
 * (about 900 billion).
 */
export function readMoney(b: Uint8Array, s: number, e: number, comma = false): number {
  while (s < e && (b[s] === SP || b[s] === TAB || b[s] === EQ || b[s] === QUOTE || b[s] === APOS)) s++;
  while (e > s && (b[e - 1] === SP || b[e - 1] === TAB || b[e - 1] === QUOTE)) e--;
  if (s === e) return MISSING;
  if (e - s === 1 && b[s] === MINUS) return MISSING;
  if (e - s <= 4 && isMissingWord(b, s, e)) return MISSING;
  const i = prefixEnd(b, s, e);
  if (i < 0) return BAD;
  const j = readUnits(b, i, e, comma ? COMMA : DOT);
  if (j < 0 || !suffixOk(b, j, e)) return BAD;
  if (sign === MINUS_SIGN || sign === CLOSED) cell.value = -cell.value;
  return OK;
}

// What the affixes of the amount being read say about its sign (one module slot: nothing allocated).
const NONE = 0,
  PLUS_SIGN = 1,
  MINUS_SIGN = 2,
  OPEN = 3,
  CLOSED = 4;
let sign = NONE;

/** Where the number starts after currency, blanks and one sign or opening parenthesis; -1 if not a number. */
function prefixEnd(b: Uint8Array, i: number, e: number): number {
  sign = NONE;
  for (let len: number; i < e; i += len) {
    let c = b[i];
    len = 1;
    if (c >= 128) {
      c = fullWidthAt(b, i, e);
      if (c === 0) {
        len = affixAt(b, i, e);
        if (len === 0) return -1;
        continue;
      }
      len = wideLen;
    }
    if ((c >= D0 && c <= D9) || c === DOT) return i;
    if (c === MINUS || c === PLUS || c === LPAREN) {
      if (sign !== NONE) return -1;
      sign = c === MINUS ? MINUS_SIGN : c === PLUS ? PLUS_SIGN : OPEN;
    } else if (c !== SP && c !== TAB && c !== DOLLAR) {
      len = codeAt(b, i, e);
      if (len === 0) return -1;
    }
  }
  return -1;
}

/** Whether only currency, blanks and the parenthesis an opening one needs follow the number. */
function suffixOk(b: Uint8Array, i: number, e: number): boolean {
  for (let len: number; i < e; i += len) {
    let c = b[i];
    len = 1;
    if (c >= 128) {
      c = fullWidthAt(b, i, e);
      if (c === 0) {
        len = affixAt(b, i, e);
        if (len === 0) return false;
        continue;
      }
      len = wideLen;
    }
    if (c === RPAREN) {
      if (sign !== OPEN) return false;
      sign = CLOSED;
    } else if (c !== SP && c !== TAB && c !== DOLLAR) {
      len = codeAt(b, i, e);
      if (len === 0) return false;
    }
  }
  return sign !== OPEN;
}

/**
 * Read the number at `b[i..)` (digits in groups of three, up to 4 decimals after `dec`; ASCII or full-width)
 * into `cell.value` in units. Groups are separated by one kind of `,` `.` `'` or a blank (space, no-break, thin
 * or figure space), whichever of them is not `dec`. Returns where it ends, or -1 if malformed or too large.
 */
function readUnits(b: Uint8Array, i: number, e: number, dec: number): number {
  let int = 0;
  let digits = 0;
  let groupLen = -1; // digits since the last group separator, -1 when none seen
  let sep = 0; // the group separator in use
  let c = 0;
  let len = 1;
  for (; i < e; i += len) {
    c = b[i];
    len = 1;
    if (c >= 128) {
      c = fullWidthAt(b, i, e);
      len = wideLen;
      if (c === 0) {
        len = blankAt(b, i, e);
        if (len === 0) break;
        c = SP;
      }
    }
    if (c >= D0 && c <= D9) {
      int = int * 10 + (c - D0);
      digits++;
      if (groupLen >= 0) groupLen++;
    } else if (c !== dec && (c === COMMA || c === DOT || c === APOS || c === SP)) {
      // A blank separates groups only between digits: `5 USD` is an amount and a code.
      if (c === SP && !(i + len < e && b[i + len] >= D0 && b[i + len] <= D9)) break;
      if (digits === 0 || (groupLen >= 0 && groupLen !== 3) || (sep !== 0 && sep !== c)) return -1;
      sep = c;
      groupLen = 0;
    } else break;
  }
  if (groupLen >= 0 && groupLen !== 3) return -1;
  let frac = 0;
  let scale = MONEY_SCALE;
  if (i < e && c === dec) {
    for (i += len; i < e; i += len) {
      c = b[i];
      len = 1;
      if (c >= 128) {
        c = fullWidthAt(b, i, e);
        len = wideLen;
      }
      if (c < D0 || c > D9) break;
      if (scale === 1) return -1; // more than 4 decimals
      scale /= 10;
      frac += (c - D0) * scale;
      digits++;
    }
  }
  // Past MAX_WHOLE `int` may already be rounded (or Infinity), never smaller: one test after the loop holds.
  if (digits === 0 || int > MAX_WHOLE) return -1;
  const v = int * MONEY_SCALE + frac;
  if (v > Number.MAX_SAFE_INTEGER) return -1;
  cell.value = v;
  return i;
}

/**
 * Byte length of a wide blank at `b[i]` that may separate digit groups: U+00A0, U+2007, U+2009, U+202F in UTF-8,
 * or a single-byte no-break space (windows-1252, Latin-1) before an ASCII digit; else 0.
 */
function blankAt(b: Uint8Array, i: number, e: number): number {
  const c = b[i];
  if (c === 0xc2 && i + 1 < e && b[i + 1] === 0xa0) return 2;
  if (c === 0xe2 && i + 2 < e && b[i + 1] === 0x80 && (b[i + 2] === 0x87 || b[i + 2] === 0x89 || b[i + 2] === 0xaf))
    return 3;
  if (c === 0xa0 && i + 1 < e && b[i + 1] >= D0 && b[i + 1] <= D9) return 1;
  return 0;
}

/** Byte length of the character fullWidthAt last recognised. */
let wideLen = 0;

/**
 * The ASCII counterpart of a full-width `０-９ ． ， － ＋ （ ） ＄` at `b[i]`, in UTF-8 (EF BC xx) or in
 * GB18030/GBK and EUC (A3 xx; A3 A4 is GBK's ￥, taken as a currency sign all the same); else 0.
 */
function fullWidthAt(b: Uint8Array, i: number, e: number): number {
  let a: number;
  if (b[i] === 0xef && i + 2 < e && b[i + 1] === 0xbc) {
    a = b[i + 2] - 0x60; // U+FF00+k is EF BC 80+k and stands for ASCII 0x20+k
    wideLen = 3;
  } else if (b[i] === 0xa3 && i + 1 < e) {
    a = b[i + 1] - 0x80; // A3 A0+k
    wideLen = 2;
  } else return 0;
  return (a >= D0 && a <= D9) ||
    a === DOT ||
    a === COMMA ||
    a === MINUS ||
    a === PLUS ||
    a === LPAREN ||
    a === RPAREN ||
    a === DOLLAR
    ? a
    : 0;
}

/**
 * Byte length of an ASCII currency code at `b[i]`: an ISO 4217 code or RMB, RM (any case), or one or two
 * letters before `$` (HK$, US$, NT$, A$); else 0. Letters that are none of these make the amount BAD:
 * `1.5k`, `1OO`, `l00.00` are typos or shorthands, not amounts to guess at.
 */
function codeAt(b: Uint8Array, i: number, e: number): number {
  let j = i;
  while (j < e && isLetter(b[j])) j++;
  const n = j - i;
  if (n === 0) return 0;
  if (n <= 2 && j < e && b[j] === DOLLAR) return n + 1;
  if (n === 3) return CURRENCY_CODES[letterIndex(b[i], b[i + 1], b[i + 2])] ? 3 : 0;
  if (n === 2 && (b[i] | 0x20) === 114 && (b[i + 1] | 0x20) === 109) return 2; // RM: Malaysian ringgit
  return 0;
}

function isLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 122;
}

function letterIndex(a: number, b: number, c: number): number {
  return ((a | 0x20) - 97) * 676 + ((b | 0x20) - 97) * 26 + ((c | 0x20) - 97);
}

/** ISO 4217 codes of currencies in use, and RMB: one flag per three-letter combination. */
const CURRENCY_CODES = new Uint8Array(26 * 26 * 26);
for (const code of (
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHE CHF CHW CLF CLP CNH CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP ' +
  'GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF ' +
  'KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN ' +
  'NAD NGN NIO NOK NPR NTD NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RMB RON RSD RUB RWF SAR SBD SCR SDG SEK ' +
  'SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU ' +
  'UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL'
).split(' '))
  CURRENCY_CODES[letterIndex(code.charCodeAt(0), code.charCodeAt(1), code.charCodeAt(2))] = 1;

/**
 * Non-ASCII currency signs and words, and wide blanks, allowed around an amount — as bytes, since the row
 * scanner reads GB18030 and the other double-byte encodings raw. Signs ¥ ￥ € £ ￡ ￦ ₩ ₹ ₽ ₺ ₫ ₱ ₪ ₴ ₦ ₨ ₡ ₭
 * ₮ ₲ ₸ ₼ ₾ ฿ 元 圆 圓 円 원 and blanks U+00A0 U+2007 U+2009 U+202F U+3000 in UTF-8, GB18030, Big5, Shift_JIS,
 * EUC-JP and EUC-KR; the words 人民币 人民幣 美元 港元 港币 港幣 日元 欧元 歐元 英镑 英鎊 新台币 新台幣 台币 台幣
 * 澳元 加元 韩元 韓元 in UTF-8, GB18030 and Big5. Left out: forms with a byte below 0x40 (GB18030's four-byte
 * ones hold ASCII digits) and EUC-KR's € (GB18030's ㈡). Never a unit that scales the number (万 千 角 分 ¢ k).
 */
const AFFIXES = [
  // UTF-8
  'c2a5 efbfa5 e282ac c2a3 efbfa1 efbfa6 e282a9 e282b9 e282bd e282ba e282ab e282b1 e282aa e282b4 e282a6 e282a8',
  'e282a1 e282ad e282ae e282b2 e282b8 e282bc e282be e0b8bf e58583 e59c86 e59c93 e58686 ec9b90',
  'e4babae6b091e5b881 e4babae6b091e5b9a3 e7be8ee58583 e6b8afe58583 e6b8afe5b881 e6b8afe5b9a3 e697a5e58583',
  'e6aca7e58583 e6ad90e58583 e88bb1e99591 e88bb1e98e8a e696b0e58fb0e5b881 e696b0e58fb0e5b9a3 e58fb0e5b881',
  'e58fb0e5b9a3 e6beb3e58583 e58aa0e58583 e99fa9e58583 e99f93e58583 c2a0 e28087 e28089 e280af e38080',
  // GB18030
  'a3a4 a2e3 a1ea d4aa d4b2 8841 83d2 c8cbc3f1b1d2 c8cbc3f18ec5 c3c0d4aa b8dbd4aa b8dbb1d2 b8db8ec5 c8d5d4aa',
  'c5b7d4aa 9a57d4aa d3a2b0f7 d3a2e65e d0c2cca8b1d2 d0c2cca88ec5 cca8b1d2 cca88ec5 b0c4d4aa bcd3d4aa baabd4aa',
  'ed6ed4aa a1a1',
  // Big5
  'a244 a3e1 a247 a4b8 b6ea 89dd a448a5c1b9f4 acfca4b8 b4e4a4b8 b4e4b9f4 a4e9a4b8 bcdaa4b8 ad5ec2e9',
  'b773a578b9f4 a578b9f4 bf44a4b8 a55ba4b8 c1faa4b8 a140',
  // Shift_JIS, EUC-JP, EUC-KR
  '818f 8192 8cb3 9aa2 897e 8140',
  'a1ef a1f2 b8b5 d4a4 b1df',
  'a1cd a1cc a3dc eaaa eaad e5f7 bff8',
]
  .join(' ')
  .split(' ')
  .map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')))
  .sort((x, y) => x[0] - y[0] || y.length - x.length); // by first byte, the longest first
/** AFFIXES starting with byte c: AFFIXES[AFFIX_FROM[c] .. AFFIX_FROM[c + 1]). */
const AFFIX_FROM = new Int16Array(257);
for (const a of AFFIXES) AFFIX_FROM[a[0] + 1]++;
for (let c = 1; c <= 256; c++) AFFIX_FROM[c] += AFFIX_FROM[c - 1];

/** Byte length of the non-ASCII currency sign, word or blank at `b[i]`, else 0. */
function affixAt(b: Uint8Array, i: number, e: number): number {
  const c = b[i];
  next: for (let k = AFFIX_FROM[c], end = AFFIX_FROM[c + 1]; k < end; k++) {
    const a = AFFIXES[k];
    if (i + a.length > e) continue;
    for (let m = 1; m < a.length; m++) if (b[i + m] !== a[m]) continue next;
    return a.length;
  }
  // Windows-1252 € £ ¥ are one byte: taken only before ASCII or the end, never as part of a wider character.
  if ((c === 0x80 || c === 0xa3 || c === 0xa5) && (i + 1 === e || b[i + 1] < 128)) return 1;
  return 0;
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

/** Read a plain decimal (a quantity) into `cell.value` as a JS number: readMoney's forms and limits. */
export function readNumber(b: Uint8Array, s: number, e: number, comma = false): number {
  const r = readMoney(b, s, e, comma);
  if (r === OK) cell.value = cell.value / MONEY_SCALE;
  return r;
}

/** Order of the day, month and year in a numeric date that does not start with a 4-digit year. */
export type DateOrder = 'mdy' | 'dmy' | 'ymd';

/** Converts a wall-clock time with a UTC offset to the shop's calendar day. */
export interface ZoneDay {
  /** Calendar day (days since 1970-01-01) in the shop zone of the UTC instant given in minutes. */
  dayOfUtcMinutes(utcMinutes: number): number;
  /**
   * Whether a time written with a numeric offset (`23:09:54 -0700`) is read on the calendar of that offset —
   * the store's own day, as Shopify writes it — rather than moved to this zone (set when no `--tz` was given).
   */
  ownOffsets?: boolean;
}

const nums = new Float64Array(8);
const lens = new Int32Array(8);

/**
 * Read a date cell into `cell.value` as a calendar day number (days since 1970-01-01) in the shop zone.
 * Shapes: 2024-03-05 14:22:10, 2024/3/5 14:22, 20240305, 3/5/24 (per `order`), 2024-03-05T14:22:10+08:00,
 * 2024-03-05 14:22:10 -0500, 2024年3月5日 14时22分. Times without an offset are already in the shop zone; with a
 * numeric offset they are on that offset's calendar when `zone.ownOffsets`, else moved to the zone (`Z` always).
 */
export function readDate(b: Uint8Array, s: number, e: number, order: DateOrder, zone: ZoneDay): number {
  while (s < e && (b[s] === SP || b[s] === TAB || b[s] === EQ || b[s] === QUOTE || b[s] === APOS)) s++;
  while (e > s && (b[e - 1] === SP || b[e - 1] === TAB || b[e - 1] === QUOTE)) e--;
  if (s === e) return MISSING;
  let n = 0;
  let offset = NaN;
  let zulu = false;
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
      zulu = true;
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
  let y: number, m: number, d: number;
  let t: number; // where the hour is in nums
  if (n >= 1 && (lens[0] === 8 || lens[0] === 14)) {
    const w = lens[0] === 14 ? Math.floor(nums[0] / 1e6) : nums[0]; // YYYYMMDD[hhmmss]
    y = Math.floor(w / 10000);
    m = Math.floor(w / 100) % 100;
    d = w % 100;
    t = 1;
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
  const minutes = timeOfDay(n, t);
  if (minutes < 0) return BAD;
  const day = daysFromCivil(y, m, d);
  // 24:00 is the midnight that ends the day: the next day, as ISO 8601 and JavaScript's Date read it.
  cell.value =
    Number.isNaN(offset) || (zone.ownOffsets && !zulu)
      ? day + (minutes === 1440 ? 1 : 0)
      : zone.dayOfUtcMinutes(day * 1440 + minutes - offset);
  return OK;
}

/**
 * Minutes since midnight of the time read into `nums` (hour at `t`; a 14-digit YYYYMMDDhhmmss in `nums[0]`),
 * 0 without a time, -1 for an impossible one: hour over 23 (but 24:00:00), minute over 59, second over 60
 * (a leap second, 23:59:60, is a real time).
 */
function timeOfDay(n: number, t: number): number {
  let hh = 0,
    mm = 0,
    ss = 0,
    rest = 0;
  if (lens[0] === 14) {
    const w = nums[0] % 1e6;
    hh = Math.floor(w / 10000);
    mm = Math.floor(w / 100) % 100;
    ss = w % 100;
  } else {
    if (n > t) hh = nums[t];
    if (n > t + 1) mm = nums[t + 1];
    if (n > t + 2) ss = nums[t + 2];
    if (n > t + 3) rest = nums[t + 3]; // fraction of a second
  }
  if (mm > 59 || ss > 60 || (hh > 23 && (hh !== 24 || mm !== 0 || ss !== 0 || rest !== 0))) return -1;
  return hh * 60 + mm;
}

/**
 * `+0800`, `+08:00`, `+08`, `-0500` → minutes (sign handled by the caller); NaN if malformed or beyond what
 * any zone uses: more than 14 hours, 60 minutes or more.
 */
function readOffset(b: Uint8Array, i: number, e: number): number {
  let v = 0;
  let digits = 0;
  for (; i < e; i++) {
    const c = b[i];
    if (c >= D0 && c <= D9) {
      v = v * 10 + (c - D0);
      if (++digits > 4) return NaN;
    } else if (c !== 58) break;
  }
  if (digits !== 2 && digits !== 4) return NaN;
  const hh = digits === 2 ? v : Math.floor(v / 100);
  const mm = digits === 2 ? 0 : v % 100;
  if (mm > 59 || hh * 60 + mm > 14 * 60) return NaN;
  return hh * 60 + mm;
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
