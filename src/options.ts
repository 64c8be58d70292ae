/** The shared option table: input, detection overrides, --as-of, output. Parsers validate and convert. */
import { Command, Option } from 'commander';
import { UsageError } from './errors';
import { daysFromCivil, daysInMonth } from './io/cells';
import type { LoadOptions } from './io/load';
import type { Decimal } from './io/detect';
import type { RfmOptions } from './model/rfm';
import { loadRules } from './model/segments';
import type { Windows } from './model/lifecycle';
import { Role, StatusOverrides, statusKey } from './io/presets';
import type { Zone } from './io/zone';
import type { Format } from './report/render';
import type { Runtime } from './runtime';
import type { OutputSpec } from './io/write';
import { DEFAULT_SEED, Holdout, holdoutPath } from './model/holdout';
import type { WindowSpec } from './model/repurchase';
import { CURRENCY_CODE } from './io/currency';

export interface InputFlags {
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  platform?: string;
  customerCol?: string;
  orderCol?: string;
  dateCol?: string;
  paidCol?: string;
  amountCol?: string;
  refundCol?: string;
  statusCol?: string;
  quantityCol?: string;
  priceCol?: string;
  dateFormat?: string;
  tz?: string;
  refunds?: 'subtract' | 'netted';
  amountPer?: 'order' | 'item';
  strict?: boolean;
  codPaid?: boolean;
  asOf?: string;
  paidStatus?: string;
  excludedStatus?: string;
  decimal?: string;
  currency?: string;
}

export interface OutputFlags {
  output?: string;
  format?: string;
  bom?: boolean;
  color?: boolean;
  quiet?: boolean;
}

const COLUMN_FLAGS: [Role, string, string][] = [
  ['customer', '--customer-col <name|n>', 'column holding the customer id'],
  ['order', '--order-col <name|n>', 'column holding the order id (rows of one order are counted once)'],
  ['date', '--date-col <name|n>', 'column holding the order time'],
  ['paid', '--paid-col <name|n>', 'column holding the payment time (used when the order time is empty)'],
  ['amount', '--amount-col <name|n>', 'column holding the order amount'],
  ['refund', '--refund-col <name|n>', 'column holding the refunded amount'],
  ['status', '--status-col <name|n>', 'column holding the order status'],
  ['quantity', '--quantity-col <name|n>', 'column holding the quantity (with --price-col, when there is no amount)'],
  ['price', '--price-col <name|n>', 'column holding the unit price'],
  ['currency', '--currency-col <name|n>', "column holding the order's currency code (USD, EUR, …)"],
];

/** Add the options every command that reads an export shares. */
export function addInputOptions(cmd: Command, asOf = true): Command {
  cmd
    .option('--encoding <name>', 'input encoding (default: detected; utf8, gb18030, gbk, utf16le, macintosh, …)')
    .option('--delimiter <char>', "field delimiter (default: detected; ',' 'tab' ';' '|' or 'whitespace')")
    .option('--sheet <name|n>', 'the sheet of an .xlsx workbook (default: the first with an order header)')
    .option(
      '--platform <id>',
      'force a layout: taobao, jd, douyin, pinduoduo, shopify, woocommerce, woocommerce-webtoffee, amazon, generic',
    );
  for (const [, flags, desc] of COLUMN_FLAGS) cmd.option(flags, desc);
  cmd
    .option('--date-format <order>', 'order of ambiguous dates: mdy, dmy, ymd, or a pattern like DD/MM/YYYY')
    .option(
      '--decimal <mark>',
      "decimal mark of amounts: '.' or ',' (default: per column from its values; 1.234,56 and 261,96 show ',')",
    )
    .option(
      '--tz <zone>',
      'shop time zone (default: Asia/Shanghai for Chinese platforms, else UTC); also moves times written with an ' +
        'offset, which otherwise count on the day written',
    )
    .addOption(
      new Option(
        '--refunds <how>',
        'the amount is already net of refunds (netted) or not (subtract); default per platform',
      ).choices(['subtract', 'netted']),
    )
    .addOption(
      new Option(
        '--amount-per <grain>',
        'an order spanning rows: order-level amount (order) or line amounts to sum (item)',
      ).choices(['order', 'item']),
    )
    .option('--strict', 'stop at the first unreadable cell instead of counting and skipping it')
    .option(
      '--cod-paid',
      'count fulfilled cash-on-delivery orders as purchases although their status still says unpaid (pending)',
    )
    .option('--paid-status <values>', 'status values to count as purchases (comma-separated; rfm inspect lists them)')
    .option('--excluded-status <values>', 'status values whose orders are not purchases (comma-separated)')
    .option(
      '--currency <code>',
      'only orders in this currency (an export mixing currencies is refused without it); ' +
        'also the currency money is shown in when the export has no currency column',
    );
  if (asOf)
    cmd.option(
      '--as-of <date>',
      "analysis date YYYY-MM-DD or 'today' (default: the latest purchase); later purchases are ignored",
    );
  return cmd;
}

/** Add the output options; `formats` lists the formats the command renders. */
/** The formats of commands that write rows: CSV, a terminal table, JSON, an .xlsx workbook (`-o x.xlsx`). */
export const ROW_FORMATS: Format[] = ['csv', 'table', 'json', 'xlsx'];

export function addOutputOptions(cmd: Command, formats: Format[] = ROW_FORMATS): Command {
  return cmd
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .addOption(
      new Option(
        '--format <format>',
        `output format (default: ${formats.includes('table') ? 'table on a terminal, else ' : ''}${formats[0]})`,
      ).choices(formats),
    )
    .option(
      '--bom',
      'start CSV output with a UTF-8 BOM so Excel shows Chinese (default when writing a .csv file for a Chinese export)',
    )
    .option('--no-bom', 'no BOM, even in files written for a Chinese export')
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('-q, --quiet', 'no summary on stderr')
    .addOption(langOption());
}

/** `--lang`: one definition for every command. */
export const langOption = () =>
  new Option(
    '--lang <lang>',
    'language of labels, headings and reports: zh or en (default: zh for Chinese platforms; CSV/JSON keys stay English)',
  ).choices(['zh', 'en']);

/** `--top N` on a command that lists customers; `what` says what its top is. */
export function addTopOption(
  cmd: Command,
  what = 'the n most valuable customers (revenue, then purchases, then id)',
): Command {
  return cmd.option('--top <n>', `only ${what}, most valuable first`);
}

/** `--top N` → N (undefined without the flag); a whole number ≥ 1. */
export function topOption(f: { top?: string }): number | undefined {
  return f.top === undefined ? undefined : intFlag('--top', f.top, 0, 1);
}

/**
 * `--top` with a format that shows no customer rows (a command's report table) is refused before reading: the
 * flag limits rows written, the report always counts every customer.
 */
export function checkTopFormat(top: number | undefined, format: Format, command: string): void {
  if (top !== undefined && format === 'table')
    throw new UsageError(
      `--top limits the customer rows; ${command}'s table is a summary of every customer: add --format csv|json|xlsx or -o FILE`,
    );
}

/** `--as-of` → a function of the shop zone giving the as-of day (undefined: the latest purchase). */
export function parseAsOf(value: string | undefined, rt: Runtime): ((zone: Zone) => number) | undefined {
  if (value === undefined) return undefined;
  if (value === 'today') return (zone) => zone.dayOf(rt.now());
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) {
      const day = daysFromCivil(y, mo, d);
      return () => day;
    }
  }
  throw new UsageError(`--as-of: expected a date YYYY-MM-DD or 'today', got '${value}'`);
}

/** A whole-number environment setting (undefined when unset); anything else is a usage error. */
/** A whole-number environment setting (`RFM_SPLIT_MIN`, `RFM_PROGRESS_MIN`); absent or empty: undefined. */
export function envInt(rt: Runtime, name: string): number | undefined {
  const v = rt.env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${name}: expected a whole number, got '${v}'`);
  return Number(v);
}

/** `--paid-status` / `--excluded-status` → the sets the reader classifies by (a value in both is an error). */
function statusOverrides(f: InputFlags): StatusOverrides | undefined {
  if (!f.paidStatus && !f.excludedStatus) return undefined;
  const set = (v?: string) =>
    new Set(
      (v ?? '')
        .split(',')
        .map(statusKey)
        .filter((x) => x !== ''),
    );
  const paid = set(f.paidStatus);
  const excluded = set(f.excludedStatus);
  const both = [...paid].filter((x) => excluded.has(x));
  if (both.length) throw new UsageError(`--paid-status and --excluded-status both name '${both[0]}'`);
  return { paid, excluded };
}

/** `--decimal`: `.` (also `point`, `dot`) or `,` (also `comma`). */
function decimalMark(v: string | undefined): Decimal | undefined {
  if (v === undefined) return undefined;
  const m = v.trim().toLowerCase();
  if (m === '.' || m === 'point' || m === 'dot') return '.';
  if (m === ',' || m === 'comma') return ',';
  throw new UsageError(`--decimal: expected '.' or ',', got '${v}'`);
}

/** Flags → LoadOptions. */
export function loadOptions(files: string[], f: InputFlags, rt: Runtime): LoadOptions {
  if (!files.length) throw new UsageError('missing input file (give a path, a folder, or - for stdin)');
  const columns: Partial<Record<Role, string>> = {};
  for (const [role] of COLUMN_FLAGS) {
    const v = (f as Record<string, unknown>)[`${role}Col`];
    if (typeof v === 'string') columns[role] = v;
  }
  return {
    inputs: files,
    cwd: rt.cwd,
    encoding: f.encoding,
    delimiter: f.delimiter,
    platform: f.platform,
    columns,
    dateFormat: f.dateFormat,
    decimal: decimalMark(f.decimal),
    tz: f.tz,
    refunds: f.refunds,
    amountPer: f.amountPer,
    strict: f.strict,
    codPaid: f.codPaid,
    statuses: statusOverrides(f),
    currency: currencyFlag(f.currency),
    sheet: f.sheet,
    asOf: parseAsOf(f.asOf, rt),
    threads: envInt(rt, 'RFM_THREADS'),
    splitMin: envInt(rt, 'RFM_SPLIT_MIN'),
    debug: rt.env.RFM_DEBUG ? (m) => rt.stderr.write(`rfm: debug: ${m}\n`) : undefined,
  };
}

/** `--currency usd` → `USD`; three letters or a usage error. */
function currencyFlag(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!CURRENCY_CODE.test(v.trim()))
    throw new UsageError(`--currency: expected a three-letter currency code like USD or EUR, got '${v}'`);
  return v.trim().toUpperCase();
}

/** The output format: the flag, else a table on a terminal (when tables are offered and no -o), else the first. */
export function resolveFormat(f: OutputFlags, rt: Runtime, formats: Format[] = ROW_FORMATS): Format {
  const book = f.output !== undefined && /\.xlsx$/i.test(f.output);
  if (f.format) {
    if (book && f.format !== 'xlsx')
      throw new UsageError(
        `-o ${f.output}: a workbook's name, but --format ${f.format} (drop --format, or name a .${f.format} file)`,
      );
    if (f.format === 'xlsx' && f.output && f.output !== '-' && !book)
      throw new UsageError(`--format xlsx: -o ${f.output} should end in .xlsx, or spreadsheets will not open it`);
    return f.format as Format;
  }
  if (book && formats.includes('xlsx')) return 'xlsx';
  if (formats.includes('table') && rt.stdoutIsTTY && !f.output) return 'table';
  return formats[0];
}

/** A UTF-8 BOM: the flag, else on for CSV written to a file (not stdout) from a Chinese export. */
export function wantBom(f: OutputFlags, format: Format, toFile: boolean, lang: 'zh' | 'en'): boolean {
  if (format !== 'csv') return false;
  if (f.bom !== undefined) return f.bom;
  return toFile && lang === 'zh';
}

/** Colour on only for a terminal, without NO_COLOR and --no-color. */
export function useColor(f: OutputFlags, rt: Runtime, tty: boolean): boolean {
  return f.color !== false && !('NO_COLOR' in rt.env && rt.env.NO_COLOR !== '') && tty;
}

export interface RfmFlags {
  scoring?: string;
  bins?: string;
  rBreaks?: string;
  fBreaks?: string;
  mBreaks?: string;
  model?: string;
  rules?: string;
  split?: string[];
  lang?: string;
  newDays?: string;
  sleepDays?: string;
  lostDays?: string;
}

/**
 * Add the scoring, model and tag options shared by segment, dormant and the reports; `folder`: whether
 * `--split` may also name an output (segment only).
 */
export function addRfmOptions(cmd: Command, windows = true, folder = windows): Command {
  cmd
    .addOption(
      new Option(
        '--scoring <method>',
        'quantile: type-7 quantile cut points; ntile: equal-count groups; r-rfm: as the R package rfm',
      )
        .choices(['quantile', 'ntile', 'r-rfm'])
        .default('quantile'),
    )
    .option('--bins <n>', 'scores per axis, 2..9 (higher is better)', '5')
    .option('--r-breaks <days>', 'fixed recency cut points in days, e.g. 30,90,180,365 (k breaks → k+1 scores)')
    .option('--f-breaks <orders>', 'fixed frequency cut points, e.g. 1,2,3,5')
    .option('--m-breaks <money>', 'fixed monetary cut points, e.g. 100,300,1000,3000')
    .addOption(
      new Option(
        '--model <model>',
        'segment names: grid (R×F: Champions … Hibernating), cn8 (the Chinese 8-way model), rules (--rules)',
      ).choices(['grid', 'cn8', 'rules']),
    )
    .option(
      '--rules <file.json>',
      'custom segments: ordered rules on score ranges, first match wins (implies --model rules)',
    )
    .option(
      '--split <how>',
      `cn8: split each axis at its 'mean' (default) or 'median'${folder ? '; any other value: a folder to write one CSV per segment into (--format xlsx: one workbook each), or NAME.xlsx: one workbook with a sheet per segment' : ''}`,
      (v: string, prev: string[] = []) => [...prev, v],
    );
  if (windows) addWindowOptions(cmd);
  return cmd;
}

/** The lifecycle windows: new, sleeping, lost. */
export function addWindowOptions(cmd: Command): Command {
  return cmd
    .option('--new-days <n>', "'new': first purchase at most n days before the as-of date", '30')
    .option('--sleep-days <n>', "'sleeping' from n days since the last purchase", '90')
    .option('--lost-days <n>', "'lost' beyond n days since the last purchase", '180');
}

/** Window flags → Windows (checked). */
export function windowOptions(f: { newDays?: string; sleepDays?: string; lostDays?: string }): Windows {
  const w = {
    newDays: intFlag('--new-days', f.newDays, 30, 0),
    sleepDays: intFlag('--sleep-days', f.sleepDays, 90, 1),
    lostDays: intFlag('--lost-days', f.lostDays, 180, 1),
  };
  if (w.lostDays < w.sleepDays)
    throw new UsageError(`--lost-days ${w.lostDays} is below --sleep-days ${w.sleepDays}: pass a larger --lost-days`);
  return w;
}

/** A whole number flag within [min, max]. */
export function intFlag(
  name: string,
  v: string | undefined,
  def: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || n < min || n > max)
    throw new UsageError(
      `${name}: expected a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, got '${v}'`,
    );
  return n;
}

/** A plain decimal like `12`, `-3` or `0.5` as a number; NaN for anything else (`0x10`, `1e3`, `Infinity`, ``). */
export function plainNumber(s: string): number {
  return /^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : NaN;
}

/** `1,2,3` → strictly increasing numbers (1 to 8 of them). */
function breaksFlag(name: string, v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const parts = v.split(',').map((s) => s.trim());
  const nums = parts.map(plainNumber);
  const bad = parts.findIndex((s, i) => s === '' || !Number.isFinite(nums[i]));
  if (bad >= 0) throw new UsageError(`${name}: expected numbers separated by commas, got '${parts[bad]}' in '${v}'`);
  if (nums.length > 8) throw new UsageError(`${name}: at most 8 breaks (9 scores), got ${nums.length}`);
  for (let i = 1; i < nums.length; i++)
    if (nums[i] <= nums[i - 1])
      throw new UsageError(`${name}: breaks must increase, got ${nums[i - 1]} then ${nums[i]}`);
  return nums;
}

/** A `--split` path naming one workbook with a sheet per segment rather than a folder. */
export const SPLIT_BOOK = /\.xlsx$/i;

/** The values of `--split`: 'mean'/'median' are the cn8 split, anything else a folder to write. */
function splitParts(split: unknown): { centre: string[]; dirs: string[] } {
  const splits = Array.isArray(split) ? (split as string[]) : typeof split === 'string' ? [split] : [];
  return {
    centre: splits.filter((s) => s === 'mean' || s === 'median'),
    dirs: splits.filter((s) => s !== 'mean' && s !== 'median'),
  };
}

/** Every output a command's flags name (`-o`, `--html`, `--md`, `--json`, a `--split` folder), for checkOutputs. */
export function outputsOf(f: object): OutputSpec[] {
  const flags = f as Record<string, unknown>;
  const out: OutputSpec[] = [];
  for (const [key, flag] of [
    ['output', '-o'],
    ['html', '--html'],
    ['md', '--md'],
    ['json', '--json'],
  ])
    if (typeof flags[key] === 'string') out.push({ flag, path: flags[key] as string });
  // --split out.xlsx is one workbook (a file); any other name a folder.
  for (const dir of splitParts(flags.split).dirs)
    out.push({ flag: '--split', path: dir, folder: !SPLIT_BOOK.test(dir) });
  // --holdout P% of a list command writes beside -o (rfm campaign's --holdout is a file it reads).
  if (
    typeof flags.holdout === 'string' &&
    /^[\d.\s]+%?\s*$/.test(flags.holdout) &&
    typeof flags.output === 'string' &&
    flags.output !== '-'
  )
    out.push({ flag: '--holdout', path: holdoutPath(flags.output) });
  return out;
}

/** Flags → RfmOptions (the cn8 split and --split DIR share the flag: 'mean'/'median' are the split). */
export function rfmOptions(f: RfmFlags, rt: Runtime): RfmOptions & { splitDir?: string } {
  const { centre, dirs } = splitParts(f.split);
  if (dirs.length > 1) throw new UsageError(`--split: one folder only, got ${dirs.join(' and ')}`);
  if (centre.length > 1) throw new UsageError(`--split: mean or median, not both`);
  if (f.model === 'rules' && !f.rules) throw new UsageError('--model rules needs --rules file.json');
  if (f.rules && f.model && f.model !== 'rules')
    throw new UsageError(`--rules and --model ${f.model} contradict each other: drop one`);
  const bins = intFlag('--bins', f.bins, 5, 2, 9);
  const rBreaks = breaksFlag('--r-breaks', f.rBreaks);
  const fBreaks = breaksFlag('--f-breaks', f.fBreaks);
  const mBreaks = breaksFlag('--m-breaks', f.mBreaks);
  const scores = (breaks?: number[]) => (breaks ? breaks.length + 1 : bins);
  return {
    scoring: (f.scoring ?? 'quantile') as RfmOptions['scoring'],
    bins,
    rBreaks,
    fBreaks,
    mBreaks,
    model: f.rules ? 'rules' : ((f.model ?? 'grid') as RfmOptions['model']),
    split: (centre[0] ?? 'mean') as 'mean' | 'median',
    // Read and checked before the export is loaded: a bad rules file fails fast.
    rules: f.rules
      ? loadRules(f.rules, rt.cwd, { r: scores(rBreaks), f: scores(fBreaks), m: scores(mBreaks) })
      : undefined,
    ...windowOptions(f),
    splitDir: dirs[0],
  };
}

export interface HoldoutFlags {
  holdout?: string;
  seed?: string;
}

/** `--holdout P%` and `--seed`: the control group of a list command. */
export function addHoldoutOptions(cmd: Command, where: string): Command {
  return cmd
    .option(
      '--holdout <share>',
      `hold back this share of the list as a control group, e.g. 10% (by a hash of customer id and --seed), written ${where}`,
    )
    .option(
      '--seed <text>',
      `the holdout's seed: the same seed holds back the same customers (default: ${DEFAULT_SEED})`,
    );
}

/** `--holdout 10%` (or 10) → the share and seed; undefined without --holdout. */
export function holdoutOptions(f: HoldoutFlags): Holdout | undefined {
  if (f.holdout === undefined) {
    if (f.seed !== undefined) throw new UsageError('--seed goes with --holdout: give --holdout 10% too');
    return undefined;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(f.holdout);
  const pctValue = m ? Number(m[1]) : NaN;
  if (!(pctValue > 0 && pctValue < 100))
    throw new UsageError(`--holdout: expected a share above 0% and below 100% like 10%, got '${f.holdout}'`);
  return { share: pctValue / 100, seed: f.seed ?? DEFAULT_SEED };
}

/** `--window 30d|12w|6m|1y|all` → the window's length (checked before anything is read). */
export function windowSpec(v: string): WindowSpec {
  if (v === 'all') return 'all';
  const m = /^\s*(\d+)\s*([dwmy])\s*$/.exec(v);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 100000)
    throw new UsageError(`--window: expected a length like 30d, 12w, 6m, 1y, or all; got '${v}'`);
  return { n: Number(m[1]), unit: m[2] as 'd' | 'w' | 'm' | 'y' };
}
