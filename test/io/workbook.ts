/**
 * Workbooks for the reader's tests: written by hand, part by part, so each test shows the XML it is about
 * (namespace prefixes, inline and rich text, the 1904 date system, parts in any order, stored entries), and
 * read back through xlsxAsCsv as CSV text.
 */
import { Readable } from 'stream';
import { SheetInfo, XlsxOptions, xlsxAsCsv } from '../../src/io/xlsx';
import { ZipEntry, entryChunks, zipEntries } from '../../src/io/zip';
import { ZipInput, zip } from './zip-writer';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface BookSpec {
  /** Sheets: name and the rows' XML (inside sheetData), or a whole worksheet part. */
  sheets: { name: string; rows?: string; xml?: string }[];
  /** Shared strings, as plain texts or as the whole part. */
  shared?: string[] | string;
  /** The styles part (default: cell format 1 is a date, 14). */
  styles?: string;
  date1904?: string;
  /** Part names in the order they go into the zip (default: workbook parts first, the sheets last). */
  order?: (names: string[]) => string[];
  method?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/></cellXfs></styleSheet>`;

/** The parts of a workbook. */
export function parts(spec: BookSpec): { name: string; data: string }[] {
  const sheets = spec.sheets.map((s, i) => ({
    name: `xl/worksheets/sheet${i + 1}.xml`,
    data:
      s.xml ??
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL}"><dimension ref="A1"/><sheetData>${s.rows ?? ''}</sheetData></worksheet>`,
  }));
  const shared =
    typeof spec.shared === 'string'
      ? spec.shared
      : `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${spec.shared?.length ?? 0}">${(spec.shared ?? []).map((t) => `<si><t>${esc(t)}</t></si>`).join('')}</sst>`;
  const rels = spec.sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  return [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}">${spec.date1904 ? `<workbookPr date1904="${spec.date1904}"/>` : '<workbookPr/>'}<sheets>${spec.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/><Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    },
    { name: 'xl/styles.xml', data: spec.styles ?? STYLES },
    { name: 'xl/sharedStrings.xml', data: shared },
    ...sheets,
  ];
}

/** A workbook as zip bytes. */
export function book(spec: BookSpec): Buffer {
  const all = parts(spec);
  const order = spec.order ? spec.order(all.map((p) => p.name)) : all.map((p) => p.name);
  const byName = new Map(all.map((p) => [p.name, p.data]));
  return zip(order.map((name): ZipInput => ({ name, data: byName.get(name)!, method: spec.method ?? 8 })));
}

/** The entries of a zip archive with their content. */
export async function unzip(z: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const out: { name: string; data: Buffer }[] = [];
  for (const e of zipEntries(z) as ZipEntry[]) {
    const pieces: Buffer[] = [];
    for await (const p of entryChunks(z, e)) pieces.push(p);
    out.push({ name: e.name, data: Buffer.concat(pieces) });
  }
  return out;
}

export const newInfo = (): SheetInfo => ({ name: '', index: 0, skipped: [], rows: 0, cols: 0, lostIds: 0 });

/**
 * Read a workbook as CSV text (default: sheet 1 whatever its header, no date or id columns). With `onChunk`, each
 * chunk goes to it instead of into the text.
 */
export async function readBook(
  bytes: Buffer,
  opts: Partial<XlsxOptions> = {},
  onChunk?: (b: Buffer) => void,
): Promise<{ text: string; info: SheetInfo }> {
  const info = newInfo();
  const o: XlsxOptions = { sheet: '1', detect: {}, isHeader: () => false, ...opts };
  let text = '';
  for await (const b of xlsxAsCsv(Readable.from([bytes]), 'book.xlsx', o, info)) {
    if (onChunk) onChunk(b);
    else text += b.toString('utf8');
  }
  return { text, info };
}

/** The error a read ends with. */
export async function readError(bytes: Buffer, opts: Partial<XlsxOptions> = {}): Promise<Error> {
  try {
    await readBook(bytes, opts);
  } catch (e) {
    return e as Error;
  }
  throw new Error('read without an error');
}
