/** What every per-customer command does first and last: load the export into profiles, and write the output. */
import type { SingleBar } from 'cli-progress';
import * as v8 from 'v8';
import { Loaded, load } from '../io/load';
import { contactColumns, readContacts } from '../io/contacts';
import { Column, text } from '../report/columns';
import { checkOutputs, writeAll, writeSet } from '../io/write';
import { Holdout, holdoutPath } from '../model/holdout';
import { Profile, ProfileTable, buildTable, profileList } from '../model/profile';
import { PURCHASE, PurchaseLog } from '../model/log';
import type { Lang } from '../model/segments';
import { InputFlags, OutputFlags, envInt, loadOptions, outputsOf, resolveFormat, useColor, wantBom } from '../options';
import { Format, asWorkbook, takeRowsWritten, withScreenWidth } from '../report/render';
import { loadSummary, loadWarnings } from '../report/summary';
import { termSafe } from '../report/safe';
import { latestDayDoubt } from '../model/asof';
import { day, showCurrency } from '../report/format';
import { DataError, UsageError } from '../errors';
import { HEAP_PER_CUSTOMER, HEAP_PER_RECORD, checkHeap } from '../heap';
import { progressLib } from '../lazy';
import { LATEST_PURCHASE, loadWords, warningWords } from '../words';
import { wrapHelp } from '../help';
import { Runtime, screenWidth } from '../runtime';

export interface Customers {
  loaded: Loaded;
  /** The customers' profiles as columns (built on first use: `rfm log` and `rfm cohort` read the log alone). */
  readonly table: ProfileTable;
  /** The same as records, made on first use. */
  readonly profiles: Profile[];
  asOf: number;
  /** Where the as-of day came from, for reports. */
  asOfSource: string;
  /** Label language: --lang, else the platform's. */
  lang: Lang;
}

/** The as-of day and where it came from. */
export function asOfOf(loaded: Loaded, flag: string | undefined): { asOf: number; source: string } {
  if (loaded.asOfDay !== undefined)
    return { asOf: loaded.asOfDay, source: flag === 'today' ? '--as-of today' : '--as-of' };
  return { asOf: loaded.stats.maxDay, source: LATEST_PURCHASE };
}

/** Inputs smaller than this load without a progress bar (`RFM_PROGRESS_MIN` bytes changes it). */
export const PROGRESS_MIN_BYTES = 8 << 20;

/**
 * A progress bar on stderr (a terminal) while a large file is read: started on the first report of a file
 * over PROGRESS_MIN_BYTES, cleared when done.
 */
function progressBar(rt: Runtime) {
  let bar: SingleBar | null = null;
  const min = envInt(rt, 'RFM_PROGRESS_MIN') ?? PROGRESS_MIN_BYTES;
  return {
    update(bytes: number, size?: number) {
      if (!size || size < min) return;
      if (!bar) {
        const { SingleBar, Presets } = progressLib();
        bar = new SingleBar(
          {
            stream: rt.stderr as NodeJS.WritableStream,
            format: 'rfm: reading [{bar}] {percentage}% · {value} of {total} MB',
            barsize: 30,
            clearOnComplete: true,
            hideCursor: false,
            noTTYOutput: true,
            notTTYSchedule: 250,
            fps: 8,
          },
          Presets.shades_classic,
        );
        bar.start(Math.round(size / 1e6), 0);
      }
      bar.update(Math.min(Math.round(bytes / 1e6), Math.round(size / 1e6)));
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Customers with at least one purchase in the log. */
function countBuyers(log: PurchaseLog): number {
  const seen = new Uint8Array(log.customers);
  let n = 0;
  for (let i = 0; i < log.size; i++)
    if (log.kind[i] === PURCHASE && !seen[log.cust[i]]) {
      seen[log.cust[i]] = 1;
      n++;
    }
  return n;
}

/**
 * Load the export, build the profiles, and (unless --quiet) print the load summary on stderr. `heapPerCustomer`:
 * what the command's results take on the heap per customer (checked before they are made).
 */
export async function loadCustomers(
  files: string[],
  flags: InputFlags & OutputFlags & { lang?: string },
  rt: Runtime,
  heapPerCustomer = HEAP_PER_CUSTOMER,
): Promise<Customers> {
  checkOutputs(files, outputsOf(flags), rt.cwd);
  const opts = loadOptions(files, flags, rt);
  const bar = flags.quiet || !rt.stderrIsTTY ? null : progressBar(rt);
  opts.onProgress = bar?.update;
  let loaded: Loaded;
  try {
    loaded = await load(opts, rt.stdin);
  } finally {
    bar?.stop();
  }
  checkHeap(loaded.ids.size, v8.getHeapStatistics(), heapPerCustomer);
  // Screens and workbooks show amounts in the shop's currency from here on.
  showCurrency(loaded.currency);
  const buyers = countBuyers(loaded.log);
  const { asOf, source } = asOfOf(loaded, flags.asOf);
  // On a terminal, fitted to its width; a log keeps each message on one line (to grep).
  const fit = (text: string) =>
    termSafe(rt.stderrIsTTY && text ? wrapHelp(text.replace(/\n$/, ''), screenWidth(rt)) + '\n' : text);
  const lang = (flags.lang as Lang | undefined) ?? loaded.detection.lang;
  if (!flags.quiet) rt.stderr.write(fit(loadSummary(loaded, buyers, lang)));
  const warnings = loadWarnings(loaded, lang);
  if (warnings) rt.stderr.write(fit(warnings));
  if (buyers === 0)
    throw new DataError(
      `${loaded.file}: no purchases${loaded.asOfDay !== undefined ? ` on or before --as-of ${day(loaded.asOfDay)}` : ''}` +
        ' (rfm inspect shows what the rows became)',
    );
  if (loaded.asOfDay === undefined) {
    const doubt = latestDayDoubt(loaded.log, loaded.zone.dayOf(rt.now()));
    if (doubt) rt.stderr.write(`rfm: ${warningWords(lang).asOfDoubt(day(doubt.day), doubt)}\n`);
  }
  let profiles: Profile[] | undefined;
  let table: ProfileTable | undefined;
  const customers: Customers = {
    loaded,
    get table() {
      return (table ??= buildTable(loaded.log, loaded.ids, loaded.decode));
    },
    get profiles() {
      if (!profiles) checkHeap(buyers, v8.getHeapStatistics(), HEAP_PER_RECORD);
      return (profiles ??= profileList(customers.table));
    },
    asOf,
    asOfSource: source,
    lang,
  };
  return customers;
}

/**
 * Write the command's output to -o (atomically) or stdout in the chosen format, with the BOM and colour
 * rules applied in one place.
 */
export async function emit(
  flags: OutputFlags,
  rt: Runtime,
  lang: Lang,
  fn: (format: Format, write: (s: string) => void, color: boolean) => void,
  format: Format = resolveFormat(flags, rt),
): Promise<void> {
  const toFile = Boolean(flags.output && flags.output !== '-');
  takeRowsWritten();
  if (format === 'xlsx') {
    checkWorkbookOut(toFile, rt);
    // The command's row listing (its CSV) is written as a workbook, with the same column spec.
    await writeAll(flags.output, rt, false, (w) => asWorkbook(() => fn('csv', w, false)));
    wrote(flags, rt, lang);
    return;
  }
  const color = useColor(flags, rt, toFile ? false : rt.stdoutIsTTY);
  // Text formats are read on a terminal: data's control characters are shown escaped (CSV/JSON keep them).
  const text = format === 'table' || format === 'md';
  // Text on a terminal is fitted to its width (80 when unknown); a file or a pipe gets every line whole.
  const width = !toFile && rt.stdoutIsTTY ? screenWidth(rt) : Infinity;
  await writeAll(flags.output, rt, wantBom(flags, format, toFile, lang), (w) =>
    withScreenWidth(width, () => fn(format, text ? (s) => w(termSafe(s, color)) : w, color)),
  );
  if (toFile) wrote(flags, rt, lang);
}

/** `rfm: wrote list.csv (120 rows)` on stderr after a file was written (not under -q). */
function wrote(flags: OutputFlags, rt: Runtime, lang: Lang): void {
  const n = takeRowsWritten();
  if (flags.quiet || !flags.output || flags.output === '-') return;
  rt.stderr.write(
    termSafe(`rfm: ${loadWords(lang).wrote(flags.output, n === null ? null : n.toLocaleString('en-US'))}\n`),
  );
}

/** A workbook is bytes: to a file, or to stdout when that is a pipe — never onto a terminal. */
function checkWorkbookOut(toFile: boolean, rt: Runtime): void {
  if (!toFile && rt.stdoutIsTTY)
    throw new UsageError('--format xlsx writes a workbook: give -o FILE.xlsx (or send stdout to a file)');
}

type Section = (format: Format, write: (s: string) => void, color: boolean) => void;

/** `--holdout` needs a file to write beside: stop before reading when -o is missing (or stdout). */
export function checkHoldoutOutput(flags: OutputFlags, what = 'the list'): void {
  if (!flags.output || flags.output === '-')
    throw new UsageError(`--holdout writes ${what} and its control group beside it: give -o FILE (e.g. -o list.csv)`);
}

/**
 * Write the contact list to -o and the held-back customers beside it (`list.csv` → `list.holdout.csv`), in the
 * same format, as one set: both files or (on any failure) neither.
 */
export async function emitHoldout(
  flags: OutputFlags,
  rt: Runtime,
  lang: Lang,
  list: Section,
  held: Section,
  format: Format = resolveFormat(flags, rt),
): Promise<void> {
  checkHoldoutOutput(flags);
  const bom = wantBom(flags, format, true, lang);
  const text = format === 'table' || format === 'md';
  const sink = (fn: Section) => (w: (s: string) => void) =>
    format === 'xlsx'
      ? asWorkbook(() => fn('csv', w, false))
      : fn(format, text ? (s) => w(termSafe(s, false)) : w, false);
  await writeSet(rt, [
    { file: flags.output!, bom, render: sink(list) },
    { file: holdoutPath(flags.output!), bom, render: sink(held) },
  ]);
}

/** The stderr line saying how many were held back, and where they went. */
export function holdoutNote(h: Holdout, split: { contact: unknown[]; holdout: unknown[] }, output: string): string {
  const all = split.contact.length + split.holdout.length;
  const share = all ? `${((100 * split.holdout.length) / all).toFixed(1)}%` : '0%';
  return termSafe(
    `rfm: holdout ${+(h.share * 100).toFixed(4)}% (seed ${h.seed}): ${split.holdout.length.toLocaleString('en-US')} of ` +
      `${all.toLocaleString('en-US')} customers (${share}) held back in ${holdoutPath(output)}; ` +
      `${split.contact.length.toLocaleString('en-US')} to contact in ${output}\n`,
  );
}

/**
 * The contact columns of a list (`--with`, else the export's name, phone, e-mail, address and consent columns) for
 * the listed customers, from their latest orders. Said on stderr when an input could not be read again for them.
 */
export async function listContacts(
  loaded: Loaded,
  customers: number[],
  flags: OutputFlags & { with?: string },
  rt: Runtime,
): Promise<{ columns: <T>(index: (row: T) => number) => Column<T>[] }> {
  const names = contactColumns(loaded.sources[0], flags.with);
  if (names.length === 0 || customers.length === 0) return { columns: () => [] };
  const { values, unread } = await readContacts(loaded.log, loaded.sources, customers, names, rt.cwd);
  if (unread.length && !flags.quiet)
    rt.stderr.write(
      termSafe(
        `rfm: note: contact columns left empty for customers from ${unread.join(', ')} (read once: stdin, a workbook)\n`,
      ),
    );
  return {
    columns: <T>(index: (row: T) => number) =>
      names.map((n, k) => text<T>(n, (r) => values.get(index(r))?.[k] ?? null)),
  };
}
