/**
 * Normalize: rows → order lines. Adjacent rows of one order (same customer and order id, as platforms export
 * line items) become one order line: an order-level amount taken once, line amounts (or quantity × price)
 * summed, the first refund, the order's status (the first that is not a plain "paid"), the traits of its first
 * row, and why it cannot be read (no customer id, a bad date or amount). What the lines mean — purchase,
 * return, excluded — is decided by the purchase rules in src/model/purchases.ts, over all lines of all inputs.
 */
import { DataError } from '../errors';
import type { CustomerIds } from '../model/ids';
import {
  COD,
  DISCOUNT,
  GROSS,
  HAS_AMOUNT,
  MOBILE,
  NO_DATE,
  OrderLines,
  PAID,
  STATUS,
  UNREADABLE,
} from '../model/lines';
import { DateOrder, MISSING, OK, ZoneDay, cell, hash53, idBounds, readDate, readMoney, readNumber } from './cells';
import {
  AmountMode,
  Role,
  StatusClass,
  StatusOverrides,
  classifyStatus,
  isCashOnDelivery,
  isFulfilled,
} from './presets';
import { provinceOf } from './region';
import { RowScanner, unescapeQuotes } from './scan';
import { BadCell, badCellText } from './messages';

export type { BadCell };

/** Bytes of an address cell that decide its province (8 CJK characters in UTF-8, 12 in GBK). */
const REGION_PREFIX = 24;

/** A yes/no cell (是否手机订单 holds 手机订单 or is empty): anything but empty or a clear no. */
function isYes(text: string): boolean {
  return text !== '' && !/^(否|不是|非.*|无|no|n|false|0)$/i.test(text);
}

/**
 * Values by 53-bit hash (see hash53), looked up per row without allocating: a Map<number> boxes every key
 * beyond small integers into a new heap number on each look-up.
 */
export class HashCache<T> {
  private keys = new Float64Array(16).fill(-1);
  private values: (T | undefined)[] = new Array(16);
  private size = 0;

  get(h: number): T | undefined {
    const mask = this.keys.length - 1;
    for (let i = (h >>> 0) & mask; ; i = (i + 1) & mask) {
      const k = this.keys[i];
      if (k === h) return this.values[i];
      if (k < 0) return undefined;
    }
  }

  set(h: number, v: T): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = (h >>> 0) & mask;
    while (this.keys[i] >= 0 && this.keys[i] !== h) i = (i + 1) & mask;
    if (this.keys[i] < 0) this.size++;
    this.keys[i] = h;
    this.values[i] = v;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.values = new Array(keys.length * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] >= 0) this.set(keys[i], values[i] as T);
  }
}

/** Slot numbers of the located cells, one per role. */
export const SLOT: Record<Role, number> = {
  order: 0,
  customer: 1,
  date: 2,
  paid: 3,
  amount: 4,
  refund: 5,
  status: 6,
  aftersale: 7,
  cancelled: 8,
  quantity: 9,
  price: 10,
  mobile: 11,
  region: 12,
  discount: 13,
  gross: 14,
  customer2: 15,
  customer3: 16,
  fulfillment: 17,
  gateway: 18,
  adjusted: 19,
  currency: 20,
};
export const SLOTS = 21;

export interface AssemblerConfig {
  file: string;
  columns: string[];
  roles: Partial<Record<Role, number>>;
  amountMode: AmountMode;
  amountIsNet: boolean;
  dateOrder: DateOrder;
  zone: ZoneDay;
  strict: boolean;
  quote: number;
  decode: (b: Uint8Array) => string;
  /** Status values the user settled (--paid-status, --excluded-status). */
  statuses?: StatusOverrides;
  /** The source number the lines are marked with. */
  src: number;
  /** Per slot: whether its numbers have a decimal comma (`261,96`). */
  comma?: boolean[];
  /** `--currency CODE`: orders in another currency are excluded ('other currency'). */
  currency?: string;
}

/** Counts of reading: rows, unreadable cells, status values met. */
export interface ReadStats {
  rows: number;
  /** Per slot: cells read, cells unreadable, and the first unreadable one's text (a column mostly unreadable stops). */
  readable: number[];
  unreadable: number[];
  firstUnreadable: string[];
  badCells: number;
  /** The first unreadable cells: line and what was wrong (`badCellText` makes the message). */
  firstBadCells: BadCell[];
  statuses: Map<string, StatusEntry>;
  /** Orders (of a customer, readable) per currency code, upper-cased; none without a currency column. */
  currencies: Map<string, number>;
}

/** A status value met: rows holding it, its class, and the orders it decided with their amount (money units). */
export interface StatusEntry {
  count: number;
  class: StatusClass;
  orders: number;
  amount: number;
}

const SAMPLE_ISSUES = 5;

/**
 * Add the counts of the rest of the file (read by a worker from a row boundary, its lines numbered from 1)
 * to those of the part before it; `lineOffset` turns the rest's line numbers into the file's.
 */
export function mergeStats(into: ReadStats, rest: ReadStats, lineOffset: number): void {
  into.rows += rest.rows;
  for (let k = 0; k < SLOTS; k++) {
    into.readable[k] += rest.readable[k];
    if (into.unreadable[k] === 0) into.firstUnreadable[k] = rest.firstUnreadable[k];
    into.unreadable[k] += rest.unreadable[k];
  }
  into.badCells += rest.badCells;
  for (const b of rest.firstBadCells) {
    if (into.firstBadCells.length >= SAMPLE_ISSUES) break;
    into.firstBadCells.push({ line: b.line + lineOffset, problem: b.problem });
  }
  for (const [code, n] of rest.currencies) into.currencies.set(code, (into.currencies.get(code) ?? 0) + n);
  for (const [text, e] of rest.statuses) {
    const mine = into.statuses.get(text);
    if (mine) {
      mine.count += e.count;
      mine.orders += e.orders;
      mine.amount += e.amount;
    } else into.statuses.set(text, e);
  }
}

/** Assembles located rows into order lines. */
export class OrderAssembler {
  readonly stats: ReadStats = {
    rows: 0,
    readable: new Array(SLOTS).fill(0),
    unreadable: new Array(SLOTS).fill(0),
    firstUnreadable: new Array(SLOTS).fill(''),
    badCells: 0,
    firstBadCells: [],
    statuses: new Map(),
    currencies: new Map(),
  };
  /** Status entries by hash of the cell's bytes: no string is made per row. */
  private readonly statusCache = new HashCache<StatusEntry>();
  /** The status value that decided the open order's class (its first status cell). */
  private oStatusEntry: StatusEntry | null = null;
  private readonly has: boolean[];
  private readonly comma: boolean[];
  // The open order.
  private open = false;
  /** Hash of the open order's id (-1: none), and its customer number (-1: no customer id). */
  private oKey = -1;
  private oCust = -1;
  private oDay = 0;
  private oAmount = 0;
  private oHasAmount = false;
  private oRefund = 0;
  private oStatus: StatusClass | null = null;
  private oReason: number = UNREADABLE.none;
  private oRows = 0;
  private oLine = 0;
  // The open order's traits (first row): from a phone, with a discount, shipping region (-1: none).
  private oMobile = false;
  private oCod = false;
  private oAdjusted = NaN;
  /** Some row of the open order has a payment time; its gross amount is positive; it has no date at all. */
  private oPaidSeen = false;
  private oGross = false;
  private oNoDate = false;
  private oDiscount = false;
  private oRegion = -1;
  /** The open order's currency code (its first non-empty currency cell), or null. */
  private oCurrency: string | null = null;
  private readonly currencyCache = new HashCache<string>();
  /** Region cell prefixes and mobile cells (by hash) → their meaning: one string per distinct cell, not per row. */
  private readonly regionCache = new HashCache<number>();
  private readonly mobileCache = new HashCache<boolean>();
  private readonly codCache = new HashCache<boolean>();
  private readonly fulfilledCache = new HashCache<boolean>();
  private readonly traits: boolean;
  // The id cell located last by idCell().
  private idBuf: Buffer = Buffer.alloc(0);
  private idStart = 0;
  private idEnd = 0;

  constructor(
    private readonly cfg: AssemblerConfig,
    readonly lines: OrderLines,
    readonly ids: CustomerIds,
  ) {
    this.has = Object.keys(SLOT).map((r) => cfg.roles[r as Role] !== undefined);
    this.comma = cfg.comma ?? this.has.map(() => false);
    this.traits =
      this.has[SLOT.mobile] ||
      this.has[SLOT.region] ||
      this.has[SLOT.discount] ||
      (this.has[SLOT.gateway] && this.has[SLOT.fulfillment]);
  }

  /** The source number of the lines made here. */
  get src(): number {
    return this.cfg.src;
  }

  /** Column index → slot map for the scanner. */
  static slotMap(roles: Partial<Record<Role, number>>, nCols: number): Int16Array {
    const m = new Int16Array(nCols).fill(-1);
    for (const [role, col] of Object.entries(roles)) if (col !== undefined && col < nCols) m[col] = SLOT[role as Role];
    return m;
  }

  /** Take one scanned row. */
  row(buf: Buffer, sc: RowScanner): void {
    this.stats.rows++;
    const cust = this.customerOf(buf, sc);
    const orderKey = this.has[SLOT.order] ? this.orderHash(buf, sc) : -1;
    if (this.open && orderKey >= 0 && orderKey === this.oKey && cust === this.oCust) {
      this.oRows++;
      if (this.oCurrency === null && this.has[SLOT.currency]) this.readCurrency(buf, sc);
      if (this.oReason === UNREADABLE.none) this.more(buf, sc);
      else if (this.oReason === UNREADABLE.noCustomer) this.more(buf, sc, false);
      return;
    }
    this.flush();
    this.open = true;
    this.oKey = orderKey;
    this.oCust = cust;
    this.oRows = 1;
    this.oLine = sc.line;
    this.oReason = UNREADABLE.none;
    this.oStatus = null;
    this.oStatusEntry = null;
    this.oDay = 0;
    this.oPaidSeen = false;
    this.oGross = false;
    this.oNoDate = false;
    this.oMobile = false;
    this.oCod = false;
    this.oAdjusted = NaN;
    this.oDiscount = false;
    this.oRegion = -1;
    this.oAmount = 0;
    this.oHasAmount = false;
    this.oRefund = 0;
    this.oCurrency = null;
    if (this.has[SLOT.currency]) this.readCurrency(buf, sc);
    if (cust < 0) {
      // Not an order of anybody's; its amount is still read, to say how much revenue has no customer.
      this.oReason = UNREADABLE.noCustomer;
      this.more(buf, sc, false);
      return;
    }
    if (!this.readDay(buf, sc)) return;
    if (this.traits) this.readTraits(buf, sc);
    this.more(buf, sc);
  }

  /** The order's traits from its first row; unreadable trait cells are simply no trait. */
  private readTraits(buf: Buffer, sc: RowScanner): void {
    const st = sc.start;
    const en = sc.end;
    this.oMobile = false;
    this.oDiscount = false;
    this.oRegion = -1;
    if (this.has[SLOT.mobile] && st[SLOT.mobile] >= 0 && en[SLOT.mobile] > st[SLOT.mobile]) {
      this.oMobile = this.byBytes(this.mobileCache, buf, sc, SLOT.mobile, en[SLOT.mobile], isYes);
    }
    if (
      this.has[SLOT.gateway] &&
      this.has[SLOT.fulfillment] &&
      en[SLOT.gateway] > st[SLOT.gateway] &&
      en[SLOT.fulfillment] > st[SLOT.fulfillment] &&
      st[SLOT.gateway] >= 0 &&
      st[SLOT.fulfillment] >= 0
    ) {
      this.oCod =
        this.byBytes(this.codCache, buf, sc, SLOT.gateway, en[SLOT.gateway], isCashOnDelivery) &&
        this.byBytes(this.fulfilledCache, buf, sc, SLOT.fulfillment, en[SLOT.fulfillment], isFulfilled);
    }
    if (this.has[SLOT.discount] && st[SLOT.discount] >= 0) {
      this.oDiscount =
        readMoney(buf, st[SLOT.discount], en[SLOT.discount], this.comma[SLOT.discount]) === OK && cell.value !== 0;
    }
    if (this.has[SLOT.region] && st[SLOT.region] >= 0 && en[SLOT.region] > st[SLOT.region]) {
      // The province is in the first characters: key on a prefix, so a few hundred distinct prefixes are
      // decoded, not every address.
      this.oRegion = this.byBytes(
        this.regionCache,
        buf,
        sc,
        SLOT.region,
        Math.min(en[SLOT.region], st[SLOT.region] + REGION_PREFIX),
        this.newRegion,
      );
    }
  }

  /** The row's currency cell as an upper-case code (one string per distinct cell), when not empty. */
  private readCurrency(buf: Buffer, sc: RowScanner): void {
    const s = sc.start[SLOT.currency];
    const e = sc.end[SLOT.currency];
    if (s < 0 || e <= s) return;
    const code = this.byBytes(this.currencyCache, buf, sc, SLOT.currency, e, (t) => t.trim().toUpperCase());
    if (code !== '') this.oCurrency = code;
  }

  /** The customer number of the row's id cell, or -1 when empty. */
  private customerOf(buf: Buffer, sc: RowScanner): number {
    if (
      this.idCell(buf, sc, SLOT.customer) ||
      (this.has[SLOT.customer2] && this.idCell(buf, sc, SLOT.customer2)) ||
      (this.has[SLOT.customer3] && this.idCell(buf, sc, SLOT.customer3))
    )
      return this.ids.idOfBytes(this.idBuf, this.idStart, this.idEnd);
    return -1;
  }

  /** Hash of the row's order id, or -1 when empty. */
  orderHash(buf: Buffer, sc: RowScanner): number {
    return this.idCell(buf, sc, SLOT.order) ? hash53(this.idBuf, this.idStart, this.idEnd) : -1;
  }

  /**
   * Locate an id-like cell with its Excel guards stripped (`="…"`, leading tab or `'`) in idBuf[idStart..idEnd);
   * false when the row has no such cell or it is empty. Allocates only for a quoted cell with doubled quotes.
   */
  private idCell(buf: Buffer, sc: RowScanner, slot: number): boolean {
    let s = sc.start[slot];
    if (s < 0) return false;
    let e = sc.end[slot];
    let b = buf;
    if (sc.escaped[slot]) {
      b = unescapeQuotes(buf, s, e, this.cfg.quote);
      s = 0;
      e = b.length;
    }
    s = idBounds(b, s, e);
    this.idBuf = b;
    this.idStart = s;
    this.idEnd = cell.value;
    return s < cell.value;
  }

  /** Read the amount-like and status cells of a row into the open order. */
  private more(buf: Buffer, sc: RowScanner, statuses = true): void {
    const st = sc.start;
    const en = sc.end;
    const mode = this.cfg.amountMode;
    if (mode === 'lines') {
      const q = this.money(buf, sc, SLOT.quantity, true);
      const p = this.money(buf, sc, SLOT.price, false);
      if (q === null || p === null) return;
      if (!Number.isNaN(q) && !Number.isNaN(p)) {
        this.oAmount += Number.isInteger(q) ? q * p : Math.round(q * p);
        this.oHasAmount = true;
      }
    } else {
      const a = this.money(buf, sc, SLOT.amount, false);
      if (a === null) return;
      if (!Number.isNaN(a)) {
        if (mode === 'item') this.oAmount += a;
        else if (!this.oHasAmount) this.oAmount = a;
        this.oHasAmount = true;
      }
    }
    if (this.has[SLOT.paid] && !this.oPaidSeen && en[SLOT.paid] > st[SLOT.paid] && st[SLOT.paid] >= 0)
      this.oPaidSeen = true;
    if (this.has[SLOT.gross] && !this.oGross && st[SLOT.gross] >= 0)
      this.oGross = readMoney(buf, st[SLOT.gross], en[SLOT.gross], this.comma[SLOT.gross]) === OK && cell.value > 0;
    if (this.has[SLOT.adjusted] && Number.isNaN(this.oAdjusted)) {
      const a = this.money(buf, sc, SLOT.adjusted, false);
      if (a === null) return;
      this.oAdjusted = a;
    }
    if (this.has[SLOT.refund] && this.oRefund === 0) {
      const r = this.money(buf, sc, SLOT.refund, false);
      if (r === null) return;
      if (!Number.isNaN(r)) this.oRefund = Math.abs(r);
    }
    if (statuses && (this.oStatus === null || this.oStatus === 'paid' || this.oStatus === 'unknown')) {
      let cls: StatusClass | null = null;
      if (this.has[SLOT.status] && st[SLOT.status] >= 0 && en[SLOT.status] > st[SLOT.status]) {
        const e = this.status(buf, sc, SLOT.status);
        cls = e.class;
        this.oStatusEntry ??= e;
      }
      if (this.has[SLOT.aftersale] && st[SLOT.aftersale] >= 0 && en[SLOT.aftersale] > st[SLOT.aftersale]) {
        const a = this.status(buf, sc, SLOT.aftersale).class;
        if (a === 'refunded') cls = a;
      }
      if (this.has[SLOT.cancelled] && cls !== 'refunded' && this.idCell(buf, sc, SLOT.cancelled)) cls = 'cancelled';
      if (cls !== null) this.oStatus = cls;
    }
  }

  /** The order's day: order time, else paid time. False (and the order excluded) when unreadable. */
  private readDay(buf: Buffer, sc: RowScanner): boolean {
    let slot = this.has[SLOT.date] ? SLOT.date : SLOT.paid;
    let r = this.dateAt(buf, sc, slot);
    if (r === MISSING && slot === SLOT.date && this.has[SLOT.paid]) {
      slot = SLOT.paid;
      r = this.dateAt(buf, sc, slot);
    }
    if (r === OK) {
      this.stats.readable[slot]++;
      this.oDay = cell.value;
      return true;
    }
    if (r === MISSING && slot === SLOT.paid && this.has[SLOT.date]) {
      // Neither an order time nor a payment time: an order never paid (the purchase rules say unpaid).
      this.oNoDate = true;
      return true;
    }
    this.badCell(buf, sc, slot, 'a date like 2024-03-05 14:22:10');
    this.oReason = UNREADABLE.badDate;
    return false;
  }

  private dateAt(buf: Buffer, sc: RowScanner, slot: number): number {
    const s = sc.start[slot];
    if (s < 0) return MISSING;
    return readDate(buf, s, sc.end[slot], this.cfg.dateOrder, this.cfg.zone);
  }

  /** An amount cell in units (NaN when missing); null after a bad cell (the order is then excluded). */
  private money(buf: Buffer, sc: RowScanner, slot: number, plain: boolean): number | null {
    const s = sc.start[slot];
    if (s < 0) return NaN;
    const comma = this.comma[slot];
    const r = plain ? readNumber(buf, s, sc.end[slot], comma) : readMoney(buf, s, sc.end[slot], comma);
    if (r === OK) {
      this.stats.readable[slot]++;
      return cell.value;
    }
    if (r === MISSING) return NaN;
    this.badCell(buf, sc, slot, plain ? 'a number' : 'an amount like 1234.50');
    if (this.oReason === UNREADABLE.none) this.oReason = UNREADABLE.badAmount;
    return null;
  }

  private status(buf: Buffer, sc: RowScanner, slot: number): StatusEntry {
    const entry = this.byBytes(this.statusCache, buf, sc, slot, sc.end[slot], this.newStatus);
    entry.count++;
    return entry;
  }

  private readonly newStatus = (text: string) => {
    const entry = this.stats.statuses.get(text) ?? {
      count: 0,
      class: classifyStatus(text, this.cfg.statuses),
      orders: 0,
      amount: 0,
    };
    this.stats.statuses.set(text, entry);
    return entry;
  };

  private readonly newRegion = (text: string) => {
    const p = provinceOf(text);
    return p === null ? -1 : this.lines.regionNumber(p);
  };

  /**
   * What a cell means, worked out once per distinct cell bytes `buf[start..end)` (the cell up to `end`) and
   * cached by their hash: the cell's text is decoded only the first time, never per row.
   */
  private byBytes<T>(
    cache: HashCache<T>,
    buf: Buffer,
    sc: RowScanner,
    slot: number,
    end: number,
    make: (text: string) => T,
  ): T {
    const h = hash53(buf, sc.start[slot], end);
    let v = cache.get(h);
    if (v === undefined) cache.set(h, (v = make(this.text(buf, sc, slot))));
    return v;
  }

  private text(buf: Buffer, sc: RowScanner, slot: number): string {
    const s = sc.start[slot];
    const b = sc.escaped[slot] ? unescapeQuotes(buf, s, sc.end[slot], this.cfg.quote) : buf.subarray(s, sc.end[slot]);
    return this.cfg.decode(b).trim();
  }

  private badCell(buf: Buffer, sc: RowScanner, slot: number, expected: string): void {
    const st = this.stats;
    st.badCells++;
    if (st.unreadable[slot]++ === 0) st.firstUnreadable[slot] = this.text(buf, sc, slot);
    if (st.firstBadCells.length >= SAMPLE_ISSUES && !this.cfg.strict) return;
    const col = this.cfg.columns[this.cfg.roles[(Object.keys(SLOT) as Role[])[slot]]!];
    const bad = { line: sc.line, problem: `column ${col}: expected ${expected}, got '${this.text(buf, sc, slot)}'` };
    if (this.cfg.strict) throw new DataError(`${badCellText(this.cfg.file, bad)} (--strict)`);
    st.firstBadCells.push(bad);
  }

  /** Close the open order line: append it to the lines. */
  flush(): void {
    if (!this.open) return;
    this.open = false;
    const flags =
      (this.oHasAmount ? HAS_AMOUNT : 0) |
      (this.oMobile ? MOBILE : 0) |
      (this.oDiscount ? DISCOUNT : 0) |
      (this.oPaidSeen ? PAID : 0) |
      (this.oGross ? GROSS : 0) |
      (this.oNoDate ? NO_DATE : 0) |
      (this.oCod ? COD : 0);
    // An adjusted total below the amount: the difference was refunded (unless a refund column says more).
    if (this.oAdjusted < this.oAmount && this.oHasAmount)
      this.oRefund = Math.max(this.oRefund, this.oAmount - this.oAdjusted);
    const status = this.oStatus === null ? STATUS.none : STATUS[this.oStatus];
    if (this.oCurrency !== null && this.oReason === UNREADABLE.none) {
      const cur = this.stats.currencies;
      cur.set(this.oCurrency, (cur.get(this.oCurrency) ?? 0) + 1);
      // --currency CODE: an order in another currency is not added to this one's.
      if (this.cfg.currency !== undefined && this.oCurrency !== this.cfg.currency)
        this.oReason = UNREADABLE.otherCurrency;
    }
    const e = this.oStatusEntry;
    if (e && this.oReason === UNREADABLE.none) {
      e.orders++;
      e.amount += this.oAmount;
    }
    this.lines.add(
      this.oCust,
      this.oKey,
      this.oDay,
      this.oAmount,
      this.oRefund,
      status,
      this.oReason,
      flags,
      this.oRegion,
      this.cfg.src,
      this.oLine,
      this.oRows,
    );
  }
}

/** Roles whose cells decide the purchases, with the flag that fixes a misread column. */
const DECISIVE: [Role, string][] = [
  ['date', '--date-format (or --date-col)'],
  ['paid', '--date-format (or --paid-col)'],
  ['amount', '--amount-col'],
  ['quantity', '--quantity-col'],
  ['price', '--price-col'],
  ['refund', '--refund-col'],
];

/**
 * A column whose non-empty cells are mostly unreadable is a misread column (a decimal comma, a day-first date,
 * the wrong column), not data with a few typos: summing the rest would print a plausible wrong number.
 */
export function mostlyUnreadable(
  st: ReadStats,
  columns: string[],
  roles: Partial<Record<Role, number>>,
): string | null {
  for (const [role, flag] of DECISIVE) {
    const slot = SLOT[role];
    const bad = st.unreadable[slot];
    if (roles[role] === undefined || bad < 3 || bad <= st.readable[slot]) continue;
    const total = bad + st.readable[slot];
    return (
      `column ${columns[roles[role]!]} (${role}): ${bad} of ${total} non-empty cells are unreadable ` +
      `(first: '${st.firstUnreadable[slot]}'): name the right column or format with ${flag}`
    );
  }
  return null;
}
