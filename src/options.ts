/** The shared option table: input, detection overrides, --as-of, output. Parsers validate and convert. */
import { Command, Option } from 'commander';
import { UsageError } from './errors';
import { daysFromCivil, daysInMonth } from './io/cells';
import type { LoadOptions } from './io/load';
import type { Role } from './io/presets';
import type { Zone } from './io/zone';
import type { Format } from './report/render';
import type { Runtime } from './runtime';

export interface InputFlags {
  encoding?: string;
  delimiter?: string;
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
  asOf?: string;
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
];

/** Add the options every command that reads an export shares. */
export function addInputOptions(cmd: Command, asOf = true): Command {
  cmd
    .option('--encoding <name>', 'input encoding (default: detected; utf8, gb18030, gbk, utf16le, macintosh, …)')
    .option('--delimiter <char>', "field delimiter (default: detected; ',' 'tab' ';' '|' or 'whitespace')")
    .option('--platform <id>', 'force a layout: taobao, jd, douyin, pinduoduo, shopify, woocommerce, woocommerce-webtoffee, amazon, generic');
  for (const [, flags, desc] of COLUMN_FLAGS) cmd.option(flags, desc);
  cmd
    .option('--date-format <order>', 'order of ambiguous dates: mdy, dmy, ymd, or a pattern like DD/MM/YYYY')
    .option('--tz <zone>', "shop time zone for times without an offset (default: Asia/Shanghai for Chinese platforms, else UTC)")
    .addOption(new Option('--refunds <how>', 'the amount is already net of refunds (netted) or not (subtract); default per platform').choices(['subtract', 'netted']))
    .addOption(new Option('--amount-per <grain>', 'an order spanning rows: order-level amount (order) or line amounts to sum (item)').choices(['order', 'item']))
    .option('--strict', 'stop at the first unreadable cell instead of counting and skipping it');
  if (asOf) cmd.option('--as-of <date>', "analysis date YYYY-MM-DD or 'today' (default: the latest purchase); later purchases are ignored");
  return cmd;
}

/** Add the output options; `formats` lists the formats the command renders. */
export function addOutputOptions(cmd: Command, formats: Format[] = ['csv', 'table', 'json']): Command {
  return cmd
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .addOption(new Option('--format <format>', `output format (default: ${formats.includes('table') ? "table on a terminal, else " : ''}${formats[0]})`).choices(formats))
    .option('--bom', 'start CSV output with a UTF-8 BOM (Excel shows Chinese correctly)')
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('-q, --quiet', 'no summary on stderr');
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

/** Flags → LoadOptions. */
export function loadOptions(file: string | undefined, f: InputFlags, rt: Runtime, history = false): LoadOptions {
  if (!file) throw new UsageError('missing input file (give a path, or - for stdin)');
  const columns: Partial<Record<Role, string>> = {};
  for (const [role] of COLUMN_FLAGS) {
    const v = (f as Record<string, unknown>)[`${role}Col`];
    if (typeof v === 'string') columns[role] = v;
  }
  return {
    input: file,
    encoding: f.encoding,
    delimiter: f.delimiter,
    platform: f.platform,
    columns,
    dateFormat: f.dateFormat,
    tz: f.tz,
    refunds: f.refunds,
    amountPer: f.amountPer,
    strict: f.strict,
    asOf: parseAsOf(f.asOf, rt),
    history,
  };
}

/** The output format: the flag, else a table on a terminal (when tables are offered and no -o), else the first. */
export function resolveFormat(f: OutputFlags, rt: Runtime, formats: Format[] = ['csv', 'table', 'json']): Format {
  if (f.format) return f.format as Format;
  if (formats.includes('table') && rt.stdoutIsTTY && !f.output) return 'table';
  return formats[0];
}

/** Colour on only for a terminal, without NO_COLOR and --no-color. */
export function useColor(f: OutputFlags, rt: Runtime, tty: boolean): boolean {
  return f.color !== false && !('NO_COLOR' in rt.env && rt.env.NO_COLOR !== '') && tty;
}
