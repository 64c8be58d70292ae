/**
 * The workbook reader on its own zip and XML reading: what each kind of cell and part becomes, whatever the
 * writer (exceljs, hand-written XML with namespace prefixes, parts in another order, stored entries), checked
 * against the same rows as CSV.
 */
import * as fs from 'fs';
import ExcelJS from 'exceljs';
import { rfm, tmpFile } from '../helpers';
import { isPlainNumber, serialText } from '../../src/io/xlsx-text';
import { book, readBook, unzip } from './workbook';
import { rezip } from './zip-writer';

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvText = (rows: (string | number)[][]) =>
  rows.map((r) => r.map((c) => csvField(String(c))).join(',')).join('\n') + '\n';

async function exceljsBook(rows: (string | number | Date)[][], sheet = 'orders'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ['订单编号', '买家会员名', '订单创建时间', '买家实际支付金额'];

describe('workbook reader', () => {
  test('50,000 rows of Chinese names written by exceljs read exactly as the same rows in CSV', async () => {
    // Names of 2–5 CJK characters from a wide range: megabytes of shared strings and sheet XML, so characters
    // straddle the unzipped pieces' boundaries everywhere (exceljs's own reader turned those into U+FFFD).
    const rows: (string | number)[][] = [HEADER];
    for (let i = 0; i < 50000; i++) {
      const name = Array.from({ length: 2 + (i % 4) }, (_, k) =>
        String.fromCharCode(0x4e00 + ((i * 7919 + k * 104729) % 20000)),
      ).join('');
      rows.push([
        `A${100000 + i}`,
        `${name}${i % 97}`,
        `2024-05-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`,
        (i % 500) + 0.5,
      ]);
    }
    const xlsx = await exceljsBook(rows);
    const { text, info } = await readBook(xlsx);
    expect(text).not.toContain('\ufffd');
    expect(text).toBe(csvText(rows));
    expect(info).toMatchObject({ name: 'orders', rows: 50001, cols: 4 });
    const args = ['--as-of', '2024-07-01', '--format', 'csv', '-q'];
    const a = await rfm(['profiles', tmpFile('names.csv', csvText(rows)), ...args]);
    const b = await rfm(['profiles', tmpFile('names.xlsx', xlsx), ...args]);
    expect(b.code).toBe(0);
    expect(b.out).toBe(a.out);
  });

  test('entities and character references in shared strings, inline strings, values and sheet names', async () => {
    const shared = `<sst xmlns="x"><si><t>&amp;&lt;&gt;&quot;&apos; &#20013;&#x6587; &#x1F600;</t></si><si><t>a&#10;b</t></si></sst>`;
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x &amp; y</t></is></c>' +
      '<c r="C1" t="str"><f>A1&amp;"!"</f><v>p &lt;q&gt;</v></c><c r="D1"><v>1&#48;</v></c><c r="E1" t="s"><v>1</v></c></row>';
    const { text, info } = await readBook(book({ sheets: [{ name: 'A&B <1>', rows }], shared }));
    expect(text).toBe('"&<>""\' 中文 😀",x & y,p <q>,10,"a\nb"\n');
    expect(info.name).toBe('A&B <1>');
  });

  test("Excel's _xHHHH_ escapes in shared and inline strings; CDATA and comments", async () => {
    const shared = `<sst><si><t>tab_x0009_cr_x000D_lit_x005F_x0041_</t></si><si><t><![CDATA[<b> & ]]></t></si></sst>`;
    const rows =
      '<row r="1"><!-- a comment --><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>' +
      '<c r="C1" t="inlineStr"><is><t>in_x000A_line</t></is></c></row>';
    const { text } = await readBook(book({ sheets: [{ name: 's', rows }], shared }));
    expect(text).toBe('"tab\tcr\rlit_x0041_",<b> & ,"in\nline"\n');
  });

  test('rich text is its runs’ text, without the <rPh> phonetic runs, shared and inline', async () => {
    const shared =
      '<sst><si><r><rPr><b/><sz val="11"/></rPr><t>東</t></r><r><t>京</t></r>' +
      '<rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si></sst>';
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c>' +
      '<c r="B1" t="inlineStr"><is><r><t>大</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 阪 </t></r>' +
      '<rPh sb="0" eb="1"><t>オオサカ</t></rPh></is></c><c r="C1" t="inlineStr"><is><t>plain</t></is></c></row>';
    const { text } = await readBook(book({ sheets: [{ name: 's', rows }], shared }));
    expect(text).toBe('東京,大 阪 ,plain\n');
  });

  test('namespace prefixes (x:row, x:c, as the OpenXML SDK writes) read like plain names', async () => {
    const plainRows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45413.5</v></c><c r="C1" t="b"><v>1</v></c></row>' +
      '<row r="3"><c r="B3" t="inlineStr"><is><t>inline</t></is></c></row>';
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const prefixed = plainRows.replace(/<(\/?)(row|c|v|is|t)\b/g, '<$1x:$2');
    const a = await readBook(book({ sheets: [{ name: 's', rows: plainRows }], shared: ['订单'] }));
    const b = await readBook(
      book({
        sheets: [{ name: 's', xml: `<x:worksheet ${ns}><x:sheetData>${prefixed}</x:sheetData></x:worksheet>` }],
        shared: `<x:sst ${ns}><x:si><x:t>订单</x:t></x:si></x:sst>`,
      }),
    );
    expect(a.text).toBe('订单,2024-05-01 12:00:00,TRUE\n\n,inline\n');
    expect(b.text).toBe(a.text);
  });

  test('the 1904 date system: serial numbers count from 1904-01-01, as exceljs writes them too', async () => {
    const rows =
      '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>1.5</v></c><c r="C1" s="2"><v>43585.25</v></c></row>';
    const d1904 = await readBook(book({ sheets: [{ name: 's', rows }], date1904: '1' }));
    expect(d1904.text).toBe('1904-01-01,1904-01-02 12:00:00,2023-05-01 06:00:00\n');
    expect((await readBook(book({ sheets: [{ name: 's', rows }], date1904: 'true' }))).text).toBe(d1904.text);
    const d1900 = await readBook(book({ sheets: [{ name: 's', rows }], date1904: '0' }));
    expect(d1900.text).toBe('1899-12-30,1899-12-31 12:00:00,2019-04-30 06:00:00\n');

    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('s');
    ws.addRow([new Date(Date.UTC(2024, 4, 1, 10, 30, 0)), 'x']);
    const { text } = await readBook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(text).toBe('2024-05-01 10:30:00,x\n');
  });

  test('shared strings after the sheet in the zip, and stored (uncompressed) entries, read the same', async () => {
    const rows: (string | number)[][] = [HEADER];
    for (let i = 0; i < 3000; i++) rows.push([`B${i}`, `买家${i % 700}`, '2024-05-01 10:00:00', i % 50]);
    const xlsx = await exceljsBook(rows);
    const entries = await unzip(xlsx);
    const names = entries.map((e) => e.name);
    const sheetFirst = [
      ...names.filter((n) => n.includes('worksheets/')),
      ...names.filter((n) => !n.includes('worksheets/')),
    ];
    expect(sheetFirst.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(sheetFirst.indexOf('xl/sharedStrings.xml'));
    const expected = csvText(rows);
    expect((await readBook(xlsx)).text).toBe(expected);
    expect((await readBook(rezip(entries, sheetFirst))).text).toBe(expected);
    expect((await readBook(rezip(entries, [...names].reverse(), 0))).text).toBe(expected);
  });

  test('every kind of cell value, rows and cells without r, skipped rows, cells out of order', async () => {
    const rows =
      '<row r="2"><c r="A2"><v>12.5</v></c><c r="C2"><v>0.30000000000000004</v></c><c r="D2"><v>1E+21</v></c>' +
      '<c r="E2"><v>-0</v></c><c r="F2" t="e"><v>#N/A</v></c><c r="G2" t="b"><v>0</v></c><c r="H2" t="d"><v>2024-05-01T10:00:00</v></c>' +
      '<c r="I2" t="s"><v>99</v></c><c r="J2"><v/></c><c r="K2"/></row>' +
      '<row><c t="s"><v>0</v></c><c><v>7</v></c></row>' + // row 3, columns A and B
      '<row r="5" spans="1:3"><c r="C5"><v>3</v></c><c r="A5"><v>1</v></c><c r="B5"><v>2</v></c><c r="A5"><v>9</v></c></row>';
    const { text, info } = await readBook(book({ sheets: [{ name: 's', rows }], shared: ['a,"b"'] }));
    // Row 2 ends with I (a string index beyond the list) and J (<v/>) empty; K has no value: no field.
    const lines = ['12.5,,0.3,1000000000000000000000,0,#N/A,FALSE,2024-05-01T10:00:00,,', '"a,""b""",7', '', '9,2,3'];
    expect(text).toBe(['', ...lines, ''].join('\n'));
    expect(info).toMatchObject({ rows: 5, cols: 10 });
  });

  test('cells out of column order are put in order, the last of a column winning, in every row', async () => {
    const disordered = (n: number) =>
      `<row r="${n}"><c r="C${n}"><v>3</v></c><c r="A${n}" t="s"><v>0</v></c><c r="B${n}"><v>2</v></c><c r="A${n}"><v>9</v></c></row>`;
    // Rows 1–30 are kept as values while the header is looked for; the rest are written as they are read.
    const rows = Array.from({ length: 40 }, (_, i) => disordered(i + 1)).join('');
    const { text } = await readBook(book({ sheets: [{ name: 's', rows }], shared: ['a,b'] }));
    expect(text).toBe('9,2,3\n'.repeat(40));
  });

  test('cells in unusual shapes read like the usual ones (attributes, quotes, spaces, formulas, comments)', async () => {
    const usual =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45413</v></c><c r="C1"><v>2.5</v></c><c r="E1"/></row>';
    const unusual =
      '<row r=\'1\'>\n  <c r = "A1" t=\'s\' cm="1"><v>0</v></c>\n  <!-- x --><c s="1" r="B1" ><f>TODAY()</f><v>45413</v></c>' +
      '<c r="C1"><v>2.5</v> </c><c r="E1"></c></row>';
    const a = await readBook(book({ sheets: [{ name: 's', rows: usual }], shared: ['甲'] }));
    const b = await readBook(book({ sheets: [{ name: 's', rows: unusual }], shared: ['甲'] }));
    expect(a.text).toBe('甲,2024-05-01,2.5\n');
    expect(b.text).toBe(a.text);
  });

  test('rows met while the header is looked for are written as the rows after it', async () => {
    // 60 identical rows, no header: the first 30 are kept as values until the header decision, the rest are
    // written as they are read. Both must give the same line.
    const row = (n: number) =>
      `<row r="${n}"><c r="A${n}" t="s"><v>0</v></c><c r="B${n}" s="1"><v>45413.25</v></c><c r="C${n}"><v>0.1</v></c>` +
      `<c r="D${n}"><v>123456789012345678</v></c><c r="E${n}" t="b"><v>1</v></c><c r="F${n}" t="inlineStr"><is><t>"q"</t></is></c></row>`;
    const rows = Array.from({ length: 60 }, (_, i) => row(i + 1)).join('');
    const { text } = await readBook(book({ sheets: [{ name: 's', rows }], shared: ['x,y'] }));
    const lines = text.split('\n');
    expect(lines).toHaveLength(61);
    expect(new Set(lines.slice(0, 60))).toEqual(
      new Set(['"x,y",2024-05-01 06:00:00,0.1,123456789012345680,TRUE,"""q"""']),
    );
  });

  test('number text copied as written is exactly the text of the number (15 significant digits)', () => {
    const samples = [
      '0',
      '-0',
      '7',
      '-12',
      '12.5',
      '0.1',
      '0.000001',
      '0.0000001',
      '1.10',
      '01',
      '.5',
      '1e5',
      '123456789012345',
      '1234567890123456',
      '12345678901234.5',
      '-0.5',
      '9007199254740993',
      '0.30000000000000004',
      '1.',
      '-',
      '',
    ];
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 20000; i++) {
      const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
      samples.push(
        `${rnd() < 0.3 ? '-' : ''}${digits(1 + Math.floor(rnd() * 9))}${rnd() < 0.7 ? '.' + digits(1 + Math.floor(rnd() * 9)) : ''}`,
      );
    }
    const written = (s: string) => {
      const v = Number(s);
      return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
    };
    for (const s of samples) {
      const b = Buffer.from(s);
      if (isPlainNumber(b, 0, b.length)) expect([s, written(s)]).toEqual([s, s]);
    }
    expect(samples.filter((s) => isPlainNumber(Buffer.from(s), 0, Buffer.byteLength(s))).length).toBeGreaterThan(5000);
  });

  test('serial numbers become the dates a Date object gives', () => {
    const viaDate = (v: number, d1904: boolean) => {
      const d = new Date(
        (d1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30)) + Math.round((v * 86400000) / 1000) * 1000,
      );
      const two = (n: number) => String(n).padStart(2, '0');
      const s = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
      return d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds()
        ? `${s} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
        : s;
    };
    const values = [0, 1, 59, 60, 61, 0.5, 0.999999, 45413.25, 2958465.99999, -1, -700000.3, 1e-9, 100000.123456];
    for (let v = 1; v < 3e6; v += 997.123) values.push(v);
    for (const v of values) for (const d1904 of [false, true]) expect(serialText(v, d1904)).toBe(viaDate(v, d1904));
    expect(serialText(1e300, false)).toBe('');
  });

  test('a workbook read from a file keeps the sheet list and passes over sheets without a header', async () => {
    const xlsx = tmpFile(
      'two.xlsx',
      book({
        sheets: [
          { name: '说明', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' },
          {
            name: '订单',
            rows: `<row r="1">${HEADER.map((_, i) => `<c t="s"><v>${i + 1}</v></c>`).join('')}</row><row r="2"><c t="s"><v>5</v></c><c t="s"><v>6</v></c><c s="2"><v>45413.5</v></c><c><v>10</v></c></row>`,
          },
        ],
        shared: ['notes', ...HEADER, 'T100', '张三'],
      }),
    );
    const r = await rfm(['inspect', xlsx, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).sheet).toMatchObject({
      name: '订单',
      number: 2,
      rows: 2,
      columns: 4,
      passedOver: ['说明'],
    });
    // The workbook's size on disk, not its inflated sheet text.
    expect(JSON.parse(r.out).bytes).toBe(fs.statSync(xlsx).size);
    expect(fs.existsSync(xlsx)).toBe(true);
  });
});
