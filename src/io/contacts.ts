/**
 * Contact columns for lists (`crowd`, `dormant`): the name, phone, e-mail, address and marketing consent of each
 * listed customer's latest order, as the export wrote them. They cost nothing while reading: the purchase log
 * keeps each order's file and line, so only the listed customers' lines are read again, after the list is made.
 */
import { resolve } from 'path';
import { UsageError } from '../errors';
import type { PurchaseLog } from '../model/log';
import { ChunkReader, QUOTE, SourceLoad } from './load';
import { decoderFor } from './encoding';
import { RowScanner, unescapeQuotes } from './scan';
import { openSource } from './source';
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
 * The contact details of the customers' latest orders: per customer number, the values of `columns` (empty where
 * the order's source lacks one). Each source is streamed once: the lines before a listed one are skipped by
 * counting line ends (LF, CRLF or a lone CR, as the row scanner counts them; a quoted cell's line ends count too,
 * so the count is the physical line number the log keeps); a listed line is read by the row scanner, locating only
 * the contact columns. Reading stops after the last listed line. Sources that cannot
 * be read again (stdin, a workbook, whitespace-delimited) give none; their names come back in `unread`.
 */
export async function readContacts(
  log: PurchaseLog,
  sources: SourceLoad[],
  customers: number[],
  columns: string[],
  cwd: string,
): Promise<{ values: Map<number, string[]>; unread: string[] }> {
  const values = new Map<number, string[]>();
  const unread: string[] = [];
  const at = latestOrders(log, customers);
  const bySrc = new Map<number, Map<number, number[]>>();
  for (const [c, { src, line }] of at) {
    let lines = bySrc.get(src);
    if (!lines) bySrc.set(src, (lines = new Map()));
    const cs = lines.get(line);
    if (cs) cs.push(c);
    else lines.set(line, [c]);
  }
  for (const [src, lines] of bySrc) {
    const s = sources[src];
    if (s.file === 'stdin' || s.sheet || (s.delimiter.length !== 1 && s.delimiter !== 'tab') || s.delimiter === ' ') {
      unread.push(s.file);
      continue;
    }
    const canon = s.detection.columns.map(canonicalName);
    const idx = columns.map((c) => canon.indexOf(canonicalName(c)));
    const delim = (s.delimiter === 'tab' ? '\t' : s.delimiter).charCodeAt(0);
    // Read as the load read it: bytes the scanner can work on directly, else re-encoded as UTF-8.
    const transcode = !s.encoding.byteSafe || (s.encoding.name !== 'utf8' && delim >= 0x40);
    const decode = decoderFor(transcode ? 'utf8' : s.encoding.name);
    const reader = new ChunkReader(await openSource(resolve(cwd, s.file), process.stdin, undefined, cwd));
    await reader.fill(1 << 16);
    if (transcode) {
      reader.transcode(s.encoding.name);
      await reader.fill(1 << 16);
    } else reader.pos = s.encoding.bomLength;
    const slotOf = new Int16Array(s.detection.columns.length).fill(-1);
    idx.forEach((k, slot) => k >= 0 && (slotOf[k] = slot));
    const sc = new RowScanner(delim, QUOTE, slotOf, idx.length);
    // The listed lines in file order: the lines between them are skipped by their line ends alone.
    const wanted = Float64Array.from(lines.keys()).sort();
    const cell = (buf: Buffer, slot: number): string => {
      const st = sc.start[slot];
      if (st < 0) return '';
      const b = sc.escaped[slot] ? unescapeQuotes(buf, st, sc.end[slot], QUOTE) : buf.subarray(st, sc.end[slot]);
      // Excel's guards around ids and phones (`="…"`, a leading ' or tab) are not part of the value.
      return decode(b)
        .trim()
        .replace(/^="(.*)"$/, '$1')
        .replace(/^['\t]/, '');
    };
    let line = 1;
    for (const want of wanted) {
      if (!(await skipLines(reader, want - line))) break;
      sc.setLine(want);
      if ((await reader.row(sc, s.file)) === null) break;
      line = sc.lineOfNext;
      if (sc.line !== want || sc.blank) continue;
      const v = idx.map((k, slot) => (k >= 0 ? cell(reader.buf, slot) : ''));
      for (const c of lines.get(want)!) values.set(c, v);
    }
  }
  return { values, unread };
}

/**
 * Move the reader past `n` line ends (LF, CRLF or a lone CR) with native searches; false when the input ends
 * first. A CR at the end of the buffer waits for the next byte (CRLF is one line end).
 */
async function skipLines(reader: ChunkReader, n: number): Promise<boolean> {
  let pos = reader.pos;
  // The next CR at or after pos (Infinity: none in the buffer).
  let cr = -1;
  while (n > 0) {
    const buf = reader.buf;
    if (cr < pos) {
      cr = buf.indexOf(13, pos);
      if (cr < 0) cr = Infinity;
    }
    let lf = buf.indexOf(10, pos);
    if (lf < 0) lf = Infinity;
    if (cr < lf && cr === buf.length - 1 && !reader.done)
      lf = Infinity; // CR at the end: CRLF or lone CR?
    else if (cr < lf) {
      pos = buf[cr + 1] === 10 ? cr + 2 : cr + 1;
      n--;
      continue;
    }
    if (lf !== Infinity) {
      pos = lf + 1;
      n--;
      continue;
    }
    // No line end decided in the buffer: keep the undecided CR (if any), read on.
    reader.pos = cr === buf.length - 1 ? cr : buf.length;
    if (reader.done) return false;
    await reader.readOn();
    pos = reader.pos;
    cr = -1;
    if (reader.done && pos >= reader.buf.length) return false;
  }
  reader.pos = pos;
  return true;
}
