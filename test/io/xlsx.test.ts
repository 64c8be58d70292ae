/**
 * .xlsx input: a workbook written by exceljs in the Taobao layout (a notes sheet first, a title row above
 * the header, ids as text and as numbers, dates as serials and as text, money as numbers and as text)
 * gives the same profiles as the same rows in a CSV file. And gzip input, from a file and from stdin.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'stream';
import { ROOT, rfm, tmpFile } from '../helpers';
import { SheetInfo, xlsxAsCsv } from '../../src/io/xlsx';

const FIXTURE = path.join(ROOT, 'fixtures', 'taobao-orders.csv');

/** The fixture's rows, with order ids shortened to 15 digits (a number Excel keeps exactly). */
function fixtureRows(): { header: string[]; rows: string[][] } {
  const all: string[][] = parse(iconv.decode(fs.readFileSync(FIXTURE), 'gbk'), { relax_quotes: true });
  const header = all[0];
  const idCol = header.indexOf('订单编号');
  const rows = all.slice(1).map((r) => {
    const x = [...r];
    const digits = x[idCol].replace(/[="]/g, '');
    x[idCol] = '1' + digits.slice(-14);
    return x;
  });
  return { header, rows };
}

function csvText(header: string[], rows: string[][]): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

const asDate = (s: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s.trim())!;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
};
const serial = (d: Date) => d.getTime() / 86400000 + 25569;

async function workbook(header: string[], rows: string[][], opts: { longIds?: boolean } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('说明').addRow(['本报表由卖家中心导出，仅供参考']);
  const ws = wb.addWorksheet('订单报表');
  ws.addRow(['订单报表 2024-01-01 至 2024-06-30']);
  ws.addRow(header);
  const col = (name: string) => header.findIndex((h) => h.trim() === name);
  const idCol = col('订单编号');
  const created = col('订单创建时间');
  const paid = col('订单付款时间');
  const amount = col('买家实际支付金额');
  rows.forEach((r, i) => {
    const v: (string | number | Date)[] = [...r];
    if (opts.longIds) v[idCol] = Number(r[idCol] + '123');
    else if (i % 2 === 1) v[idCol] = Number(r[idCol]); // id stored as a number
    if (i % 3 === 0 && /^\d{4}-/.test(r[created])) v[created] = asDate(r[created]); // a date cell (serial + date format)
    if (i % 3 === 1 && /^\d{4}-/.test(r[created])) v[created] = serial(asDate(r[created])); // a bare serial number
    if (i % 2 === 0 && /^\d{4}-/.test(r[paid])) v[paid] = asDate(r[paid]);
    if (i % 2 === 0 && r[amount].trim() !== '') v[amount] = Number(r[amount]); // money as a number
    ws.addRow(v);
  });
  const file = tmpFile('orders.xlsx', '');
  await wb.xlsx.writeFile(file);
  return file;
}

describe('.xlsx input', () => {
  const { header, rows } = fixtureRows();

  test('the shortened ids stay distinct', () => {
    const idCol = header.indexOf('订单编号');
    const orig = new Set(rows.map((r) => r[idCol]));
    const fresh: string[][] = parse(iconv.decode(fs.readFileSync(FIXTURE), 'gbk'), { relax_quotes: true });
    expect(orig.size).toBe(new Set(fresh.slice(1).map((r) => r[idCol])).size);
  });

  test('a workbook in the Taobao layout gives the same profiles as the same rows in CSV', async () => {
    const csv = tmpFile('orders.csv', csvText(header, rows));
    const xlsx = await workbook(header, rows);
    const args = ['--as-of', '2024-07-01', '--format', 'csv', '--lang', 'en'];
    const a = await rfm(['profiles', csv, ...args]);
    const b = await rfm(['profiles', xlsx, ...args]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(b.out.split('\n').length).toBeGreaterThan(400);
    expect(b.out).toBe(a.out);
    expect(b.err).toMatch(/orders\.xlsx \(sheet 订单报表\): 3,000 rows/);
    const seg = [await rfm(['segment', csv, ...args]), await rfm(['segment', xlsx, ...args])];
    expect(seg[1].out).toBe(seg[0].out);
  });

  test('the file name does not matter: a workbook is told by its content, also on stdin', async () => {
    const xlsx = await workbook(header, rows.slice(0, 200));
    const renamed = tmpFile('export.csv', fs.readFileSync(xlsx));
    const a = await rfm(['profiles', xlsx, '--format', 'csv', '-q']);
    const b = await rfm(['profiles', renamed, '--format', 'csv', '-q']);
    expect(b.out).toBe(a.out);
    const c = await rfm(['profiles', '-', '--format', 'csv', '-q'], fs.readFileSync(xlsx));
    expect(c.code).toBe(0);
    expect(c.out).toBe(a.out);
  });

  test('rfm inspect shows the sheet, its dimensions and the header row', async () => {
    const xlsx = await workbook(header, rows.slice(0, 100));
    const r = await rfm(['inspect', xlsx, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sheet\s+订单报表 \(sheet 2; 102 rows × 61 columns; passed over: 说明\)/);
    expect(r.out).toMatch(/header\s+row 2, 61 columns/);
    const j = JSON.parse((await rfm(['inspect', xlsx, '--format', 'json'])).out);
    expect(j.sheet).toMatchObject({ name: '订单报表', number: 2, rows: 102, columns: 61, passedOver: ['说明'] });
  });

  test('--sheet by name or number; a missing sheet is a usage error listing the sheets', async () => {
    const xlsx = await workbook(header, rows.slice(0, 50));
    const a = await rfm(['profiles', xlsx, '--sheet', '订单报表', '-q', '--format', 'csv']);
    const b = await rfm(['profiles', xlsx, '--sheet', '2', '-q', '--format', 'csv']);
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
    const c = await rfm(['profiles', xlsx, '--sheet', '3']);
    expect(c.code).toBe(2);
    expect(c.err.trim()).toBe(`rfm: --sheet: no sheet '3' in ${xlsx} (sheets: 1 说明, 2 订单报表)`);
    const d = await rfm(['profiles', xlsx, '--sheet', '说明']);
    expect(d.code).toBe(3);
    expect(d.err.trim()).toBe(`rfm: ${xlsx}: has a header line but no data rows`);
  });

  test('ids longer than Excel keeps are flagged once, with a count', async () => {
    const xlsx = await workbook(header, rows.slice(0, 40), { longIds: true });
    const r = await rfm(['profiles', xlsx, '--format', 'csv']);
    expect(r.code).toBe(0);
    const warnings = r.err.split('\n').filter((l) => /longer than Excel keeps/.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^rfm: warning: 40 order\/customer ids in sheet 订单报表 .*export the report as CSV/);
  });

  test('a bad cell is reported with the sheet row number', async () => {
    const bad = rows.slice(0, 60).map((r) => [...r]);
    const created = header.findIndex((h) => h.trim() === '订单创建时间');
    bad[54][created] = 'soon';
    const xlsx = await workbook(header, bad);
    const r = await rfm(['profiles', xlsx, '--strict']);
    expect(r.code).toBe(4);
    // Data row 55 is sheet row 57 (title row, header row).
    expect(r.err.trim()).toMatch(
      new RegExp(
        `^rfm: ${xlsx.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:57: column 订单创建时间: expected a date like .*, got 'soon'`,
      ),
    );
  });

  test('Chinese text split across the unzipped pieces of the workbook comes out whole', async () => {
    // 30,000 distinct Chinese names: hundreds of KB of shared strings and sheet XML, unzipped in pieces, so many
    // characters straddle a piece boundary (exceljs's reader turned those into U+FFFD).
    const given = Array.from({ length: 30000 }, (_, i) => `顾客${String.fromCharCode(0x4e00 + (i % 20000))}${i}`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('orders');
    ws.addRow(['订单编号', '买家会员名', '订单创建时间', '买家实际支付金额']);
    given.forEach((name, i) => ws.addRow([`A${i}`, name, '2024-05-01 10:00:00', 10]));
    const file = tmpFile('names.xlsx', '');
    await wb.xlsx.writeFile(file);
    const r = await rfm(['profiles', file, '--format', 'csv', '-q']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('\ufffd');
    const ids = r.out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(ids.sort()).toEqual([...given].sort());
  });

  test('every kind of cell becomes the text a CSV export has, with shared strings and without', async () => {
    const rows: unknown[][] = [
      ['买家会员名', '订单创建时间', '买家实际支付金额', '备注'],
      ['张三', new Date(Date.UTC(2024, 4, 1, 10, 30, 0)), 12.5, 'plain'],
      [
        { richText: [{ text: '李' }, { font: { bold: true }, text: '四' }] },
        45413.5,
        { formula: 'B2*2', result: 25 },
        true,
      ],
      ['a,"b"', '2024-05-03 08:00:00', '99.90', { formula: 'D1', result: 'x\ny' }],
      [{ text: '王五', hyperlink: 'http://example.com' }, 45414, 0.1 + 0.2, { error: '#N/A' }],
    ];
    const expected = [
      '买家会员名,订单创建时间,买家实际支付金额,备注',
      '张三,2024-05-01 10:30:00,12.5,plain',
      '李四,2024-05-01 12:00:00,25,TRUE',
      '"a,""b""",2024-05-03 08:00:00,99.90,"x\ny"',
      '王五,2024-05-02,0.3,#N/A',
      '',
    ].join('\n');
    const read = async (file: string) => {
      const info: SheetInfo = { name: '', index: 0, skipped: [], rows: 0, cols: 0, lostIds: 0 };
      const opts = { detect: {}, isHeader: (c: string[]) => c.includes('买家会员名') };
      let text = '';
      for await (const b of xlsxAsCsv(Readable.from([fs.readFileSync(file)]), file, opts, info))
        text += b.toString('utf8');
      return { text, info };
    };
    const shared = new ExcelJS.Workbook();
    const ws = shared.addWorksheet('orders');
    for (const r of rows) ws.addRow(r);
    ws.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
    const a = tmpFile('shared.xlsx', '');
    await shared.xlsx.writeFile(a);
    const b = tmpFile('inline.xlsx', '');
    const streamed = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: b, useSharedStrings: false });
    const sw = streamed.addWorksheet('orders');
    for (const r of rows) sw.addRow(r).commit();
    await streamed.commit();
    for (const file of [a, b]) {
      const { text, info } = await read(file);
      expect(text).toBe(expected);
      expect(info).toMatchObject({ name: 'orders', index: 1, rows: 5, cols: 4 });
    }
  });

  test('an empty workbook and a zip that is not one are input errors; rows without the columns a data error', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('empty');
    const file = tmpFile('empty.xlsx', '');
    await wb.xlsx.writeFile(file);
    const r = await rfm(['profiles', file]);
    expect(r.code).toBe(3);
    expect(r.err.trim()).toMatch(/sheets are empty/);
    // The same as a CSV of these rows: readable, but no customer, date or amount column (exit 4 for both).
    wb.getWorksheet('empty')!.addRows([
      ['foo', 'bar'],
      [1, 2],
    ]);
    await wb.xlsx.writeFile(file);
    const x = await rfm(['profiles', file]);
    expect(x.code).toBe(4);
    expect(x.err.trim()).toMatch(/no sheet has a header with customer, date and amount columns/);
    expect((await rfm(['profiles', tmpFile('nohead.csv', 'foo,bar\n1,2\n')])).code).toBe(4);
    const junk = tmpFile('junk.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(100, 7)]));
    const j = await rfm(['profiles', junk]);
    expect(j.code).toBe(3);
    expect(j.err.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('gzip input', () => {
  test('a .csv.gz file and gzip on stdin read like the plain file', async () => {
    const plain = await rfm(['profiles', FIXTURE, '--format', 'csv', '-q']);
    const gz = tmpFile('orders.csv.gz', zlib.gzipSync(fs.readFileSync(FIXTURE)));
    const a = await rfm(['profiles', gz, '--format', 'csv', '-q']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(plain.out);
    const b = await rfm(['profiles', '-', '--format', 'csv', '-q'], zlib.gzipSync(fs.readFileSync(FIXTURE)));
    expect(b.code).toBe(0);
    expect(b.out).toBe(plain.out);
  });
});
