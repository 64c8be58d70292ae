/**
 * A workbook out, streamed: one sheet of typed columns written as XML in pieces, each piece deflated as it is
 * made (raw deflate blocks ended with a sync flush join into one valid stream) into a zip whose entries carry
 * their CRC and sizes in data descriptors. Nothing holds the rows as cells: memory stays at one piece.
 * Text cells are inline strings (never a formula, whatever they start with), so ids keep leading zeros, 18
 * digits, `1E5` and `2024-01-02` as written; numbers are numbers (two decimals shown where the value has them),
 * `YYYY-MM-DD` dates are dates. The header row is frozen and filtered; column widths follow the first rows.
 */
import * as zlib from 'zlib';

/** How a column's cells go into the sheet. */
export type CellKind = 'text' | 'number' | 'plain';

export interface SheetColumn<T> {
  name: string;
  kind: CellKind;
  get: (row: T) => string | number | null;
}

type Sink = (b: Uint8Array) => void;

const PIECE = 1 << 20;

/** One zip entry being written: deflated in pieces, its CRC and sizes kept for the descriptor. */
class Entry {
  crc = 0;
  size = 0;
  packed = 0;
  private text = '';
  constructor(
    readonly name: string,
    readonly offset: number,
    private readonly out: (b: Uint8Array) => void,
  ) {}

  add(s: string): void {
    this.text += s;
    if (this.text.length >= PIECE) this.deflate(false);
  }

  end(): void {
    this.deflate(true);
  }

  private deflate(last: boolean): void {
    const raw = Buffer.from(this.text, 'utf8');
    this.text = '';
    this.crc = zlib.crc32(raw, this.crc);
    this.size += raw.length;
    const packed = zlib.deflateRawSync(raw, {
      level: 1,
      finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    });
    this.packed += packed.length;
    this.out(packed);
  }
}

/** A minimal zip writer over a byte sink: deflated entries with data descriptors, then the central directory. */
class ZipOut {
  private at = 0;
  private readonly done: Entry[] = [];
  constructor(private readonly sink: Sink) {}

  private put(b: Uint8Array): void {
    this.sink(b);
    this.at += b.length;
  }

  entry(name: string, write: (add: (s: string) => void) => void): void {
    const nameBytes = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed
    h.writeUInt16LE(0x0808, 6); // data descriptor follows; names in UTF-8
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(0, 10);
    h.writeUInt16LE(0x21, 12); // 1980-01-01: a fixed time, so a run's files are identical
    h.writeUInt16LE(nameBytes.length, 26);
    const e = new Entry(name, this.at, (b) => this.put(b));
    this.put(h);
    this.put(nameBytes);
    write((s) => e.add(s));
    e.end();
    if (e.size > 0xffffffff || this.at > 0xffffffff) throw new RangeError('workbook larger than 4 GB');
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(e.crc >>> 0, 4);
    d.writeUInt32LE(e.packed, 8);
    d.writeUInt32LE(e.size, 12);
    this.put(d);
    this.done.push(e);
  }

  end(): void {
    const start = this.at;
    for (const e of this.done) {
      const nameBytes = Buffer.from(e.name, 'utf8');
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0808, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(0, 12);
      c.writeUInt16LE(0x21, 14);
      c.writeUInt32LE(e.crc >>> 0, 16);
      c.writeUInt32LE(e.packed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(nameBytes.length, 28);
      c.writeUInt32LE(e.offset, 42);
      this.put(c);
      this.put(nameBytes);
    }
    const z = Buffer.alloc(22);
    z.writeUInt32LE(0x06054b50, 0);
    z.writeUInt16LE(this.done.length, 8);
    z.writeUInt16LE(this.done.length, 10);
    z.writeUInt32LE(this.at - start, 12);
    z.writeUInt32LE(start, 16);
    this.put(z);
  }
}

/** Characters XML 1.0 cannot hold: controls other than tab and line ends, U+FFFE/U+FFFF, lone surrogates. */
/* eslint-disable no-control-regex -- the controls are what is matched */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

/** XML text: `& < >` and quotes escaped; characters XML 1.0 cannot hold dropped. */
export function xmlText(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Column letters of a 0-based index: A … Z, AA … */
function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Excel's day number of a YYYY-MM-DD date (1900 system), or NaN. */
function serialOf(v: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return NaN;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  if (d.getUTCMonth() !== Number(m[2]) - 1) return NaN;
  return t / 86400000 + 25569;
}

// Styles: 0 general, 1 bold header, 2 money (0.00), 3 date (yyyy-mm-dd), 4 text (@).
const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>' +
  '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const PARTS: [string, string][] = [
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '</Types>',
  ],
  [
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
  ],
  [
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '</Relationships>',
  ],
  ['xl/styles.xml', STYLES],
];

/** A cell's XML for a value of a column kind (`r` its reference). */
function cellXml(ref: string, v: string | number | null, kind: CellKind): string {
  if (v === null || v === '') return '';
  if (kind === 'number') {
    const s = String(v);
    const n = typeof v === 'number' ? v : Number(s);
    if (s.trim() !== '' && Number.isFinite(n))
      return `<c r="${ref}"${/\.\d\d$/.test(s) ? ' s="2"' : ''}><v>${n}</v></c>`;
  }
  if (kind === 'plain' && typeof v === 'string') {
    const d = serialOf(v);
    if (!Number.isNaN(d)) return `<c r="${ref}" s="3"><v>${d}</v></c>`;
  }
  const s = xmlText(String(v));
  const space = /^\s|\s$/.test(s) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr" s="4"><is><t${space}>${s}</t></is></c>`;
}

/** Rows as a one-sheet workbook, written through `sink` (bytes). */
export function writeXlsx<T>(cols: SheetColumn<T>[], rows: Iterable<T>, sink: Sink, sheetName = 'rfm'): void {
  const list = Array.isArray(rows) ? (rows as T[]) : [...rows];
  const zip = new ZipOut(sink);
  for (const [name, xml] of PARTS) zip.entry(name, (add) => add(xml));
  zip.entry('xl/workbook.xml', (add) =>
    add(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `<sheets><sheet name="${xmlText(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, '_'))}" sheetId="1" r:id="rId1"/></sheets>` +
        (list.length
          ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${xmlText(sheetName.slice(0, 31).replace(/[\\/?*[\]:']/g, '_'))}'!$A$1:$${colName(cols.length - 1)}$${list.length + 1}</definedName></definedNames>`
          : '') +
        '</workbook>',
    ),
  );
  // Widths from the header and the first 200 rows (CJK counted double), between 6 and 60 characters.
  const widths = cols.map((c, i) => {
    let w = width(c.name);
    for (let r = 0; r < Math.min(200, list.length); r++) w = Math.max(w, width(String(cols[i].get(list[r]) ?? '')));
    return Math.min(60, Math.max(6, w + 2));
  });
  const last = colName(cols.length - 1);
  zip.entry('xl/worksheets/sheet1.xml', (add) => {
    add(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        `<dimension ref="A1:${last}${list.length + 1}"/>` +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        '<sheetFormatPr defaultRowHeight="15"/><cols>' +
        widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('') +
        '</cols><sheetData>',
    );
    const letters = cols.map((_, i) => colName(i));
    add(
      '<row r="1">' +
        cols
          .map((c, i) => `<c r="${letters[i]}1" t="inlineStr" s="1"><is><t>${xmlText(c.name)}</t></is></c>`)
          .join('') +
        '</row>',
    );
    for (let r = 0; r < list.length; r++) {
      const n = r + 2;
      let x = `<row r="${n}">`;
      for (let i = 0; i < cols.length; i++) x += cellXml(`${letters[i]}${n}`, cols[i].get(list[r]), cols[i].kind);
      add(x + '</row>');
    }
    add(
      '</sheetData>' +
        (list.length ? `<autoFilter ref="A1:${last}${list.length + 1}"/>` : '') +
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
    );
  });
  zip.end();
}

/** Display width of a cell's text: CJK and other wide characters count as 2. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) >= 0x1100 ? 2 : 1;
  return w;
}
