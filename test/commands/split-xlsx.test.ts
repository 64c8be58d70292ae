/**
 * `--split out.xlsx` (one workbook: an index sheet, then a sheet per segment) and `--split DIR --format xlsx`
 * (a folder of workbooks): read back with exceljs, every sheet holds exactly the rows of the CSV split's file.
 */
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as path from 'path';
import { parseCsv, rfm, tmpDir } from '../helpers';
import { sheetNames } from '../../src/io/xlsx-write';

const fixture = path.join(__dirname, '..', '..', 'fixtures', 'taobao-orders.csv');

/** A sheet's rows as objects of strings (numbers and dates written back the way the CSV writes them). */
function sheetRows(ws: ExcelJS.Worksheet): Record<string, string>[] {
  const head = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, string>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const o: Record<string, string> = {};
    head.forEach((h, i) => {
      const v = row.getCell(i + 1).value;
      o[h] = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    });
    out.push(o);
  }
  return out;
}

/** A CSV row as the workbook shows it: numbers as numbers print (`12.50` → `12.5`). */
function asShown(rows: Record<string, string>[]): Record<string, string>[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, /^-?\d+(\.\d+)?$/.test(v) && !/^0\d/.test(v) ? String(Number(v)) : v]),
    ),
  );
}

async function csvSplit(lang: string): Promise<{ index: Record<string, string>[]; files: Map<string, string> }> {
  const dir = tmpDir();
  const r = await rfm(['segment', fixture, '--split', dir, '--lang', lang, '-q']);
  expect(r.code).toBe(0);
  const files = new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  return { index: parseCsv(files.get('index.csv')!), files };
}

test('--split out.xlsx: an index sheet and one sheet per segment, each with the CSV split’s rows', async () => {
  const { index, files } = await csvSplit('en');
  const out = path.join(tmpDir(), 'segments.xlsx');
  const r = await rfm(['segment', fixture, '--split', out, '--lang', 'en']);
  expect(r.code).toBe(0);
  expect(r.err).toContain(`wrote ${out} (${index.length + 1} sheets)`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['index', ...index.map((i) => i.segment)]);
  const shown = sheetRows(wb.worksheets[0]);
  expect(shown.map((s) => [s.sheet, s.customers, s.revenue])).toEqual(
    index.map((i) => [i.segment, i.customers, String(Number(i.revenue))]),
  );
  index.forEach((entry, k) => {
    const ws = wb.getWorksheet(shown[k].sheet)!;
    expect(sheetRows(ws)).toEqual(asShown(parseCsv(files.get(entry.file)!)));
    if (Number(entry.customers) > 0) expect(ws.autoFilter).toMatch(new RegExp(`^A1:[A-Z]+${ws.rowCount}$`));
  });
  // "Can't Lose Them" keeps its apostrophe as a sheet name.
  expect(wb.getWorksheet("Can't Lose Them")).toBeDefined();
});

test('--split DIR --format xlsx: a workbook per segment, listed by index.csv, the same rows as the CSV split', async () => {
  const { index, files } = await csvSplit('zh');
  const dir = tmpDir();
  const r = await rfm(['segment', fixture, '--split', dir, '--format', 'xlsx', '-q']);
  expect(r.code).toBe(0);
  // The screen still gets the report (a table), not a workbook.
  expect(r.out).toContain('┌');
  expect(r.out).not.toMatch(/^PK/);
  const listed = parseCsv(fs.readFileSync(path.join(dir, 'index.csv'), 'utf8'));
  expect(listed.map((l) => l.file)).toEqual(index.map((i) => i.file.replace(/\.csv$/, '.xlsx')));
  expect(fs.readdirSync(dir).sort()).toEqual([...listed.map((l) => l.file), 'index.csv'].sort());
  for (const [k, l] of listed.entries()) {
    const bytes = fs.readFileSync(path.join(dir, l.file));
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // no BOM before the zip
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(sheetRows(wb.worksheets[0])).toEqual(asShown(parseCsv(files.get(index[k].file)!)));
  }
  // Back to CSV in the same folder: the workbooks the index listed are removed.
  expect((await rfm(['segment', fixture, '--split', dir, '-q'])).code).toBe(0);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.xlsx'))).toEqual([]);
});

test('--split out.xlsx with --holdout: a holdout sheet per segment; a folder by that name is refused', async () => {
  const out = path.join(tmpDir(), 'h.xlsx');
  const r = await rfm(['segment', fixture, '--split', out, '--lang', 'en', '--holdout', '10%', '-q']);
  expect(r.code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const index = sheetRows(wb.worksheets[0]);
  for (const i of index) {
    const contact = wb.getWorksheet(i.sheet)!.rowCount - 1;
    const held = wb.getWorksheet(i.holdout_sheet)!.rowCount - 1;
    expect([contact, held]).toEqual([Number(i.contact), Number(i.holdout)]);
    expect(contact + held).toBe(Number(i.customers));
  }
  const folder = path.join(tmpDir(), 'dir.xlsx');
  fs.mkdirSync(folder);
  const bad = await rfm(['segment', fixture, '--split', folder, '-q']);
  expect(bad.code).toBe(2);
  expect(bad.err.trim().split('\n')).toHaveLength(1);
});

test('sheetNames: Excel’s rules — no []:*?/\\, at most 31 characters, unique ignoring case, never empty', () => {
  const long = 'A very long segment name that goes on and on';
  const names = sheetNames(['index', 'a/b:c*d?[e]\\f', long, long, 'INDEX', "'quoted'", '', 'History']);
  expect(names).toEqual([
    'index',
    'a_b_c_d__e__f',
    long.slice(0, 31),
    long.slice(0, 27) + ' (2)',
    'INDEX (2)',
    'quoted',
    'Sheet',
    'History (2)',
  ]);
  for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
});

test('crowd --split DIR is refused before reading (exit 2, one line naming rfm segment --split); help says so', async () => {
  const dir = tmpDir();
  const r = await rfm(['crowd', path.join(dir, 'no-such-export.csv'), '--tag', 'loyal', '--split', dir]);
  expect([r.code, r.out]).toEqual([2, '']);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/crowd writes one list \(-o FILE\).*rfm segment --split DIR/);
  expect(fs.readdirSync(dir)).toEqual([]);
  const help = (await rfm(['crowd', '--help'])).out.replace(/\s+/g, ' ');
  expect(help).toMatch(/--split <how> cn8: split each axis at its 'mean' \(default\) or 'median'/);
  expect(help).not.toMatch(/a folder to write/);
  expect((await rfm(['segment', '--help'])).out.replace(/\s+/g, ' ')).toMatch(/NAME\.xlsx: one workbook/);
});
