/**
 * .xlsx input: the workbook (a zip, read whole into memory — it is compressed) gives its sheet list, styles and
 * shared strings, and the chosen sheet's XML is streamed out of the zip as CSV text, one CSV line per sheet row,
 * which then flows through the same scanner, detection and order assembly as a CSV export (xlsx-book.ts). Memory:
 * the compressed workbook, the shared strings (as bytes, capped) and one batch of lines — never an unzipped sheet,
 * and no temp files.
 *
 * Cell values become the text a CSV export would have had: numbers in full digits (an integer above 2^53 in an
 * id column has already lost digits and is counted), dates — Excel serial numbers in a date-formatted cell, or
 * plain serial numbers in the order-date column — as `YYYY-MM-DD HH:mm:ss`, formulas as their cached results,
 * rich text as its plain text.
 */
import type { Readable } from 'stream';
import { DetectOptions, detect } from './detect';
import { normalizeHeader } from './presets';
import { readerError, workbookCsv } from './xlsx-book';
import type { HeaderDecision } from './xlsx-sheet';

export { serialText } from './xlsx-text';

export interface SheetInfo {
  /** The sheet read, its 1-based position in the workbook, and the sheets passed over. */
  name: string;
  index: number;
  skipped: string[];
  /** Last row number and widest row seen. */
  rows: number;
  cols: number;
  /** Integers above 2^53 in the order or customer id column: digits Excel did not keep. */
  lostIds: number;
  firstLostId?: string;
}

export interface XlsxOptions {
  /** `--sheet NAME|N`. */
  sheet?: string;
  detect: DetectOptions;
  /** Whether a row of header cells names the columns a purchase needs (the loader's own test). */
  isHeader: (cells: string[]) => boolean;
  /** Cap on the shared strings in bytes (default SHARED_STRINGS_LIMIT; tests set a small one). */
  sharedStringsLimit?: number;
}

/**
 * The most shared-string text read (UTF-8 bytes, plus 5 bytes of index per string): far beyond a real export
 * (a million distinct 100-character strings is 300 MB), and a bound for a workbook whose few compressed
 * megabytes unzip to gigabytes of strings.
 */
export const SHARED_STRINGS_LIMIT = 512 * 1048576;

/** The zip signature of an .xlsx workbook. */
export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** The header among a sheet's first rows (the first that passes the loader's test), and its date and id columns. */
function decideHeader(rows: string[][], opts: XlsxOptions): HeaderDecision {
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i].map(normalizeHeader);
    if (!opts.isHeader(cells)) continue;
    const roles = detect(cells, [], opts.detect).roles;
    const cols = (...c: (number | undefined)[]) => c.filter((x): x is number => x !== undefined);
    return { header: i, dates: cols(roles.date, roles.paid), ids: cols(roles.order, roles.customer) };
  }
  return { header: -1, dates: [], ids: [] };
}

async function collect(input: Readable | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input;
  const pieces: Buffer[] = [];
  for await (const piece of input) pieces.push(typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer));
  return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
}

/**
 * The chosen sheet of a workbook as CSV text chunks: the one `--sheet` names, or the first whose first rows
 * hold an order header. `info` is filled in as the sheet is read (complete once the generator ends).
 */
export async function* xlsxAsCsv(
  input: Readable | Buffer,
  name: string,
  opts: XlsxOptions,
  info: SheetInfo,
): AsyncGenerator<Buffer> {
  let zip: Buffer;
  try {
    zip = await collect(input);
  } catch (e) {
    throw readerError(e, name);
  }
  const book = { sheet: opts.sheet, sharedStringsLimit: opts.sharedStringsLimit ?? SHARED_STRINGS_LIMIT };
  yield* workbookCsv(zip, name, book, info, (rows) => decideHeader(rows, opts));
}
