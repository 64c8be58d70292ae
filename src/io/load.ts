/**
 * load(): the one function commands call. Reads every input once, streaming: per file, detect encoding and
 * delimiter from the first chunk, read the header and a sample, detect the layout, then scan every row into
 * order lines (one per run of adjacent rows of an order). The purchase rules (src/model/purchases.ts) then
 * turn the lines of all files into the purchase log. Memory: the lines (≈ 60 bytes per order) and the ids.
 */
import * as iconv from 'iconv-lite';
import * as fs from 'fs';
import { join, resolve } from 'path';
import type { Readable } from 'stream';
import { DataError, InputError, RfmError, UsageError } from '../errors';
import { CustomerIds } from '../model/ids';
import { OrderLines, UNREADABLE, sharedLines } from '../model/lines';
import type { PurchaseLog } from '../model/log';
import { OrderStats, SourceRules, purchaseLog } from '../model/purchases';
import { DateOrder } from './cells';
import { Detection, DetectOptions, NUMBER_ROLES, detect } from './detect';
import { EncodingDecision, decoderFor, detectEncoding } from './encoding';
import { BadCell } from './messages';
import { AssemblerConfig, OrderAssembler, ReadStats, SLOT, SLOTS, mergeStats, mostlyUnreadable } from './normalize';

export { badCellText } from './messages';
import { PRESETS, normalizeHeader } from './presets';
import { shopCurrency } from './currency';
import { MalformedRow, RowScanner, WHITESPACE, unescapeQuotes } from './scan';
import { CHUNK, Source, openSource } from './source';
import { Split, SplitJob, workerScript } from './split';
import type { SheetInfo } from './xlsx';
import { computingAhead, yieldToEvents } from './write';
import { Zone, makeZone } from './zone';

export interface LoadOptions extends DetectOptions {
  /** Files, folders (every export in them) and `-` (stdin, once). */
  inputs: string[];
  encoding?: string;
  delimiter?: string;
  strict?: boolean;
  /** `--cod-paid`: fulfilled cash-on-delivery orders still marked unpaid count as purchases. */
  codPaid?: boolean;
  /** Folder relative paths are taken from (default: the process's). */
  cwd?: string;
  /** `--sheet NAME|N` of an .xlsx workbook. */
  sheet?: string;
  /** The as-of day in the shop zone (`--as-of`): later orders are not read as purchases. */
  asOf?: (zone: Zone) => number;
  /** Called now and then with the bytes of the input read so far and its size (when a file). */
  onProgress?: (bytes: number, size?: number) => void;
  /** Threads to read a large plain file with: 1 or 2 (default 2; `RFM_THREADS`). */
  threads?: number;
  /** Bytes of data from which a file is read by two threads (default 32 MB; `RFM_SPLIT_MIN`). */
  splitMin?: number;
  /** Notes on how the input was read (`RFM_DEBUG=1`: to stderr). */
  debug?: (message: string) => void;
  /** `--currency CODE` (upper case): only orders in it are read as purchases; also the currency shown. */
  currency?: string;
  /** Read an export mixing currencies without stopping (rfm inspect shows them); no currency is then shown. */
  mixedCurrencies?: boolean;
}

/** What was read from one input (a file, stdin, or a workbook's sheet). */
export interface SourceLoad {
  file: string;
  size?: number;
  bytes: number;
  gzip: boolean;
  /** The sheet read, for an .xlsx workbook. */
  sheet?: SheetInfo;
  encoding: EncodingDecision;
  delimiter: string;
  headerLine: number;
  detection: Detection;
  zone: Zone;
  stats: ReadStats;
  /** Further sheets of the same layout read with this one (a workbook's order sheets). */
  moreSheets?: string[];
  /** Order lines read, and the days of the first and last readable one (undefined: none). */
  lines: number;
  firstDay?: number;
  lastDay?: number;
}

/** Counts of reading and of the purchase rules, over every input. */
export type LoadStats = Omit<ReadStats, 'firstBadCells'> & OrderStats & { firstBadCells: BadCell[] };

/** Everything read: the first input's facts (a single export's, as most runs have), every input, the log. */
export interface Loaded extends Omit<SourceLoad, 'file' | 'stats' | 'lines' | 'firstDay' | 'lastDay' | 'moreSheets'> {
  /** The inputs' names, for messages and reports. */
  file: string;
  /** Each input read, in argument order. */
  sources: SourceLoad[];
  /** The as-of day given (undefined: none given). */
  asOfDay?: number;
  stats: LoadStats;
  log: PurchaseLog;
  ids: CustomerIds;
  /** Text of the ids' bytes. */
  decode: (b: Uint8Array) => string;
  /** The shop's currency code (USD, CNY…) when known: the export's one currency, --currency, or the platform's. */
  currency?: string;
}

const SAMPLE_ROWS = 200;
/** The longest row read (bytes): a longer one is an unterminated quote, not data. */
const MAX_ROW = 256 << 20;
const SPLIT_MIN = 32 << 20;
/** How many non-blank rows from the top may be title lines above the header. */
const HEADER_SEARCH = 30;
const MAX_COLS = 4096;
export const QUOTE = 34;
const DELIMS: [string, number][] = [
  [',', 44],
  ['\t', 9],
  [';', 59],
  ['|', 124],
];

/** The files an input names: a folder gives every export in it (by name); `-` is stdin. */
export function expandInputs(inputs: string[], cwd = '.'): string[] {
  const out: string[] = [];
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError("'-' (stdin) can be given once");
  for (const i of inputs) {
    let st: fs.Stats | undefined;
    try {
      st = i === '-' ? undefined : fs.statSync(resolve(cwd, i));
    } catch {
      st = undefined; // reported by openSource
    }
    if (!st?.isDirectory()) {
      out.push(i);
      continue;
    }
    const names = fs
      .readdirSync(resolve(cwd, i))
      .filter((n) => !n.startsWith('.') && EXPORT_NAME.test(n))
      .sort();
    const files = names.filter((n) => fs.statSync(resolve(cwd, i, n)).isFile());
    if (files.length === 0) throw new InputError(`${i}: a folder with no export in it (.csv, .tsv, .txt, .xlsx, .gz)`);
    out.push(...files.map((n) => join(i, n)));
  }
  return out;
}

const EXPORT_NAME = /\.(csv|tsv|txt|xlsx|csv\.gz|tsv\.gz|txt\.gz|gz)$/i;

/** The roles whose presence must agree between inputs read together (they change what an order is). */
const MUST_AGREE = ['order', 'amount', 'quantity'] as const;

/** Read and aggregate every input: order lines from each, then the purchase rules over all of them. */
export async function load(opts: LoadOptions, stdin: Readable): Promise<Loaded> {
  const inputs = expandInputs(opts.inputs, opts.cwd);
  const ids = new CustomerIds();
  const lines = new OrderLines();
  const sources: SourceLoad[] = [];
  const rules: SourceRules[] = [];
  for (const input of inputs) {
    // A workbook's order sheets are all read: after the first, every later sheet with the same header (Online
    // Retail II keeps one year per sheet) — unless --sheet names one, or the workbook comes from stdin.
    let sheetOpts = opts;
    let firstSheet: SourceLoad | null = null;
    for (;;) {
      const at = lines.size;
      let s: SourceLoad;
      // Later sheets are the same data set: their lines share the first sheet's source number, so an invoice
      // whose rows stand in two sheets is one order.
      const src = firstSheet ? sources.indexOf(firstSheet) : sources.length;
      try {
        s = await loadSource(input, sheetOpts, stdin, ids, lines, src);
      } catch (e) {
        if (!firstSheet) throw e;
        lines.truncate(at);
        if (e instanceof UsageError) break; // no such sheet: the workbook's sheets are done
        if (!(e instanceof RfmError) || !/recognised|no data rows|empty/.test(e.message)) throw e;
        sheetOpts = { ...opts, sheet: String(Number(sheetOpts.sheet) + 1) };
        continue;
      }
      if (firstSheet && s.detection.columns.join('\0') !== firstSheet.detection.columns.join('\0')) {
        lines.truncate(at); // another layout: not an order sheet of this export
        sheetOpts = { ...opts, sheet: String(s.sheet!.index + 1) };
        continue;
      }
      if (firstSheet) joinSheet(firstSheet, s, at);
      else {
        await addSource(s, at, sheetOpts);
        firstSheet = sources[sources.length - 1];
      }
      if (!s.sheet || opts.sheet !== undefined || input === '-') break;
      sheetOpts = { ...opts, sheet: String(s.sheet.index + 1) };
    }
  }

  /** A later order sheet of a workbook: its counts and date range join the first sheet's. */
  function joinSheet(first: SourceLoad, s: SourceLoad, at: number): void {
    mergeStats(first.stats, s.stats, 0);
    countLines(first, at);
    (first.moreSheets ??= []).push(s.sheet!.name);
  }

  /** The lines from `at` on belong to `s`: count them and widen its date range by their readable days. */
  function countLines(s: SourceLoad, at: number): void {
    s.lines += lines.size - at;
    for (let i = at; i < lines.size; i++) {
      if (lines.reason[i] !== UNREADABLE.none) continue;
      const d = lines.day[i];
      if (s.firstDay === undefined || d < s.firstDay) s.firstDay = d;
      if (s.lastDay === undefined || d > s.lastDay) s.lastDay = d;
    }
  }

  async function addSource(s: SourceLoad, at: number, sourceOpts: LoadOptions): Promise<void> {
    const input = s.file === 'stdin' ? '-' : s.file;
    s = await readAgain(DAY_FIRST, s, input, at, sourceOpts, stdin, ids, lines, sources.length);
    s = await readAgain(DECIMAL_COMMA, s, input, at, sourceOpts, stdin, ids, lines, sources.length);
    const misread = mostlyUnreadable(s.stats, s.detection.columns, s.detection.roles);
    if (misread) throw new DataError(`${s.file}: ${misread}`);
    const first = sources[0];
    if (first) {
      for (const role of MUST_AGREE) {
        const a = first.detection.roles[role] !== undefined;
        const b = s.detection.roles[role] !== undefined;
        if (a !== b)
          throw new DataError(
            `${s.file}: ${b ? 'has' : 'has no'} ${role} column but ${first.file} ${a ? 'has' : 'has not'}: ` +
              'exports read together must have the same columns (name them with --' +
              role +
              '-col, or read them apart)',
          );
      }
    }
    countLines(s, at);
    sources.push(s);
    const r = s.detection.roles;
    rules.push({
      amountMode: s.detection.amountMode,
      amountIsNet: s.detection.amountIsNet,
      paidColumn: r.paid !== undefined && r.date !== undefined && r.paid !== r.date,
      codPaid: opts.codPaid,
    });
  }
  // Reading is done; what follows (the purchase log, then profiles and scores) runs without a turn of the event
  // loop for seconds on millions of customers: a signal now ends the run at once.
  computingAhead();
  checkIds(ids, lines, sources);
  if (opts.sheet !== undefined && !sources.some((s) => s.sheet))
    throw new UsageError(`--sheet: no input is an .xlsx workbook (read: ${sources.map((s) => s.file).join(', ')})`);
  const main = sources[0];
  const asOfDay = opts.asOf?.(main.zone);
  // The order lines are done with once the log is made: it is written over their columns.
  const { log, stats: orders } = purchaseLog(lines.part(), rules, ids.size, asOfDay, true);
  const stats: LoadStats = {
    ...orders,
    rows: 0,
    readable: [],
    unreadable: [],
    firstUnreadable: [],
    badCells: 0,
    firstBadCells: [],
    statuses: new Map(),
    currencies: new Map(),
  };
  for (const s of sources) {
    stats.rows += s.stats.rows;
    for (const [code, n] of s.stats.currencies) stats.currencies.set(code, (stats.currencies.get(code) ?? 0) + n);
    stats.badCells += s.stats.badCells;
    for (const b of s.stats.firstBadCells)
      if (stats.firstBadCells.length < 5) stats.firstBadCells.push({ ...b, file: s.file });
    for (const [text, e] of s.stats.statuses) {
      const mine = stats.statuses.get(text);
      if (mine) {
        mine.count += e.count;
        mine.orders += e.orders;
        mine.amount += e.amount;
      } else stats.statuses.set(text, { ...e });
    }
  }
  const { size, bytes, gzip, sheet, encoding, delimiter, headerLine, detection, zone } = main;
  const file = sources.map((s) => s.file).join(', ');
  const platform = PRESETS.find((p) => p.id === detection.platform.id)?.currency;
  const currency =
    opts.mixedCurrencies && !opts.currency && stats.currencies.size > 1
      ? undefined
      : shopCurrency(stats.currencies, opts.currency, platform, file);
  return {
    currency,
    file,
    sources,
    ...{ size, bytes, gzip, sheet, encoding, delimiter, headerLine, detection, zone },
    asOfDay,
    stats,
    log,
    ids,
    decode: decoderFor('utf8'),
  };
}

/**
 * Customer ids must be clean text: bytes that are not UTF-8 (an export whose encoding changes after the part
 * the detection saw) or a NUL would print two customers with one id, or write the NUL into outputs.
 */
function checkIds(ids: CustomerIds, lines: OrderLines, sources: SourceLoad[]): void {
  const bad = ids.firstUnclean();
  if (!bad) return;
  let i = 0;
  while (i < lines.size && lines.cust[i] !== bad.c) i++;
  const where = i < lines.size ? `${sources[lines.src[i]].file}:${lines.line[i]}` : sources[0].file;
  const shown = JSON.stringify(Buffer.from(ids.bytes(bad.c)).toString('latin1')).slice(1, -1);
  throw new InputError(
    bad.why === 'NUL'
      ? `${where}: a NUL byte in customer id '${shown}': a binary or UTF-16 file? (--encoding utf16le, or re-export as CSV)`
      : `${where}: customer id '${shown}' is not UTF-8 text: the file's encoding changes after its start — ` +
          'name it with --encoding (windows-1252, gb18030, …)',
  );
}

/** The OLE2 compound-file signature of a legacy .xls workbook (D0 CF 11 E0 A1 B1 1A E1). */
function isOle2(b: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return b.length >= 8 && sig.every((x, i) => b[i] === x);
}

/** Lines from `at` on left out for `reason`. */
function linesWith(lines: OrderLines, at: number, reason: number): number {
  let n = 0;
  for (let i = at; i < lines.size; i++) if (lines.reason[i] === reason) n++;
  return n;
}

/** The ways a file's first rows can leave a reading undecided, each with the lines it spoils and the retry. */
interface Retry {
  /** Whether this source's reading was a guess the rest of the file may contradict. */
  undecided(d: Detection, opts: LoadOptions): boolean;
  /** The reason of the lines a wrong guess leaves out. */
  reason: number;
  /** The options of the second reading. */
  again(opts: LoadOptions): LoadOptions;
  /** What the detection says when the second reading is kept. */
  note?(d: Detection, bad: number): void;
}

/**
 * The date order is guessed from the first rows; when they could not tell (every day ≤ 12) and later dates are
 * unreadable month-first, the file is read again day-first.
 */
const DAY_FIRST: Retry = {
  undecided: (d, opts) => !opts.dateFormat && d.dateOrderSource.startsWith('ambiguous') && d.dateOrder === 'mdy',
  reason: UNREADABLE.badDate,
  again: (opts) => ({ ...opts, dateFormat: 'dmy' }),
  note: (d, bad) => (d.dateOrderSource = `day first: ${bad} dates unreadable month first after the first rows`),
};

/**
 * The decimal mark of a number column is decided from the first rows; when none of them showed one (`1500`,
 * `22,368`) and later amounts are unreadable with a decimal point, the file is read again with a decimal comma
 * in those columns.
 */
const DECIMAL_COMMA: Retry = {
  undecided: (d, opts) => !opts.decimal && NUMBER_ROLES.some((r) => d.decimals[r]?.source.startsWith('default')),
  reason: UNREADABLE.badAmount,
  again: (opts) => ({ ...opts, decimalDefault: ',' }),
};

/**
 * Read a file again under `retry` when its first reading was a guess and left lines out for the retry's
 * reason; keep the reading with fewer such lines. A stream cannot be read again: its bad cells are reported.
 */
async function readAgain(
  retry: Retry,
  s: SourceLoad,
  input: string,
  at: number,
  opts: LoadOptions,
  stdin: Readable,
  ids: CustomerIds,
  lines: OrderLines,
  src: number,
): Promise<SourceLoad> {
  if (!retry.undecided(s.detection, opts)) return s;
  const bad = linesWith(lines, at, retry.reason);
  if (bad === 0 || input === '-' || !fs.statSync(resolve(opts.cwd ?? '.', input)).isFile()) return s;
  const kept = lines.slice(at);
  lines.truncate(at);
  const again = await loadSource(input, retry.again(opts), stdin, ids, lines, src);
  if (linesWith(lines, at, retry.reason) < bad) {
    retry.note?.(again.detection, bad);
    return again;
  }
  lines.truncate(at);
  lines.append(kept, null, src, 0);
  return s;
}

/** Per slot: whether the column's numbers have a decimal comma. */
function commaSlots(d: Detection): boolean[] {
  const comma = new Array<boolean>(SLOTS).fill(false);
  for (const role of NUMBER_ROLES) if (d.decimals[role]?.mark === ',') comma[SLOT[role]] = true;
  return comma;
}

/** Read one input's rows into `lines` (as source `src`), its customer ids into `ids`. */
async function loadSource(
  input: string,
  opts: LoadOptions,
  stdin: Readable,
  ids: CustomerIds,
  lines: OrderLines,
  src: number,
): Promise<SourceLoad> {
  const src_ = await openSource(
    input,
    stdin,
    {
      sheet: opts.sheet,
      detect: opts,
      isHeader: (cells) => namesPurchaseColumns(cells, opts),
    },
    opts.cwd,
  );
  // A large plain file is read by two threads: the worker starts now, so its code loads while the header
  // and columns are worked out here; it is told its part once they are known (or stopped unused).
  const minSplit = opts.splitMin ?? SPLIT_MIN;
  const script =
    (opts.threads ?? 2) > 1 && src_.readInto && src_.size !== undefined && src_.size >= minSplit
      ? workerScript()
      : null;
  const split = script ? new Split(script) : null;
  try {
    return await read(src_, opts, split, minSplit, ids, lines, src, input);
  } finally {
    await split?.stop();
  }
}

async function read(
  src: Source,
  opts: LoadOptions,
  split: Split | null,
  minSplit: number,
  globalIds: CustomerIds,
  lines: OrderLines,
  srcNo: number,
  input: string,
): Promise<SourceLoad> {
  const reader = new ChunkReader(src);
  await reader.fill(1 << 16);
  if (reader.buf.length === 0) throw new InputError(`${src.name}: empty file`);
  if (isOle2(reader.buf))
    throw new InputError(
      `${src.name}: a legacy Excel 97–2003 workbook (.xls), which rfm does not read: ` +
        'open it and save it as .xlsx or CSV (UTF-8), then run rfm on that file',
    );
  const encoding = detectEncoding(reader.buf.subarray(0, 1 << 16), opts.encoding);
  let transcoded = !encoding.byteSafe;
  if (transcoded) {
    reader.transcode(encoding.name);
    await reader.fill(1 << 16);
  } else {
    if (reader.buf.subarray(0, 1 << 16).indexOf(0) >= 0) {
      throw new InputError(`${src.name}: looks like a binary file (NUL bytes), not a CSV or text export`);
    }
    reader.pos = encoding.bomLength;
  }
  let decode = decoderFor(transcoded ? 'utf8' : encoding.name);
  const head = decode(reader.buf.subarray(reader.pos, reader.pos + (1 << 16)));
  if (reader.done && /^\s*$/.test(head)) throw new InputError(`${src.name}: empty file`);
  const delim = chooseDelimiter(head, opts.delimiter);
  if (!transcoded && encoding.name !== 'utf8' && delim >= 0x40) {
    // A delimiter such as '|' can be the second byte of a GBK character: scan UTF-8 instead.
    reader.transcode(encoding.name);
    transcoded = true;
    decode = decoderFor('utf8');
    await reader.fill(1 << 16);
  }
  const all = new Int16Array(MAX_COLS).map((_, i) => i);
  const sc = new RowScanner(delim, QUOTE, all, MAX_COLS);
  const rowText = (): string[] => {
    const out: string[] = [];
    for (let i = 0; i < Math.min(sc.fields, MAX_COLS); i++) {
      const s = sc.start[i];
      const b = sc.escaped[i] ? unescapeQuotes(reader.buf, s, sc.end[i], QUOTE) : reader.buf.subarray(s, sc.end[i]);
      out.push(decode(b));
    }
    return out;
  };
  // Header: the first of the first non-blank rows that names the columns a purchase needs (exports put
  // a title line or a shop name above the header); if none does, the first non-blank row (whose missing
  // columns the detection error then names).
  const candidates: { cells: string[]; end: number; line: number }[] = [];
  let widest = 0;
  // A first line longer than what is buffered: buffer more (doubling) rather than take the file for empty.
  for (let want = 1 << 20; ; want *= 2) {
    await reader.fill(want);
    candidates.length = 0;
    sc.setLine(1);
    let incomplete = false;
    for (let p = reader.pos; candidates.length < HEADER_SEARCH && p < reader.buf.length;) {
      const r = scanOrThrow(sc, reader.buf, p, reader.done, src.name);
      incomplete = r < 0;
      if (r < 0 || r === p) break;
      if (!sc.blank) candidates.push({ cells: rowText().map(normalizeHeader), end: r, line: sc.line });
      widest = Math.max(widest, sc.fields);
      p = r;
    }
    if (candidates.length > 0 || !incomplete || reader.done) break;
    if (want > MAX_ROW)
      throw new InputError(
        `${src.name}: no line end in its first ${MAX_ROW >> 20} MB — not a CSV or text export ` +
          '(or an unterminated quoted field)',
      );
  }
  if (candidates.length === 0) throw new InputError(`${src.name}: empty file`);
  if (widest > MAX_COLS) opts.debug?.(`${src.name}: ${widest} columns; only the first ${MAX_COLS} are read`);
  const chosen = candidates.find((c) => namesPurchaseColumns(c.cells, opts)) ?? candidates[0];
  const header = chosen.cells;
  const headerLine = chosen.line;
  reader.pos = chosen.end;
  const lineAfterHeader = headerLine + 1;
  sc.setLine(lineAfterHeader);
  const sample: string[][] = [];
  // A first row longer than what is buffered: buffer more (doubling) rather than take the file for empty.
  let sampleBytes = 0;
  for (let want = 1 << 20; ; want *= 2) {
    sample.length = 0;
    sc.setLine(lineAfterHeader);
    let incomplete = false;
    for (let p = reader.pos; sample.length < SAMPLE_ROWS;) {
      const r = scanOrThrow(sc, reader.buf, p, reader.done, src.name);
      incomplete = r < 0;
      if (r < 0 || r === p) break;
      if (!sc.blank) sample.push(rowText());
      p = r;
      sampleBytes = p - reader.pos;
      if (p >= reader.buf.length) break;
    }
    if (sample.length > 0 || !incomplete || reader.done) break;
    if (want > MAX_ROW)
      throw new InputError(
        `${src.name}:${lineAfterHeader}: a row longer than ${MAX_ROW >> 20} MB — an unterminated quoted field? ` +
          '(check its quotes, or name the delimiter with --delimiter)',
      );
    await reader.fill(want * 2);
  }
  if (sample.length === 0) throw new InputError(`${src.name}: has a header line but no data rows`);
  // Where the data starts: in the buffer (sampling may have buffered more, moving it) and in the file.
  const dataStart = reader.pos;
  const dataOffset = reader.offsetAt(dataStart);
  // Room for the lines this file will add, estimated from the sample's bytes per row: one allocation instead of
  // a dozen doublings (each a copy of every column).
  const estimate =
    src.size !== undefined && !src.gzip && !src.sheet && sampleBytes > 0
      ? Math.ceil(((src.size - dataOffset) / sampleBytes) * sample.length * 1.02)
      : 0;
  let detection: Detection;
  try {
    detection = detect(header, sample, opts);
  } catch (e) {
    // Columns past MAX_COLS are not read: say so when a role was not found among the first ones.
    if (e instanceof DataError)
      throw new DataError(
        `${src.name}: ${e.message}` +
          (widest > MAX_COLS ? `; only the first ${MAX_COLS} of its ${widest} columns are read` : ''),
      );
    throw e;
  }
  const zone = makeZone(detection.tz);
  zone.ownOffsets = !detection.tzFromFlag;
  // Ids go straight into the shared dictionary when their bytes are UTF-8; an export in another encoding
  // gets its own, re-encoded as UTF-8 when joined (so one customer is one id whatever the file's encoding).
  const utf8 = transcoded || encoding.name === 'utf8' || encoding.name === 'ascii';
  const ids = utf8 ? globalIds : new CustomerIds();
  const cfg: AssemblerConfig = {
    file: src.name,
    columns: header,
    roles: detection.roles,
    amountMode: detection.amountMode,
    amountIsNet: detection.amountIsNet,
    dateOrder: detection.dateOrder as DateOrder,
    zone,
    strict: Boolean(opts.strict),
    quote: QUOTE,
    decode,
    src: srcNo,
    statuses: opts.statuses,
    comma: commaSlots(detection),
    currency: opts.currency,
  };
  const asm = new OrderAssembler(cfg, lines, ids);
  const scanner = new RowScanner(delim, QUOTE, OrderAssembler.slotMap(detection.roles, header.length), SLOTS);
  scanner.setLine(lineAfterHeader);
  reader.pos = dataStart;
  const onRow = (buf: Buffer) => asm.row(buf, scanner);
  const splitting = split !== null && !transcoded && src.size! - dataOffset >= minSplit;
  let into: SplitJob['into'];
  if (splitting) {
    // The worker starts at the middle of the data. Both threads write into one set of shared columns: this one
    // from the start, the worker after room for this half's estimated lines; see joinWorker.
    if (estimate > 0) {
      const room = Math.ceil((estimate / 2) * 1.1) + 4096;
      const at = lines.size + room;
      into = { lines: sharedLines(at + room), at };
      lines.useShared(into.lines, at);
    }
    split.begin({
      path: resolve(opts.cwd ?? '.', input),
      name: src.name,
      start: dataOffset + Math.floor((src.size! - dataOffset) / 2),
      delimiter: delim,
      quote: QUOTE,
      encoding: encoding.name,
      tz: detection.tz,
      ownOffsets: !detection.tzFromFlag,
      cfg: { ...cfg, decode: undefined, zone: undefined } as SplitJob['cfg'],
      into,
    });
  } else if (estimate > 0) lines.reserve(lines.size + estimate);
  const progress =
    opts.onProgress &&
    (() => opts.onProgress!((src.rawBytes ? src.rawBytes() : reader.total) + (split?.bytes ?? 0), src.size));
  let whole = false;
  if (splitting) {
    // Once the main thread's part is read, the bar goes on with the worker's reports.
    split.onProgress = progress;
    const joined = await joinWorker(split, reader, scanner, asm, src.name, onRow, progress, into);
    whole = typeof joined !== 'string';
    opts.debug?.(
      typeof joined === 'string'
        ? `second part read by the main thread: ${joined}`
        : `read in two parts: the second from byte ${joined.at} (line ${joined.line}) by a worker thread, its lines ${joined.how}`,
    );
  }
  if (!whole) await reader.each(scanner, src.name, onRow, progress);
  asm.flush();
  if (ids !== globalIds) {
    const map = globalIds.absorb(ids.part(), (b) => Buffer.from(decode(b), 'utf8'));
    const cust = lines.cust;
    for (let i = lines.size - 1; i >= 0 && lines.src[i] === srcNo; i--) if (cust[i] >= 0) cust[i] = map[cust[i]];
  }
  return {
    file: src.name,
    size: src.size,
    bytes: whole ? src.size! : reader.total,
    gzip: src.gzip,
    sheet: src.sheet,
    encoding,
    delimiter: delimName(delim),
    headerLine,
    detection,
    zone,
    stats: asm.stats,
    lines: 0,
  };
}

/**
 * Read up to the worker's first row, check that a row starts there here, then append the worker's order lines
 * and counts (its ids numbered in the dictionary of this part). Where the worker's part began when done; else
 * why not (the caller then reads on).
 */
async function joinWorker(
  split: Split,
  reader: ChunkReader,
  scanner: RowScanner,
  asm: OrderAssembler,
  name: string,
  onRow: (buf: Buffer) => void,
  progress?: () => void,
  into?: SplitJob['into'],
): Promise<string | { at: number; line: number; how: string }> {
  await reader.each(scanner, name, onRow, progress, split.start);
  const b = await split.boundary;
  if (!b) return `the worker stopped (${split.failure})`;
  if (reader.offsetAt(reader.pos) > b.at) return 'its first row does not start a row here';
  await reader.each(scanner, name, onRow, progress, b.at);
  if (reader.offsetAt(reader.pos) !== b.at) return 'its first row does not start a row here';
  const lineOffset = scanner.lineOfNext - 1;
  asm.flush();
  const r = await split.result;
  if (!r) return `the worker stopped (${split.failure})`;
  const map = asm.ids.absorb(r.ids);
  // Lines the worker wrote into the shared columns move down to follow these; else they are copied.
  let how = 'copied';
  if (!('shared' in r.lines)) asm.lines.append(r.lines, map, asm.src, lineOffset);
  else if (asm.lines.joinShared(into!.lines, into!.at, r.lines.size, r.lines.regions, map, asm.src, lineOffset))
    how = 'moved in place';
  mergeStats(asm.stats, r.stats, lineOffset);
  return { at: b.at, line: lineOffset + 1, how };
}

/** Whether a row, taken as the header, gives the columns a purchase needs (customer, date, amount). */
export function namesPurchaseColumns(cells: string[], opts: DetectOptions): boolean {
  if (cells.filter((c) => c !== '').length < 3) return false;
  try {
    detect(cells, [], opts);
    return true;
  } catch {
    return false;
  }
}

function delimName(d: number): string {
  if (d === WHITESPACE) return 'whitespace';
  if (d === 9) return 'tab';
  return String.fromCharCode(d);
}

/** `--delimiter`, or the candidate that splits the first lines into the same number (>1) of fields. */
export function chooseDelimiter(text: string, forced?: string): number {
  if (forced !== undefined) {
    if (forced === '\\t' || forced === 'tab' || forced === '\t') return 9;
    if (forced === 'whitespace' || forced === 'space' || forced === ' ') return WHITESPACE;
    if (forced.length !== 1 || forced.charCodeAt(0) > 127) {
      throw new UsageError(`--delimiter: expected one ASCII character, 'tab' or 'whitespace', got '${forced}'`);
    }
    return forced.charCodeAt(0);
  }
  const lines = records(text, 31).filter((l) => l.trim() !== '');
  // The sample may end inside a record: leave the last one out unless the text ends a line.
  if (lines.length > 1 && !/[\r\n]$/.test(text)) lines.pop();
  lines.length = Math.min(lines.length, 30);
  let best = -1;
  let bestScore = 0;
  for (const [ch, code] of DELIMS) {
    const counts = lines.map((l) => countOutsideQuotes(l, ch));
    const mode = mostCommonNonZero(counts); // not the first line's: a title line may sit above the header
    if (mode === 0) continue;
    const same = counts.filter((c) => c === mode).length;
    const score = (same / counts.length) * 1000 + mode;
    if (same / counts.length >= 0.6 && score > bestScore) {
      best = code;
      bestScore = score;
    }
  }
  if (best >= 0) return best;
  if (lines.length > 0 && lines.every((l) => /\S\s+\S/.test(l.trim()))) return WHITESPACE;
  return 44;
}

/**
 * The first `max` records of CSV text: split at line ends outside double quotes, so a quoted cell holding line
 * ends (Shopify's notes) stays in its record and the delimiter is counted per record, not per physical line.
 */
export function records(text: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  let inQ = false;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQ = !inQ;
    else if (!inQ && (c === 10 || c === 13)) {
      out.push(text.slice(start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (out.length < max && start < text.length) out.push(text.slice(start));
  return out;
}

function mostCommonNonZero(counts: number[]): number {
  const freq = new Map<number, number>();
  let best = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const f = (freq.get(c) ?? 0) + 1;
    freq.set(c, f);
    if (f > (freq.get(best) ?? 0)) best = c;
  }
  return best;
}

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let inQ = false;
  for (const c of line) {
    if (c === '"') inQ = !inQ;
    else if (c === ch && !inQ) n++;
  }
  return n;
}

/** Holds the current chunk window and feeds rows to a scanner, carrying partial rows across chunks. */
export class ChunkReader {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  done = false;
  total = 0;
  private chunks: AsyncIterator<Buffer>;
  /** Direct reads into `own` (a plain file, not transcoded), used by `each`. */
  private readInto: Source['readInto'];
  private own: Buffer | null = null;

  /** @param origin the file offset the source starts at (a part read by a worker) */
  constructor(
    private readonly src: Source,
    private readonly origin = 0,
  ) {
    this.chunks = src.chunks;
    this.readInto = src.readInto;
  }

  /** The file offset of `buf[pos]` (plain files: bytes as read, not transcoded). */
  offsetAt(pos: number): number {
    return this.origin + this.total - this.buf.length + pos;
  }

  /**
   * The main loop's refill for a plain file: move the partial row to the start of one reused buffer and
   * read after it (no per-chunk allocation, no concatenation). Rows are consumed before the next refill,
   * and nothing downstream keeps references into the buffer.
   */
  private refill(): void {
    const rest = this.buf.length - this.pos;
    let target = this.own;
    if (!target || rest > target.length >> 1) {
      target = Buffer.allocUnsafe(Math.max(4 * CHUNK, rest * 2));
      this.buf.copy(target, 0, this.pos);
      this.own = target;
    } else if (rest > 0) this.buf.copy(target, 0, this.pos);
    const n = this.readInto!(target, rest, target.length - rest);
    if (n === 0) this.done = true;
    this.total += n;
    this.buf = target.subarray(0, rest + n);
    this.pos = 0;
  }

  /** Read chunks until at least `n` bytes are buffered (or the input ends). */
  async fill(n: number): Promise<void> {
    while (!this.done && this.buf.length - this.pos < n) await this.more();
  }

  /**
   * Read chunks until at least `min` more bytes are buffered (or the input ends): a caller whose row is still
   * incomplete asks for as much again as it holds, so a long row is rescanned a logarithmic number of times.
   */
  private async more(min = 1): Promise<boolean> {
    let got = 0;
    while (got < Math.max(1, min)) {
      const before = this.total;
      if (!(await this.moreOne())) return got > 0;
      got += this.total - before;
    }
    return true;
  }

  private async moreOne(): Promise<boolean> {
    const r = await this.chunks.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    const chunk = r.value;
    this.total += chunk.length;
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.buf = chunk;
      this.pos = 0;
      return true;
    }
    // A row continues into this chunk: append it after the rest in a store that doubles when full, so a row
    // of many chunks is copied a logarithmic number of times, not once per chunk.
    const s = this.store;
    const end = s && this.buf.buffer === s.buffer ? this.buf.byteOffset - s.byteOffset + this.buf.length : -1;
    if (s && end >= 0 && end + chunk.length <= s.length) {
      chunk.copy(s, end);
      this.buf = s.subarray(end - rest, end + chunk.length);
    } else {
      const grown = Buffer.allocUnsafe(Math.max(2 * (rest + chunk.length), 1 << 20));
      this.buf.copy(grown, 0, this.pos);
      chunk.copy(grown, rest);
      this.store = grown;
      this.buf = grown.subarray(0, rest + chunk.length);
    }
    this.pos = 0;
    return true;
  }

  /** The bytes of the incomplete row at `pos`, refused past MAX_ROW (an unterminated quote reads to the end). */
  private growRow(sc: RowScanner, name: string): number {
    const rest = this.buf.length - this.pos;
    if (rest > MAX_ROW)
      throw new InputError(
        `${name}:${sc.lineOfNext}: a row longer than ${MAX_ROW >> 20} MB — an unterminated quoted field? ` +
          '(check its quotes, or name the delimiter with --delimiter)',
      );
    return rest;
  }

  /** Backing storage of rows that span chunks (see more()). */
  private store: Buffer | null = null;

  /** Re-encode everything from here on as UTF-8 (UTF-16 input, or a delimiter that clashes with GBK bytes). */
  transcode(encoding: string): void {
    const rest = this.buf.subarray(this.pos);
    const inner = this.chunks;
    const dec = iconv.getDecoder(encoding);
    this.readInto = undefined;
    let first: Buffer | null = rest;
    this.chunks = {
      next: async () => {
        if (first) {
          const f = first;
          first = null;
          return { done: false, value: Buffer.from(dec.write(f), 'utf8') };
        }
        const r = await inner.next();
        if (r.done) {
          const tail = dec.end() ?? '';
          if (tail) return { done: false, value: Buffer.from(tail, 'utf8') };
          return { done: true, value: undefined };
        }
        return { done: false, value: Buffer.from(dec.write(r.value), 'utf8') };
      },
    };
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    this.done = false;
  }

  /** Scan the next row (null at the end of the input). */
  async row(sc: RowScanner, name: string): Promise<number | null> {
    for (;;) {
      if (this.done && this.pos >= this.buf.length) return null;
      const r = scanOrThrow(sc, this.buf, this.pos, this.done, name);
      if (r >= 0) {
        this.pos = r;
        return r;
      }
      const min = this.growRow(sc, name);
      if (this.readInto) this.refill();
      else await this.more(min);
    }
  }

  /**
   * Read on, keeping the bytes from `pos`: a plain file into the one reused buffer (a chunk per read would
   * leave hundreds of megabytes for the collector on a second pass over a large export), else the next chunk.
   */
  async readOn(): Promise<void> {
    if (this.readInto) this.refill();
    else await this.more();
  }

  /**
   * Scan every remaining row, calling `onRow` for each non-blank one; with `stopAt`, stop at the first row
   * that starts at or after that file offset.
   */
  async each(
    sc: RowScanner,
    name: string,
    onRow: (buf: Buffer) => void,
    onProgress?: () => void,
    stopAt = Infinity,
  ): Promise<void> {
    for (;;) {
      const buf = this.buf;
      const end = buf.length;
      let pos = this.pos;
      const done = this.done;
      const limit = stopAt - this.offsetAt(0);
      while (pos < end && pos < limit) {
        const r = scanOrThrow(sc, buf, pos, done, name);
        if (r < 0) break;
        pos = r;
        if (!sc.blank) onRow(buf);
      }
      this.pos = pos;
      if (done || pos >= limit) return;
      if (this.readInto) {
        this.growRow(sc, name);
        this.refill();
        await yieldToEvents(); // a SIGINT/SIGTERM is acted on between chunks, not after the whole read
      } else await this.more(this.growRow(sc, name));
      onProgress?.();
    }
  }
}

function scanOrThrow(sc: RowScanner, buf: Buffer, pos: number, final: boolean, name: string): number {
  try {
    return sc.scanRow(buf, pos, buf.length, final);
  } catch (e) {
    if (e instanceof MalformedRow) {
      throw new InputError(
        `${name}:${e.line}: field ${e.column + 1}: ${e.message}${e.kind === 'unterminated' ? ' (a quote opened here is never closed)' : ''}`,
      );
    }
    throw e;
  }
}
