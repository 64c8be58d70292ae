/**
 * Workbooks out (`-o x.xlsx`, `--format xlsx`): read back by exceljs and by a real spreadsheet (LibreOffice Calc,
 * headless, converted to CSV), every id comes back as written — leading zeros, 18 digits, `1E5`, a date-like id,
 * `+86…`, `=1+2` — money as numbers, dates as dates. LibreOffice is installed by .ci/run; elsewhere that part is
 * skipped with a message when it is absent.
 */
import { spawnSync } from 'child_process';
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as path from 'path';
import { parseCsv, rfm, tmpDir, tmpFile } from './helpers';

const IDS = ['00001', '202412310000012345', '1E5', '2024-01-02', '+8613800000000', '=1+2'];
const CSV =
  'order,customer,date,amount\n' +
  IDS.map((id, i) => `${i + 1},"${id}",2024-01-0${i + 2},${(i + 1) * 10}.25`).join('\n') +
  '\n9,00001,2024-02-02,5.00\n';
// Each customer's revenue, by hand: 00001 has 10.25 + 5.00.
const REVENUE: Record<string, number> = Object.fromEntries(IDS.map((id, i) => [id, (i + 1) * 10 + 0.25]));
REVENUE['00001'] = 15.25;

async function workbook(args: string[]) {
  const dir = tmpDir();
  const out = path.join(dir, 'customers.xlsx');
  const r = await rfm([...args, tmpFile('ids.csv', CSV), '-o', out, '-q']);
  expect([r.code, r.err]).toEqual([0, '']);
  return out;
}

test('segment -o x.xlsx: ids as text, money as numbers, dates as dates, frozen header with a filter', async () => {
  const file = await workbook(['segment']);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const head = (ws.getRow(1).values as unknown[]).slice(1);
  const col = (name: string) => head.indexOf(name) + 1;
  expect(ws.rowCount).toBe(IDS.length + 1);
  const got = new Map<unknown, { revenue: unknown; first: unknown }>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    got.set(row.getCell(col('customer_id')).value, {
      revenue: row.getCell(col('revenue')).value,
      first: row.getCell(col('first_purchase')).value,
    });
  }
  expect([...got.keys()].sort()).toEqual([...IDS].sort());
  for (const id of IDS) expect(got.get(id)!.revenue).toBe(REVENUE[id]);
  expect(got.get('00001')!.first).toEqual(new Date('2024-01-02T00:00:00Z'));
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(ws.autoFilter).toBe(`A1:${String.fromCharCode(64 + head.length)}${IDS.length + 1}`);
  // No formula anywhere: the =1+2 id is a string cell.
  for (let r = 1; r <= ws.rowCount; r++) ws.getRow(r).eachCell((c) => expect(c.formula).toBeUndefined());
});

test('every command that writes rows writes a workbook; the format follows the name', async () => {
  for (const args of [['profiles'], ['dormant', '--as-of', '2024-06-30'], ['crowd', '--tag', 'new']]) {
    const file = await workbook(args);
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets[0].rowCount).toBeGreaterThan(1);
  }
  const f = tmpFile('ids.csv', CSV);
  expect((await rfm(['segment', f, '-o', path.join(tmpDir(), 'x.xlsx'), '--format', 'csv'])).code).toBe(2);
  expect((await rfm(['segment', f, '-o', path.join(tmpDir(), 'x.csv'), '--format', 'xlsx'])).code).toBe(2);
});

// A spreadsheet start takes seconds: the round trip runs in `npm test`, not in `npm run test:fast`.
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));
const FAST = Boolean(process.env.RFM_TEST_FAST);
if (!SOFFICE && !FAST && process.env.CI)
  throw new Error('LibreOffice is missing: .ci/run installs libreoffice-calc-nogui');
if (!SOFFICE && !FAST) console.warn('xlsx-out.test: LibreOffice not found, the spreadsheet round trip is skipped');

(SOFFICE && !FAST ? test : test.skip)(
  'LibreOffice Calc opens it with every id as written and money as numbers',
  async () => {
    const file = await workbook(['segment']);
    const dir = path.dirname(file);
    const r = spawnSync(
      SOFFICE!,
      [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--convert-to', 'csv', '--outdir', dir, file],
      { encoding: 'utf8', timeout: 120000 },
    );
    expect(r.status).toBe(0);
    const rows = parseCsv(fs.readFileSync(path.join(dir, 'customers.csv'), 'utf8'));
    expect(rows.map((x) => x.customer_id).sort()).toEqual([...IDS].sort());
    for (const x of rows) expect(Number(x.revenue)).toBe(REVENUE[x.customer_id]);
  },
  150000,
);
