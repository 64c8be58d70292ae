/**
 * Contact columns for lists (`crowd`, `dormant`): the name, phone, e-mail, address and marketing consent of each
 * listed customer's latest order, as the export wrote them. They cost nothing while reading: the purchase log
 * keeps each order's file and line, so only the listed customers' lines are read again, after the list is made.
 */
import * as fs from 'fs';
import * as iconv from 'iconv-lite';
import { resolve } from 'path';
import * as zlib from 'zlib';
import { UsageError } from '../errors';
import type { PurchaseLog } from '../model/log';
import type { SourceLoad } from './load';
import { canonicalName } from './presets';

/** Column names of contact details seen in platform exports, by kind, the most telling first. */
const CONTACTS: [string, string[]][] = [
  [
    'name',
    [
      '收货人姓名',
      '收货人',
      '收件人',
      '收件人姓名',
      '买家姓名',
      'Billing Name',
      'Shipping Name',
      'Full Name',
      'Customer Name',
    ],
  ],
  [
    'phone',
    [
      '联系手机',
      '收货人手机',
      '手机号',
      '手机号码',
      '联系电话',
      'Phone',
      'Billing Phone',
      'Shipping Phone',
      'billing_phone',
      'Buyer Phone',
    ],
  ],
  ['email', ['Email', 'E-mail', 'Billing Email', 'billing_email', 'customer_email', 'Buyer Email', '邮箱']],
  ['address', ['收货地址', '详细地址', 'Shipping Address1', 'Billing Address1', 'Street 1']],
  ['consent', ['Accepts Marketing', 'Accepts Email Marketing']],
];

/**
 * The contact columns of an export: those `--with` names (every one must exist; `none`: no contact columns),
 * else the first column of each kind the header has, leaving out the customer id's own column.
 */
export function contactColumns(s: SourceLoad, withFlag?: string): string[] {
  const cols = s.detection.columns;
  const canon = cols.map(canonicalName);
  if (withFlag !== undefined && withFlag.trim().toLowerCase() === 'none') return [];
  if (withFlag !== undefined) {
    const names = withFlag
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    for (const n of names)
      if (!canon.includes(canonicalName(n)))
        throw new UsageError(`--with: no column '${n}' in ${s.file} (columns: ${cols.slice(0, 20).join(', ')}, …)`);
    return names.map((n) => cols[canon.indexOf(canonicalName(n))]);
  }
  const id = s.detection.roles.customer;
  const out: string[] = [];
  for (const [, names] of CONTACTS) {
    const i = names.map((n) => canon.indexOf(canonicalName(n))).find((k) => k >= 0 && k !== id);
    if (i !== undefined) out.push(cols[i]);
  }
  return out;
}

/** Where each customer's latest purchase came from: source number and line, by customer number. */
function latestOrders(log: PurchaseLog, customers: number[]): Map<number, { src: number; line: number }> {
  const at = new Map<number, { src: number; line: number }>();
  for (const c of customers) {
    let best = -1;
    for (const i of log.entriesOf(c)) if (log.kind[i] === 1 && (best < 0 || log.day[i] >= log.day[best])) best = i;
    if (best >= 0) at.set(c, { src: log.src[best], line: log.line[best] });
  }
  return at;
}

/**
 * Records of a delimited text with the line each starts on (RFC 4180 quoting: a quoted field may hold the
 * delimiter, doubled quotes and line ends). Stops after line `last`.
 */
function* records(text: string, delim: string, last: number): Generator<[number, string[]]> {
  let line = 1;
  let start = 1;
  let fields: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delim) {
      fields.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(cell);
      yield [start, fields];
      if (start >= last) return;
      fields = [];
      cell = '';
      line++;
      start = line;
    } else cell += ch;
  }
  if (cell !== '' || fields.length) yield [start, [...fields, cell]];
}

/**
 * The contact details of the customers' latest orders: per customer number, the values of `columns` (empty where
 * the order's source lacks one). Sources that cannot be read again (stdin, a workbook, whitespace-delimited) give
 * none; their names come back in `unread`.
 */
export function readContacts(
  log: PurchaseLog,
  sources: SourceLoad[],
  customers: number[],
  columns: string[],
  cwd: string,
): { values: Map<number, string[]>; unread: string[] } {
  const values = new Map<number, string[]>();
  const unread: string[] = [];
  const at = latestOrders(log, customers);
  const bySrc = new Map<number, Map<number, number[]>>();
  for (const [c, { src, line }] of at) {
    let lines = bySrc.get(src);
    if (!lines) bySrc.set(src, (lines = new Map()));
    lines.set(line, [...(lines.get(line) ?? []), c]);
  }
  for (const [src, lines] of bySrc) {
    const s = sources[src];
    if (s.file === 'stdin' || s.sheet || (s.delimiter.length !== 1 && s.delimiter !== 'tab') || s.delimiter === ' ') {
      unread.push(s.file);
      continue;
    }
    let bytes = fs.readFileSync(resolve(cwd, s.file));
    if (s.gzip) bytes = zlib.gunzipSync(bytes);
    let text = iconv.decode(bytes, s.encoding.name);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const canon = s.detection.columns.map(canonicalName);
    const idx = columns.map((c) => canon.indexOf(canonicalName(c)));
    const last = Math.max(...lines.keys());
    for (const [line, cells] of records(text, s.delimiter === 'tab' ? '\t' : s.delimiter, last)) {
      const cs = lines.get(line);
      if (!cs) continue;
      // Excel's guards around ids and phones (`="…"`, a leading ' or tab) are not part of the value.
      const v = idx.map((k) =>
        k >= 0
          ? (cells[k] ?? '')
              .trim()
              .replace(/^="(.*)"$/, '$1')
              .replace(/^['\t]/, '')
          : '',
      );
      for (const c of cs) values.set(c, v);
    }
  }
  return { values, unread };
}
