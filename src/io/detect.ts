/**
 * Detection: from the header and a sample of rows, decide the platform, which column plays which role,
 * how amounts add up, the date order and the shop zone. Pure: returns a decision object that every flag
 * can override, and that `rfm inspect` shows.
 */
import { DataError, UsageError } from '../errors';
import { AmountMode, PRESETS, Preset, Role, ROLES, StatusOverrides, canonicalName, classifyStatus } from './presets';
import type { DateOrder } from './cells';

export interface DetectOptions {
  /** Forced column per role, by header name or 1-based column number. */
  columns?: Partial<Record<Role, string>>;
  platform?: string;
  dateFormat?: string;
  tz?: string;
  refunds?: 'subtract' | 'netted';
  amountPer?: 'order' | 'item';
  /** Status values the user settled (--paid-status, --excluded-status). */
  statuses?: StatusOverrides;
  /** `--decimal`: the decimal mark of every amount column. */
  decimal?: Decimal;
  /** The mark of amount columns whose sample values do not show one (internal: a file read again). */
  decimalDefault?: Decimal;
}

export type Decimal = '.' | ',';

/** The roles whose cells are numbers, each read with its column's decimal mark. */
export const NUMBER_ROLES: Role[] = ['amount', 'refund', 'gross', 'adjusted', 'discount', 'quantity', 'price'];

export interface Detection {
  platform: { id: string; name: string; note?: string };
  /** Header names as shown (normalised). */
  columns: string[];
  /** Column index per role. */
  roles: Partial<Record<Role, number>>;
  /** Where each role's column came from. */
  roleSource: Partial<Record<Role, 'preset' | 'flag'>>;
  amountMode: AmountMode;
  amountIsNet: boolean;
  dateOrder: DateOrder;
  dateOrderSource: string;
  /** The decimal mark per number column (NUMBER_ROLES present), and what decided it. */
  decimals: Partial<Record<Role, { mark: Decimal; source: string }>>;
  tz: string;
  /** Whether `tz` came from `--tz`: then times with an offset are moved to it, else read on their own calendar. */
  tzFromFlag: boolean;
  lang: 'zh' | 'en';
  /** What detection decided against, in words (`rfm inspect` shows them). */
  notes: string[];
}

const FLAG_OF: Partial<Record<Role, string>> = {
  order: '--order-col',
  customer: '--customer-col',
  date: '--date-col',
  amount: '--amount-col',
  status: '--status-col',
  refund: '--refund-col',
  paid: '--paid-col',
  quantity: '--quantity-col',
  price: '--price-col',
};

/** Pick the preset whose signature columns the header has (`generic` otherwise), or the forced one. */
export function choosePreset(canon: Set<string>, forced?: string): Preset {
  if (forced) {
    const p = PRESETS.find((x) => x.id === forced);
    if (!p)
      throw new UsageError(`--platform: unknown platform '${forced}' (one of ${PRESETS.map((x) => x.id).join(', ')})`);
    return p;
  }
  return (
    PRESETS.find(
      (p) =>
        p.all.length > 0 &&
        p.all.every((n) => canon.has(canonicalName(n))) &&
        (!p.any || p.any.some((n) => canon.has(canonicalName(n)))),
    ) ?? PRESETS[PRESETS.length - 1]
  );
}

/** Resolve `--xxx-col VALUE` (a header name or a 1-based number) to a column index. */
function forcedColumn(role: Role, value: string, columns: string[], canon: string[]): number {
  if (/^\d+$/.test(value)) {
    const i = Number(value) - 1;
    if (i >= 0 && i < columns.length) return i;
  }
  const i = canon.indexOf(canonicalName(value));
  if (i < 0) {
    throw new UsageError(
      `${FLAG_OF[role] ?? role}: no column '${value}' in the header (columns: ${columns.join(', ')})`,
    );
  }
  return i;
}

/**
 * `--customer-col A,B,C`: customer ids from A, else B, else C on rows where A is empty (a comma-separated list,
 * unless the whole value names a column).
 */
function customerFallbacks(columns: Partial<Record<Role, string>>, canon: string[]): Partial<Record<Role, string>> {
  const v = columns.customer;
  if (!v || !v.includes(',') || canon.includes(canonicalName(v))) return columns;
  const parts = v.split(',').map((x) => x.trim());
  if (parts.length > 3 || parts.some((x) => x === ''))
    throw new UsageError(`--customer-col: up to three column names separated by commas, got '${v}'`);
  return { ...columns, customer: parts[0], customer2: parts[1], customer3: parts[2] };
}

/** Decide roles, amount handling, date order and zone for a header and sample rows. */
export function detect(columns: string[], sample: string[][], opts: DetectOptions = {}): Detection {
  const canon = columns.map(canonicalName);
  const canonSet = new Set(canon);
  const preset = choosePreset(canonSet, opts.platform);
  const generic = PRESETS[PRESETS.length - 1];
  const roles: Partial<Record<Role, number>> = {};
  const roleSource: Partial<Record<Role, 'preset' | 'flag'>> = {};
  const taken = new Set<number>();
  const forcedCols = customerFallbacks(opts.columns ?? {}, canon);
  for (const role of ROLES) {
    const forced = forcedCols[role];
    if (forced) {
      roles[role] = forcedColumn(role, forced, columns, canon);
      roleSource[role] = 'flag';
      taken.add(roles[role]!);
    }
  }
  for (const role of ROLES) {
    if (roles[role] !== undefined) continue;
    const candidates = preset.roles[role] ?? (preset === generic ? [] : (generic.roles[role] ?? []));
    for (const name of candidates) {
      const i = canon.indexOf(canonicalName(name));
      if (i >= 0 && !taken.has(i)) {
        roles[role] = i;
        roleSource[role] = 'preset';
        taken.add(i);
        break;
      }
    }
  }
  requireRoles(roles, columns, preset);
  const notes: string[] = [];
  if (preset === generic && roleSource.status === 'preset') {
    const values = sample.map((r) => r[roles.status!] ?? '').filter((v) => v.trim() !== '');
    // An order status has a handful of values; a column with many, none of them a status, is something else
    // (a US state, a region). With few unknown values it stays: the unknown-status warning then asks.
    const distinct = new Set(values).size;
    if (distinct > 12 && values.every((v) => classifyStatus(v, opts.statuses) === 'unknown')) {
      notes.push(
        `column ${columns[roles.status!]} not read as the order status: ${distinct} different values in the ` +
          `first rows (like '${values[0]}'), none a status rfm knows; --status-col names it if it is one`,
      );
      delete roles.status;
      delete roleSource.status;
    }
  }
  const chinese = columns.some((c) => /[\u4e00-\u9fff]/.test(c));
  const dateCol = roles.date ?? roles.paid!;
  const { order: dateOrder, source: dateOrderSource } = decideDateOrder(
    sample.map((r) => r[dateCol] ?? ''),
    opts.dateFormat,
  );
  const decimals: Detection['decimals'] = {};
  for (const role of NUMBER_ROLES)
    if (roles[role] !== undefined)
      decimals[role] = decideDecimal(
        sample.map((r) => r[roles[role]!] ?? ''),
        opts.decimal,
        opts.decimalDefault,
      );
  let amountMode: AmountMode = roles.amount === undefined ? 'lines' : preset.amountMode;
  if (opts.amountPer) amountMode = roles.amount === undefined ? 'lines' : opts.amountPer;
  else if (preset === generic && roles.amount !== undefined && roles.order !== undefined) {
    amountMode = guessAmountMode(sample, roles.order, roles.amount);
  }
  return {
    platform: { id: preset.id, name: preset.name, note: preset.note },
    columns,
    roles,
    roleSource,
    amountMode,
    amountIsNet: opts.refunds ? opts.refunds === 'netted' : preset.amountIsNet,
    dateOrder,
    dateOrderSource,
    decimals,
    tz: opts.tz ?? (preset === generic && chinese ? 'Asia/Shanghai' : preset.tz),
    tzFromFlag: opts.tz !== undefined,
    lang: preset === generic ? (chinese ? 'zh' : 'en') : preset.lang,
    notes,
  };
}

function requireRoles(roles: Partial<Record<Role, number>>, columns: string[], preset: Preset): void {
  const missing: string[] = [];
  if (roles.customer === undefined) missing.push(`customer (--customer-col)`);
  if (roles.date === undefined && roles.paid === undefined) missing.push('order date (--date-col)');
  if (roles.amount === undefined && (roles.quantity === undefined || roles.price === undefined)) {
    missing.push('amount (--amount-col, or a quantity and a unit price column)');
  }
  if (missing.length === 0) return;
  const found = ROLES.filter((r) => roles[r] !== undefined).map((r) => `${r}=${columns[roles[r]!]}`);
  throw new DataError(
    `no ${missing.join(', no ')} column recognised` +
      ` (layout: ${preset.name}; found ${found.length ? found.join(', ') : 'none'}; columns: ${columns.slice(0, 12).join(', ')}` +
      `${columns.length > 12 ? ', …' : ''})` +
      (preset.note ? `; ${preset.note}` : ''),
  );
}

/**
 * What one number shows of its decimal mark: the last of `,` and `.` when it has both (`1.234,56`); the other
 * mark when one occurs twice (`1.234.567`); the one it has when it is not followed by exactly three digits or
 * follows nothing but zeros (`261,96`, `0,368`, `12.5`); null when it cannot tell (`22,368`, `1500`).
 */
export function decimalMarkOf(value: string): Decimal | null {
  let last = -1;
  let lastMark = '';
  let marks = 0;
  let firstMark = '';
  let digitsAfter = 0;
  let nonZeroBefore = false;
  let nonZero = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ',' || c === '.') {
      if (marks === 0) firstMark = c;
      marks++;
      last = i;
      lastMark = c;
      digitsAfter = 0;
      nonZeroBefore = nonZero;
    } else if (c >= '0' && c <= '9') {
      digitsAfter++;
      if (c !== '0') nonZero = true;
    }
  }
  if (last < 0) return null;
  if (firstMark !== lastMark) return lastMark as Decimal;
  if (marks > 1) return lastMark === ',' ? '.' : ',';
  if (digitsAfter !== 3 || !nonZeroBefore) return lastMark as Decimal;
  return null;
}

/**
 * Decide a number column's decimal mark from its sample values: the mark more of them show (`--decimal` wins);
 * `.` when none shows one, unless `fallback` (a file read again after bad cells) says otherwise.
 */
export function decideDecimal(
  values: string[],
  forced?: Decimal,
  fallback: Decimal = '.',
): { mark: Decimal; source: string } {
  if (forced) return { mark: forced, source: '--decimal' };
  let comma = 0;
  let dot = 0;
  let example = '';
  for (const v of values) {
    const m = decimalMarkOf(v);
    if (m === ',') {
      comma++;
      if (example === '') example = v;
    } else if (m === '.') dot++;
  }
  if (comma === 0 && dot === 0)
    return fallback === '.'
      ? { mark: '.', source: 'default: no value in the first rows shows a decimal mark' }
      : { mark: ',', source: 'decimal comma: later values are unreadable with a decimal point' };
  const mark: Decimal = comma > dot ? ',' : '.';
  const shown = mark === ',' ? comma : dot;
  return {
    mark,
    source:
      (mark === ',' ? `decimal comma: ${shown} of the first rows' values, like '${example}'` : 'decimal point') +
      (comma > 0 && dot > 0 ? ` (${comma === dot ? 'as many' : Math.min(comma, dot)} show the other mark)` : ''),
  };
}

/** Adjacent sample rows of one order with different amounts mean line amounts (sum); otherwise order-level. */
function guessAmountMode(sample: string[][], orderCol: number, amountCol: number): AmountMode {
  let repeated = 0;
  let differing = 0;
  for (let i = 1; i < sample.length; i++) {
    const a = sample[i - 1];
    const b = sample[i];
    if (!a[orderCol] || a[orderCol] !== b[orderCol]) continue;
    const x = (a[amountCol] ?? '').trim();
    const y = (b[amountCol] ?? '').trim();
    if (y === '' || x === y) repeated++;
    else differing++;
  }
  return differing > repeated ? 'item' : 'order';
}

/** `--date-format` (mdy|dmy|ymd or a pattern such as DD/MM/YYYY), or guessed from values like 13/02/24. */
export function decideDateOrder(values: string[], forced?: string): { order: DateOrder; source: string } {
  if (forced) {
    const f = forced.toLowerCase();
    if (f === 'mdy' || f === 'dmy' || f === 'ymd') return { order: f, source: '--date-format' };
    const pos = (ch: string) => f.indexOf(ch);
    if (pos('y') >= 0 && pos('m') >= 0 && pos('d') >= 0) {
      const order = [
        ['y', pos('y')],
        ['m', pos('m')],
        ['d', pos('d')],
      ]
        .sort((a, b) => (a[1] as number) - (b[1] as number))
        .map((x) => x[0])
        .join('') as DateOrder;
      if (order === 'mdy' || order === 'dmy' || order === 'ymd') return { order, source: '--date-format' };
    }
    throw new UsageError(`--date-format: expected mdy, dmy, ymd or a pattern like DD/MM/YYYY, got '${forced}'`);
  }
  let mdy = 0;
  let dmy = 0;
  let slashed = 0;
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})/.exec(v);
    if (!m) continue;
    slashed++;
    if (Number(m[1]) > 12) dmy++;
    if (Number(m[2]) > 12) mdy++;
  }
  if (slashed === 0) return { order: 'ymd', source: 'year first' };
  if (dmy > 0 && mdy === 0) return { order: 'dmy', source: 'day > 12 seen first' };
  return {
    order: 'mdy',
    source: mdy > 0 ? 'day > 12 seen second' : 'ambiguous, assumed month first (--date-format dmy to change)',
  };
}
