/**
 * A workbook out, streamed: sheets of typed columns written as XML in pieces, each piece deflated as it is
 * made (raw deflate blocks ended with a sync flush join into one valid stream) into a zip whose entries carry
 * their CRC and sizes in data descriptors. Nothing holds the rows as cells: memory stays at one piece.
 * Text cells are inline strings (never a formula, whatever they start with), so ids keep leading zeros, 18
 * digits, `1E5` and `2024-01-02` as written; numbers are numbers (two decimals shown where the value has them),
 * `YYYY-MM-DD` dates are dates. The header row is frozen and filtered; column widths follow the first rows.
 * A workbook may hold several sheets, written one after another (`--split out.xlsx`: a sheet per segment).
 */
import * as zlib from 'zlib';

/** How a column's cells go into the sheet. */
export type CellKind = 'text' | 'number' | 'plain';

export interface SheetColumn<T> {
  name: string;
  kind: CellKind;
  get: (row: T) => string | number | null;
  /** A money column: shown in the shop's currency when the workbook has one. */
  money?: boolean;
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

/**
 * The style sheet. Styles: 0 general, 1 bold header, 2 two decimals (0.00), 3 date (yyyy-mm-dd), 4 text (@),
 * 5 money in the shop's currency (`moneyFormat`; 0.00 without one).
 */
function styles(moneyFormat?: string): string {
  const fmt = moneyFormat ?? '0.00';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>' +
    `<numFmt numFmtId="165" formatCode="${xmlText(fmt)}"/></numFmts>` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>' +
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
  );
}

/** The fixed parts of a workbook of `n` sheets: content types, relationships, styles. */
function parts(n: number, moneyFormat?: string): [string, string][] {
  const sheets = Array.from({ length: n }, (_, i) => i + 1);
  return [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets
          .map(
            (i) =>
              `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
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
        '<Relationship Id="rId0" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        sheets
          .map(
            (i) =>
              `<Relationship Id="rId${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`,
          )
          .join('') +
        '</Relationships>',
    ],
    ['xl/styles.xml', styles(moneyFormat)],
  ];
}

/** A cell's XML for a value of a column kind (`r` its reference); `money`: the money style when there is one. */
function cellXml(ref: string, v: string | number | null, kind: CellKind, money: boolean): string {
  if (v === null || v === '') return '';
  if (kind === 'number') {
    const s = String(v);
    const n = typeof v === 'number' ? v : Number(s);
    if (s.trim() !== '' && Number.isFinite(n))
      return `<c r="${ref}"${money ? ' s="5"' : /\.\d\d$/.test(s) ? ' s="2"' : ''}><v>${n}</v></c>`;
  }
  if (kind === 'plain' && typeof v === 'string') {
    const d = serialOf(v);
    if (!Number.isNaN(d)) return `<c r="${ref}" s="3"><v>${d}</v></c>`;
  }
  const s = xmlText(String(v));
  const space = /^\s|\s$/.test(s) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr" s="4"><is><t${space}>${s}</t></is></c>`;
}

/** One sheet of a workbook: its name (made valid by `sheetNames`), its columns and its rows. */
export interface Sheet<T> {
  name: string;
  cols: SheetColumn<T>[];
  rows: Iterable<T>;
}

/** How a workbook is written: `moneyFormat`, the number format of money columns (e.g. `"$"#,##0.00`). */
export interface BookOptions {
  moneyFormat?: string;
}

/**
 * Sheet names Excel accepts, in order: the characters `[ ] : * ? / \` replaced by `_`, no apostrophe at either
 * end, at most 31 characters, none empty, and unique ignoring case (a repeat gets ` (2)`, ` (3)` … within 31).
 */
export function sheetNames(wanted: string[]): string[] {
  const seen = new Set<string>();
  return wanted.map((w) => {
    const base = [...w.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '')].slice(0, 31).join('').trim() || 'Sheet';
    let name = base;
    for (let k = 2; seen.has(name.toLowerCase()) || name.toLowerCase() === 'history'; k++) {
      const tag = ` (${k})`;
      name = [...base].slice(0, 31 - tag.length).join('') + tag;
    }
    seen.add(name.toLowerCase());
    return name;
  });
}

/** A sheet name quoted for a reference (`'Can''t Lose Them'!$A$1`). */
const quoted = (name: string) => `'${xmlText(name).replace(/'/g, "''")}'`;

/**
 * Sheets as one workbook, written through `sink` (bytes) one after another. Rows are read once, as they are
 * written: only a sheet's first rows are looked at ahead (for the column widths).
 */
export function writeWorkbook(sheets: Sheet<unknown>[], sink: Sink, opts: BookOptions = {}): void {
  const zip = new ZipOut(sink);
  const names = sheetNames(sheets.map((s) => s.name));
  for (const [name, xml] of parts(sheets.length, opts.moneyFormat)) zip.entry(name, (add) => add(xml));
  const counts = sheets.map((sheet, k) => writeSheet(zip, k + 1, sheet, opts.moneyFormat !== undefined));
  // The workbook part goes last: the filter ranges need each sheet's row count.
  zip.entry('xl/workbook.xml', (add) =>
    add(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        names.map((n, k) => `<sheet name="${xmlText(n)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`).join('') +
        '</sheets>' +
        (counts.some((c) => c > 0)
          ? '<definedNames>' +
            names
              .map((n, k) =>
                counts[k] > 0
                  ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${k}" hidden="1">${quoted(n)}!$A$1:$${colName(sheets[k].cols.length - 1)}$${counts[k] + 1}</definedName>`
                  : '',
              )
              .join('') +
            '</definedNames>'
          : '') +
        '</workbook>',
    ),
  );
  zip.end();
}

/** Rows as a one-sheet workbook, written through `sink` (bytes). */
export function writeXlsx<T>(
  cols: SheetColumn<T>[],
  rows: Iterable<T>,
  sink: Sink,
  sheetName = 'rfm',
  opts: BookOptions = {},
): void {
  writeWorkbook([{ name: sheetName, cols, rows } as Sheet<unknown>], sink, opts);
}

/** Rows looked at ahead of writing, for the column widths. */
const WIDTH_ROWS = 200;

/** Sheet `k` (1-based) as a zip entry; returns its row count. */
function writeSheet<T>(zip: ZipOut, k: number, sheet: Sheet<T>, currency: boolean): number {
  const { cols } = sheet;
  const it = sheet.rows[Symbol.iterator]();
  const ahead: T[] = [];
  for (let r = it.next(); ; r = it.next()) {
    if (r.done) break;
    ahead.push(r.value);
    if (ahead.length >= WIDTH_ROWS) break;
  }
  // Widths from the header and the first rows (CJK counted double), between 6 and 60 characters.
  const widths = cols.map((c) => {
    let w = width(c.name);
    for (const row of ahead) w = Math.max(w, width(String(c.get(row) ?? '')));
    return Math.min(60, Math.max(6, w + 2));
  });
  const known = Array.isArray(sheet.rows) ? (sheet.rows as T[]).length : undefined;
  const last = colName(cols.length - 1);
  const letters = cols.map((_, i) => colName(i));
  const money = cols.map((c) => currency && c.money === true);
  let n = 1;
  zip.entry(`xl/worksheets/sheet${k}.xml`, (add) => {
    add(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        (known !== undefined ? `<dimension ref="A1:${last}${known + 1}"/>` : '') +
        '<sheetViews><sheetView workbookViewId="0"' +
        (k === 1 ? ' tabSelected="1"' : '') +
        '><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        '<sheetFormatPr defaultRowHeight="15"/><cols>' +
        widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('') +
        '</cols><sheetData>',
    );
    add(
      '<row r="1">' +
        cols
          .map((c, i) => `<c r="${letters[i]}1" t="inlineStr" s="1"><is><t>${xmlText(c.name)}</t></is></c>`)
          .join('') +
        '</row>',
    );
    const row = (v: T) => {
      n++;
      let x = `<row r="${n}">`;
      for (let i = 0; i < cols.length; i++) x += cellXml(`${letters[i]}${n}`, cols[i].get(v), cols[i].kind, money[i]);
      add(x + '</row>');
    };
    for (const v of ahead) row(v);
    if (ahead.length >= WIDTH_ROWS) for (let r = it.next(); !r.done; r = it.next()) row(r.value);
    add(
      '</sheetData>' +
        (n > 1 ? `<autoFilter ref="A1:${last}${n}"/>` : '') +
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
    );
  });
  return n - 1;
}

/** Display width of a cell's text: CJK and other wide characters count as 2. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) >= 0x1100 ? 2 : 1;
  return w;
}
