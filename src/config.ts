/**
 * rfm.config.json: defaults for a cron line — column mapping, zone, scoring, model, windows, language.
 * Found in the working folder, or given with `--config FILE`. Every key maps to a command-line option; an
 * option given on the command line wins. A key a command has no option for is ignored by that command.
 * Unknown keys and bad values are usage errors naming the key.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { UsageError } from './errors';
import { PRESETS } from './io/presets';
import type { Runtime } from './runtime';

export const CONFIG_FILE = 'rfm.config.json';

type Check = (v: unknown) => string | boolean | null;

const str: Check = (v) => (typeof v === 'string' && v !== '' ? v : null);
const oneOf =
  (...choices: string[]): Check =>
  (v) =>
    typeof v === 'string' && choices.includes(v) ? v : null;
const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? String(v) : null;
const numbers: Check = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? v.join(',') : null;
const bool: Check = (v) => (typeof v === 'boolean' ? v : null);
const texts: Check = (v) =>
  typeof v === 'string' && v !== ''
    ? v
    : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '' && !x.includes(','))
      ? v.join(',')
      : null;

interface Key {
  /** The option's attribute name (commander's camelCase of the flag). */
  option: string;
  check: Check;
  expected: string;
}

const k = (option: string, check: Check, expected: string): Key => ({ option, check, expected });

/** The keys of rfm.config.json, with the option each sets. */
export const KEYS: Record<string, Key> = {
  platform: k('platform', oneOf(...PRESETS.map((p) => p.id)), `one of ${PRESETS.map((p) => p.id).join(', ')}`),
  encoding: k('encoding', str, 'an encoding name such as "gb18030"'),
  delimiter: k('delimiter', str, 'a delimiter such as "," or "tab"'),
  sheet: k('sheet', (v) => (typeof v === 'number' ? int(1, 1000)(v) : str(v)), 'a sheet name or number'),
  dateFormat: k('dateFormat', str, 'mdy, dmy, ymd or a pattern like "DD/MM/YYYY"'),
  decimal: k('decimal', oneOf('.', ','), '"." or ","'),
  codPaid: k('codPaid', bool, 'true or false'),
  currency: k(
    'currency',
    (v) => (typeof v === 'string' && /^[A-Za-z]{3}$/.test(v) ? v : null),
    'a three-letter currency code such as "USD"',
  ),
  zone: k('tz', str, 'an IANA time zone such as "Asia/Shanghai"'),
  refunds: k('refunds', oneOf('subtract', 'netted'), '"subtract" or "netted"'),
  amountPer: k('amountPer', oneOf('order', 'item'), '"order" or "item"'),
  scoring: k('scoring', oneOf('quantile', 'ntile', 'r-rfm'), '"quantile", "ntile" or "r-rfm"'),
  bins: k('bins', int(2, 9), 'an integer from 2 to 9'),
  rBreaks: k('rBreaks', numbers, 'a list of numbers such as [30, 90, 180, 365]'),
  fBreaks: k('fBreaks', numbers, 'a list of numbers such as [1, 2, 3, 5]'),
  mBreaks: k('mBreaks', numbers, 'a list of numbers such as [100, 300, 1000, 3000]'),
  model: k('model', oneOf('grid', 'cn8', 'rules'), '"grid", "cn8" or "rules"'),
  rules: k('rules', str, 'the path of a rules file'),
  split: k('split', oneOf('mean', 'median'), '"mean" or "median"'),
  lang: k('lang', oneOf('zh', 'en'), '"zh" or "en"'),
  newDays: k('newDays', int(1, 36500), 'a whole number of days'),
  sleepDays: k('sleepDays', int(1, 36500), 'a whole number of days'),
  lostDays: k('lostDays', int(1, 36500), 'a whole number of days'),
  days: k('days', int(1, 36500), 'a whole number of days (rfm dormant/report --days)'),
  maxDays: k('maxDays', int(1, 36500), 'a whole number of days (rfm dormant/report --max-days)'),
  weeks: k('weeks', int(1, 520), 'a whole number of weeks'),
  window: k(
    'window',
    (v) => (typeof v === 'string' && /^(\d+[dwmy]|all)$/.test(v) ? v : null),
    'a window such as "30d", "12w", "6m", "1y" or "all" (rfm summary/report --window)',
  ),
  bom: k('bom', bool, 'true or false'),
  paidStatus: k('paidStatus', texts, 'a list of status values such as ["已付款", "wc-shipped"]'),
  excludedStatus: k('excludedStatus', texts, 'a list of status values such as ["待退款"]'),
};

/** `columns` entries: role → the option naming its column. */
export const COLUMN_KEYS: Record<string, string> = {
  customer: 'customerCol',
  order: 'orderCol',
  date: 'dateCol',
  paid: 'paidCol',
  amount: 'amountCol',
  refund: 'refundCol',
  status: 'statusCol',
  quantity: 'quantityCol',
  price: 'priceCol',
};

/** Option values from a config text, checked; errors name the file and the key. */
export function parseConfig(file: string, text: string): Map<string, string | boolean> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, '')); // Notepad saves a BOM
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(`${file}: expected a JSON object of settings`);
  const out = new Map<string, string | boolean>();
  const show = (v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? 'a number beyond range' : JSON.stringify(v);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === '$schema' || key === 'comment') continue;
    if (key === 'columns') {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new UsageError(`${file}: "columns": expected an object such as {"customer": "买家会员名"}`);
      for (const [role, col] of Object.entries(value as Record<string, unknown>)) {
        const option = Object.hasOwn(COLUMN_KEYS, role) ? COLUMN_KEYS[role] : undefined;
        if (!option)
          throw new UsageError(
            `${file}: unknown key "columns.${role}" (known: ${Object.keys(COLUMN_KEYS).join(', ')})`,
          );
        const v = typeof col === 'number' && Number.isInteger(col) && col > 0 ? String(col) : str(col);
        if (v === null)
          throw new UsageError(
            `${file}: "columns.${role}": expected a header name or a 1-based column number, got ${show(col)}`,
          );
        out.set(option, v);
      }
      continue;
    }
    const spec = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (!spec) throw new UsageError(`${file}: unknown key "${key}" (known: columns, ${Object.keys(KEYS).join(', ')})`);
    const v = spec.check(value);
    if (v === null) throw new UsageError(`${file}: "${key}": expected ${spec.expected}, got ${show(value)}`);
    out.set(spec.option, v);
  }
  return out;
}

/**
 * Apply the config to a command about to run: `--config FILE`, else rfm.config.json in the working folder
 * (if any). Values fill options not given on the command line; relative paths (rules) are taken from the
 * config file's folder.
 */
export function applyConfig(cmd: Command, rt: Runtime): void {
  const given = cmd.getOptionValue('config') as string | undefined;
  const file = given ?? CONFIG_FILE;
  const full = path.resolve(rt.cwd, file);
  if (!fs.existsSync(full)) {
    if (given) throw new UsageError(`--config ${given}: no such file`);
    return;
  }
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  const values = parseConfig(file, text);
  const known = new Set(cmd.options.map((o) => o.attributeName()));
  const applied: string[] = [];
  for (const [option, value] of values) {
    if (!known.has(option)) continue;
    if (cmd.getOptionValueSource(option) === 'cli') continue;
    const v = option === 'rules' && typeof value === 'string' ? path.resolve(path.dirname(full), value) : value;
    cmd.setOptionValueWithSource(option, v, 'config');
    applied.push(option);
  }
  // A settings file found in the folder changes results without a flag on the command line: say so.
  if (!given && applied.length && !cmd.getOptionValue('quiet'))
    rt.stderr.write(
      `rfm: settings from ${CONFIG_FILE} in this folder: ${applied.join(', ')} (--config names another)\n`,
    );
}
