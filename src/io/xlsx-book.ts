/**
 * A workbook (a zip held in memory) → the CSV text of its order sheet: the sheet list from xl/workbook.xml and
 * its relationships, the styles' date formats and the shared strings, then each candidate sheet streamed out of
 * the zip through a SheetReader until one has an order header, as decided by the caller (`decide`: the loader's
 * own header test).
 */
import { DataError, InputError, UsageError } from '../errors';
import type { SheetInfo } from './xlsx';
import { SharedStrings, SharedStringsReader, SharedStringsTooLarge, StylesReader } from './xlsx-parts';
import { HEADER_ROWS, HeaderDecision, SheetReader } from './xlsx-sheet';
import { LONG, XmlHandler, XmlScanner, drain } from './xml';
import { ZipEntry, entryChunks, zipEntries } from './zip';

/** What to read: the sheet (`--sheet NAME|N`) and the cap on the shared strings in bytes. */
export interface BookOptions {
  sheet?: string;
  sharedStringsLimit: number;
}

/** The header decision for the first rows of a sheet, given as text. */
export type Decide = (rows: string[][]) => HeaderDecision;

/** A worksheet of the workbook: its name, 1-based position among the workbook's sheets, and its zip entry. */
interface Sheet {
  name: string;
  index: number;
  entry: ZipEntry;
}

/** The parts of a workbook found through its relationships. */
interface Workbook {
  sheets: Sheet[];
  date1904: boolean;
  sharedStrings?: ZipEntry;
  styles?: ZipEntry;
}

/** Read a small part (workbook, relationships, styles, shared strings) with a handler. */
async function readPart(zip: Buffer, entry: ZipEntry, handler: XmlHandler): Promise<void> {
  const x = new XmlScanner();
  for await (const piece of entryChunks(zip, entry)) {
    x.push(piece);
    drain(x, handler);
  }
  x.end();
}

interface Relationship {
  type: string;
  target: string;
}

/** `<Relationship Id Type Target>` of a .rels part, by id (external targets left out). */
async function relationships(zip: Buffer, entry: ZipEntry | undefined): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  if (!entry) return rels;
  await readPart(zip, entry, {
    open(x) {
      if (x.key !== LONG || x.elementName() !== 'Relationship') return;
      const a: Record<string, string> = {};
      while (x.nextAttr()) a[x.attrName()] = x.attrValue();
      if (a.Id && a.Target && a.TargetMode !== 'External') rels.set(a.Id, { type: a.Type ?? '', target: a.Target });
    },
    close() {},
  });
  return rels;
}

/** A relationship target as a part name: relative to the source part's folder, or absolute (`/xl/...`). */
export function partName(target: string, folder: string): string {
  const path = target.replace(/\\/g, '/');
  const out: string[] = [];
  for (const p of (path.startsWith('/') ? path : `${folder}/${path}`).split('/')) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** The workbook's sheet list (names in workbook order, relationship ids) and its date system. */
async function workbookPart(zip: Buffer, entry: ZipEntry) {
  const sheets: { name: string; id: string }[] = [];
  let date1904 = false;
  await readPart(zip, entry, {
    open(x) {
      if (x.key !== LONG) return;
      const element = x.elementName();
      if (element === 'sheet') {
        let name = '';
        let id = '';
        while (x.nextAttr()) {
          const a = x.attrName();
          if (a === 'name') name = x.attrValue();
          else if (a === 'id') id = x.attrValue();
        }
        sheets.push({ name, id });
      } else if (element === 'workbookPr') {
        while (x.nextAttr()) if (x.attrName() === 'date1904') date1904 = /^(1|true)$/.test(x.attrValue());
      }
    },
    close() {},
  });
  return { sheets, date1904 };
}

/** The workbook's structure: the package relationships name the workbook part, whose own name its parts. */
async function workbook(zip: Buffer, entries: ZipEntry[]): Promise<Workbook> {
  // Part names are case-insensitive (Open Packaging Conventions).
  const parts = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const part = (name: string) => parts.get(name.toLowerCase());
  const root = await relationships(zip, part('_rels/.rels'));
  const office = [...root.values()].find((r) => r.type.endsWith('/officeDocument'));
  const bookName = office ? partName(office.target, '') : 'xl/workbook.xml';
  const book = part(bookName);
  if (!book) throw new Error(`no workbook part (${bookName})`);
  const folder = bookName.split('/').slice(0, -1).join('/');
  const file = bookName.split('/').pop();
  const rels = await relationships(zip, part(`${folder}/_rels/${file}.rels`));
  const { sheets, date1904 } = await workbookPart(zip, book);
  const related = (type: string, fallback: string) => {
    const r = [...rels.values()].find((rel) => rel.type.endsWith(type));
    return part(r ? partName(r.target, folder) : fallback) ?? part(fallback);
  };
  const list: Sheet[] = [];
  sheets.forEach((s, i) => {
    const rel = rels.get(s.id);
    // Chart sheets and dialog sheets have no cells; a sheet whose part is missing cannot be read.
    const entry = rel && rel.type.endsWith('/worksheet') && part(partName(rel.target, folder));
    if (entry) list.push({ name: s.name, index: i + 1, entry });
  });
  return {
    sheets: list,
    date1904,
    sharedStrings: related('/sharedStrings', `${folder}/sharedStrings.xml`),
    styles: related('/styles', `${folder}/styles.xml`),
  };
}

/** The shared strings part, read whole into compact storage whatever its position in the zip. */
async function sharedStrings(zip: Buffer, entry: ZipEntry | undefined, limit: number): Promise<SharedStrings> {
  const strings = new SharedStrings(limit, entry?.size ?? 0);
  if (entry) await readPart(zip, entry, new SharedStringsReader(strings));
  return strings;
}

/** For each cell format, whether it shows numbers as dates. */
async function dateFormats(zip: Buffer, entry: ZipEntry | undefined): Promise<Uint8Array> {
  if (!entry) return new Uint8Array(0);
  const styles = new StylesReader();
  await readPart(zip, entry, styles);
  return styles.dateFormats();
}

/** One sheet as CSV pieces, handed on as they are made (nothing until its header is found). */
async function* sheetText(zip: Buffer, sheet: Sheet, reader: SheetReader, decide: Decide): AsyncGenerator<Buffer> {
  const x = new XmlScanner();
  for await (const piece of entryChunks(zip, sheet.entry)) {
    x.push(piece);
    while (reader.feed(x)) {
      if (reader.deciding) reader.decided(decide(reader.headTexts()));
      if (reader.gaveUp) return;
      yield* reader.out.take();
    }
    yield* reader.out.take();
  }
  x.end();
  if (reader.undecided) reader.decided(decide(reader.headTexts()));
  if (!reader.gaveUp) yield* reader.out.take(true);
}

const mib = (bytes: number) =>
  bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : `${bytes.toLocaleString('en-US')} bytes`;

/**
 * The chosen sheet of a workbook as CSV text chunks: the one `--sheet` names, or the first whose first rows hold
 * an order header. `info` is filled in as the sheet is read (complete once the generator ends). Every failure is
 * an InputError or a UsageError with one line of text.
 */
export async function* workbookCsv(
  zip: Buffer,
  name: string,
  opts: BookOptions,
  info: SheetInfo,
  decide: Decide,
): AsyncGenerator<Buffer> {
  try {
    const book = await workbook(zip, zipEntries(zip));
    const list = book.sheets.map((s) => `${s.index} ${s.name}`).join(', ') || 'none';
    const chosen = (s: Sheet) => opts.sheet === undefined || opts.sheet === s.name || opts.sheet === String(s.index);
    if (opts.sheet !== undefined && !book.sheets.some(chosen))
      throw new UsageError(`--sheet: no sheet '${opts.sheet}' in ${name} (sheets: ${list})`);
    const formats = await dateFormats(zip, book.styles);
    const strings = await sharedStrings(zip, book.sharedStrings, opts.sharedStringsLimit);
    const seen: string[] = [];
    let rows = 0;
    for (const sheet of book.sheets) {
      seen.push(sheet.name);
      if (!chosen(sheet)) continue;
      const skipped = seen.slice(0, -1);
      Object.assign(info, { name: sheet.name, index: sheet.index, skipped, rows: 0, cols: 0, lostIds: 0 });
      info.firstLostId = undefined;
      const reader = new SheetReader(name, opts.sheet !== undefined, info, strings, formats, book.date1904);
      yield* sheetText(zip, sheet, reader, decide);
      if (reader.found) return;
      rows += reader.rowsMet;
    }
    if (rows === 0) throw new InputError(`${name}: the workbook's sheets are empty (sheets: ${list})`);
    // Like a CSV without the columns: the file is readable, its data is not what rfm needs (exit 4).
    throw new DataError(
      `${name}: no sheet has a header with customer, date and amount columns in its first ${HEADER_ROWS} rows (sheets: ${list}; --sheet picks one, the column flags name its columns)`,
    );
  } catch (e) {
    throw readerError(e, name);
  }
}

/**
 * A failure while reading a workbook as the one error the user sees: input and usage errors as they are, the
 * shared strings' limit named, anything else (a broken zip or XML part, even a failed header test) as "cannot be
 * read as one", with its message.
 */
export function readerError(e: unknown, name: string): InputError | UsageError | DataError {
  if (e instanceof InputError || e instanceof UsageError || e instanceof DataError) return e;
  if (e instanceof SharedStringsTooLarge)
    return new InputError(`${name}: the workbook's shared strings exceed ${mib(e.limit)} (export the sheet as CSV)`);
  return new InputError(
    `${name}: starts like an .xlsx workbook (zip) but cannot be read as one (${(e as Error).message})`,
  );
}
