/**
 * The workbook reader against broken and hostile files: one clear line and exit 3, bounded memory whatever a
 * part unzips to, no temp files; and which number formats count as dates (checked against exceljs's rule).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../../src/errors';
import { SHARED_STRINGS_LIMIT } from '../../src/io/xlsx';
import { isBuiltinDateFormat, isDateFormat } from '../../src/io/xlsx-parts';
import { rfm, tmpFile } from '../helpers';
import { book, parts, readBook, readError, unzip } from './workbook';
import { deflateRepeated, rezip, zip } from './zip-writer';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isDateFmt } = require('exceljs/lib/utils/utils') as { isDateFmt: (f: string) => boolean };

const ORDERS = book({
  sheets: [
    {
      name: 'orders',
      rows:
        '<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>' +
        Array.from(
          { length: 200 },
          (_, i) => `<row><c t="s"><v>3</v></c><c s="2"><v>${45413 + i / 7}</v></c><c><v>${i}</v></c></row>`,
        ).join(''),
    },
  ],
  shared: ['买家会员名', '订单创建时间', '买家实际支付金额', '张三'],
});

/** Every file below a folder. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** A workbook part made of `times` copies of `chunk` between `head` and `tail`, deflated without building it. */
async function bigPart(name: string, head: string, chunk: string, times: number, tail: string) {
  return { name, deflated: await deflateRepeated(head, chunk, times, tail) };
}

/** A workbook whose shared strings or sheet are big parts (the others small, as book() writes them). */
async function bomb(big: { name: string; deflated: { bytes: Buffer; crc: number; size: number } }): Promise<Buffer> {
  const small = parts({ sheets: [{ name: 's', rows: '<row r="1"><c t="s"><v>0</v></c></row>' }], shared: ['x'] });
  return zip(small.map((p) => (p.name === big.name ? big : { name: p.name, data: p.data })));
}

describe('broken and hostile workbooks', () => {
  test('a truncated or corrupt workbook is exit 3 with one line naming the problem', async () => {
    const cut = tmpFile('cut.xlsx', ORDERS.subarray(0, ORDERS.length >> 1));
    const a = await rfm(['profiles', cut]);
    expect(a.code).toBe(3);
    expect(a.err.trim().split('\n')).toHaveLength(1);
    expect(a.err.trim()).toBe(
      `rfm: ${cut}: starts like an .xlsx workbook (zip) but cannot be read as one (no end of central directory record (truncated, or not a zip file))`,
    );
    // The sheet's deflate stream damaged in its middle.
    const entries = await unzip(ORDERS);
    const sheet = zip(
      entries.map((e) =>
        e.name.includes('worksheets/')
          ? { name: e.name, deflated: { bytes: Buffer.alloc(400, 0xff), crc: 0, size: e.data.length } }
          : { name: e.name, data: e.data },
      ),
    );
    const b = await rfm(['profiles', tmpFile('bad.xlsx', sheet)]);
    expect(b.code).toBe(3);
    expect(b.err.trim().split('\n')).toHaveLength(1);
    expect(b.err).toMatch(/cannot be read as one \(xl\/worksheets\/sheet1\.xml: corrupt compressed data/);
    // A sheet part whose XML stops inside a tag.
    const torn = rezip(
      entries.map((e) => (e.name.includes('worksheets/') ? { name: e.name, data: e.data.subarray(0, 300) } : e)),
      entries.map((e) => e.name),
    );
    const c = await rfm(['profiles', tmpFile('torn.xlsx', torn)]);
    expect(c.code).toBe(3);
    expect(c.err.trim().split('\n')).toHaveLength(1);
  });

  test('shared strings beyond the limit: one clear line, and memory stays far below what they unzip to', async () => {
    expect(SHARED_STRINGS_LIMIT).toBe(512 * 1048576);
    // 300,000 strings of 100 characters: 30 MB of shared strings from a few hundred KB of zip.
    const sst = await bigPart('xl/sharedStrings.xml', '<sst>', `<si><t>${'字'.repeat(33)}x</t></si>`, 300000, '</sst>');
    const xlsx = await bomb(sst);
    expect(xlsx.length).toBeLessThan(1 << 20);
    const before = process.memoryUsage();
    const e = await readError(xlsx, { sharedStringsLimit: 4 * 1048576 });
    const after = process.memoryUsage();
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe("book.xlsx: the workbook's shared strings exceed 4 MiB (export the sheet as CSV)");
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(16 * 1048576);
    // The same strings under the default limit are read.
    const { text } = await readBook(xlsx);
    expect(text).toBe(`${'字'.repeat(33)}x\n`);
  });

  test('a sheet that unzips to 140 MB is read as a stream, in bounded memory', async () => {
    const cells = '<c t="s"><v>0</v></c><c><v>12345.5</v></c><c t="inlineStr"><is><t>文本</t></is></c>';
    const sheet = await bigPart(
      'xl/worksheets/sheet1.xml',
      '<worksheet><sheetData>',
      `<row>${cells.repeat(4)}</row>`.repeat(100),
      4000,
      '</sheetData></worksheet>',
    );
    expect(sheet.deflated.size).toBeGreaterThan(140e6);
    const xlsx = await bomb(sheet);
    let pieces = 0;
    let bytes = 0;
    let peak = 0;
    const base = process.memoryUsage().rss;
    const { info } = await readBook(xlsx, {}, (b) => {
      pieces++;
      bytes += b.length;
      peak = Math.max(peak, process.memoryUsage().rss - base);
    });
    expect(info).toMatchObject({ rows: 400000, cols: 12 });
    expect(bytes).toBe(400000 * Buffer.byteLength(Array(4).fill('x,12345.5,文本').join(',') + '\n'));
    expect(pieces).toBeGreaterThan(20);
    expect(peak).toBeLessThan(100 * 1048576);
  });

  test('cell references beyond column XFD and row numbers beyond Excel’s last row are refused, not allocated', async () => {
    const wide = book({ sheets: [{ name: 's', rows: '<row r="1"><c r="ZZZZZZ1"><v>1</v></c></row>' }] });
    expect((await readError(wide)).message).toBe('book.xlsx: sheet s row 1: a cell beyond column XFD (16,384)');
    const xfd = book({ sheets: [{ name: 's', rows: '<row r="1"><c r="XFD1"><v>1</v></c></row>' }] });
    expect((await readBook(xfd)).text).toBe(','.repeat(16383) + '1\n');
    const past = book({ sheets: [{ name: 's', rows: '<row r="2000000000"><c r="A1"><v>1</v></c></row>' }] });
    expect((await readError(past)).message).toBe('book.xlsx: sheet s row 2000000000: row number beyond 1,048,576');
    // Past the first rows (kept by column while the header is looked for), cells are counted per row.
    const first = Array.from({ length: 30 }, (_, i) => `<row r="${i + 1}"><c><v>1</v></c></row>`).join('');
    const many = book({
      sheets: [{ name: 's', rows: `${first}<row r="31">${'<c r="A31"><v>1</v></c>'.repeat(16385)}</row>` }],
    });
    expect((await readError(many)).message).toBe('book.xlsx: sheet s row 31: more than 16,384 cells');
  });

  test('a header test that fails is reported as a workbook that cannot be read, in one line', async () => {
    const e = await readError(ORDERS, {
      sheet: undefined,
      isHeader: () => {
        throw new Error('no such column');
      },
    });
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe('book.xlsx: starts like an .xlsx workbook (zip) but cannot be read as one (no such column)');
  });

  test('no file appears in the temp folder while a workbook is read (a sheet before its shared strings)', async () => {
    const entries = await unzip(ORDERS);
    const names = entries.map((e) => e.name);
    const sheetFirst = rezip(entries, [
      ...names.filter((n) => n.includes('worksheets')),
      ...names.filter((n) => !n.includes('worksheets')),
    ]);
    const file = tmpFile('sheet-first.xlsx', sheetFirst);
    const before = listing(os.tmpdir());
    const during: string[][] = [];
    const { info } = await readBook(fs.readFileSync(file), {}, () => during.push(listing(os.tmpdir())));
    expect(info.rows).toBe(201);
    expect(during.length).toBeGreaterThan(0);
    for (const l of during) expect(l).toEqual(before);
    expect(listing(os.tmpdir())).toEqual(before);
  });
});

describe('date number formats', () => {
  // Formats as Excel, LibreOffice and exceljs write them; exceljs's isDateFmt is the reference.
  const SAME = [
    'General',
    '0',
    '0.00',
    '#,##0',
    '#,##0.00',
    '0%',
    '0.00%',
    '0.00E+00',
    '##0.0E+0',
    '# ?/?',
    '# ??/??',
    '@',
    '#,##0 ;(#,##0)',
    '#,##0 ;[Red](#,##0)',
    '#,##0.00;[Red]-#,##0.00',
    '[Red]0.00',
    '0.00;[Red]0.00',
    '"$"#,##0.00',
    '[$€-2] #,##0.00',
    '#,##0.00 [$USD]',
    '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-',
    '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)',
    '0.0 "km"',
    '[>=100]0;[<100]0.0',
    'mm-dd-yy',
    'd-mmm-yy',
    'd-mmm',
    'mmm-yy',
    'h:mm AM/PM',
    'h:mm:ss AM/PM',
    'h:mm',
    'h:mm:ss',
    'm/d/yy h:mm',
    'm/d/yy "h":mm',
    'mm:ss',
    '[h]:mm:ss',
    'mmss.0',
    'yyyy-mm-dd',
    'yyyy-mm-dd hh:mm:ss',
    'yyyy/m/d h:mm',
    'dd/mm/yyyy',
    'yyyy"年"m"月"d"日"',
    'yyyy"年"m"月"',
    'm"月"d"日"',
    'h"时"mm"分"ss"秒"',
    '上午/下午 h"时"mm"分"',
    '[$-F800]dddd, mmmm dd, yyyy',
    '[$-409]mmm d, yyyy;@',
    '[$-F400]h:mm:ss AM/PM',
    'dd.mm.yyyy',
    'mmmm yyyy',
    'ddd',
    'yy',
    'ss.00',
    'd/m/bb',
    '[$-411]ge.m.d',
    'YYYY-MM-DD',
    'DD/MM/YYYY hh:mm',
  ];
  // Where exceljs's rule misreads a format: an escaped or spacing letter is literal; [h] alone is elapsed
  // hours; upper-case letters are date codes too.
  const DIFFERENT: [string, boolean][] = [
    ['0\\h', false],
    ['#,##0\\ \\m\\2', false],
    ['0_m', false],
    ['[h]', true],
    ['[ss]', true],
    ['DD.YY', true],
    ['HH:SS', true],
  ];

  test('custom format codes are dates exactly when exceljs says so, except where its rule misreads them', () => {
    for (const f of SAME) expect([f, isDateFormat(f)]).toEqual([f, isDateFmt(f)]);
    for (const [f, date] of DIFFERENT) {
      expect([f, isDateFormat(f)]).toEqual([f, date]);
      expect([f, isDateFmt(f)]).toEqual([f, !date]);
    }
  });

  test('built-in formats: ids 14–22, 27–36, 45–47, 50–58, 71–81 are dates', () => {
    const dates = Array.from({ length: 164 }, (_, id) => id).filter(isBuiltinDateFormat);
    const ranges = [
      [14, 22],
      [27, 36],
      [45, 47],
      [50, 58],
      [71, 81],
    ].flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
    expect(dates).toEqual(ranges);
  });

  test('a cell format with a built-in or custom date format writes its numbers as dates; a custom one may override an id', async () => {
    const styles =
      '<styleSheet><numFmts><numFmt numFmtId="165" formatCode="0.0&quot;h&quot;"/><numFmt numFmtId="14" formatCode="0.00"/>' +
      '<numFmt numFmtId="166" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
      '<cellStyleXfs><xf numFmtId="22"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="165"/>' +
      '<xf numFmtId="14"/><xf numFmtId="166"/><xf numFmtId="46"/></cellXfs>' +
      '<dxfs><dxf><numFmt numFmtId="165" formatCode="yyyy"/></dxf></dxfs></styleSheet>';
    const rows = `<row r="1">${[0, 1, 2, 3, 4, 5, 6].map((s) => `<c s="${s}"><v>45413.5</v></c>`).join('')}</row>`;
    const { text } = await readBook(book({ sheets: [{ name: 's', rows }], styles }));
    expect(text).toBe('45413.5,2024-05-01 12:00:00,45413.5,45413.5,2024-05-01 12:00:00,2024-05-01 12:00:00,45413.5\n');
  });
});
