/**
 * Contact lists: crowd and dormant carry the export's contact columns of each customer's latest order, ordered
 * by value; checked against the raw rows of the export, read here on their own.
 */
import * as fs from 'fs';
import * as iconv from 'iconv-lite';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { ROOT, parseCsv, rfm, tmpFile } from '../helpers';

const FIXTURE = path.join(ROOT, 'fixtures', 'taobao-orders.csv');

test('crowd and dormant on the Taobao sample carry 收货人姓名 and 联系手机, the most valuable first', async () => {
  const raw = parse(iconv.decode(fs.readFileSync(FIXTURE), 'gb18030'), {
    columns: true,
    trim: true,
    relax_quotes: true,
  }) as Record<string, string>[];
  // Every name and phone each buyer has on their rows, as written (Excel's guards stripped).
  const seen = new Map<string, Set<string>>();
  for (const r of raw) {
    const key = r['买家会员名'];
    const phone = r['联系手机'].replace(/^="(.*)"$/, '$1').replace(/^['\t]/, '');
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key)!.add(`${r['收货人姓名']}|${phone}`);
  }
  for (const args of [
    ['crowd', FIXTURE, '--tag', 'loyal'],
    ['dormant', FIXTURE],
  ]) {
    const rows = parseCsv((await rfm([...args, '--format', 'csv', '-q', '--no-bom'])).out);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(seen.get(r.customer_id)!.has(`${r['收货人姓名']}|${r['联系手机']}`)).toBe(true);
    const revenue = rows.map((r) => Number(r.revenue));
    expect(revenue).toEqual([...revenue].sort((a, b) => b - a));
  }
});

test("the latest order's details, not the first's; --with picks columns; a missing one is a usage error", async () => {
  const csv =
    'Name,Email,Financial Status,Created at,Lineitem quantity,Total,Billing Name,Phone,Accepts Marketing\n' +
    '#1,a@x.com,paid,2024-01-02 10:00:00 +0000,1,10.00,Ann Old,+1 555 0100,no\n' +
    '#2,a@x.com,paid,2024-03-02 10:00:00 +0000,1,20.00,Ann New,+1 555 0199,yes\n' +
    '#3,b@x.com,paid,2024-02-02 10:00:00 +0000,1,50.00,Bob,+1 555 0200,yes\n';
  const file = tmpFile('shopify.csv', csv);
  // JSON: the values as they are (CSV guards a leading + with ', so a spreadsheet does not take it for a formula).
  const rows = JSON.parse((await rfm(['crowd', file, '--tag', 'active', '--format', 'json', '-q'])).out) as Record<
    string,
    string
  >[];
  expect(rows.map((r) => [r.customer_id, r['Billing Name'], r.Phone, r['Accepts Marketing']])).toEqual([
    ['b@x.com', 'Bob', '+1 555 0200', 'yes'],
    ['a@x.com', 'Ann New', '+1 555 0199', 'yes'],
  ]);
  const only = parseCsv(
    (await rfm(['crowd', file, '--tag', 'active', '--with', 'Phone', '--format', 'csv', '-q'])).out,
  );
  expect(Object.keys(only[0])).toEqual([
    'customer_id',
    'segment',
    'tags',
    'orders',
    'revenue',
    'last_purchase',
    'Phone',
  ]);
  expect((await rfm(['crowd', file, '--tag', 'active', '--with', 'Fax', '-q'])).code).toBe(2);
});

test('dormant --top N lists the N with most at stake; the figures still count everyone', async () => {
  const all = parseCsv((await rfm(['dormant', FIXTURE, '--format', 'csv', '-q', '--no-bom'])).out);
  const top = parseCsv((await rfm(['dormant', FIXTURE, '--top', '5', '--format', 'csv', '-q', '--no-bom'])).out);
  expect(top).toEqual(all.slice(0, 5));
  const j = JSON.parse((await rfm(['dormant', FIXTURE, '--top', '5', '--format', 'json', '-q'])).out);
  expect(j.rows).toHaveLength(5);
  expect(j.sleeping).toBe(all.filter((r) => r.status === 'sleeping').length);
});

test('contacts are read back the same from a gzipped copy, a UTF-16 copy and past multi-line cells', async () => {
  const zlib = await import('zlib');
  const list = async (file: string) =>
    (await rfm(['crowd', file, '--tag', 'repeat', '--format', 'csv', '-q', '--no-bom'])).out;
  const plain = await list(FIXTURE);
  expect(parseCsv(plain).filter((r) => r['联系手机'] !== '').length).toBeGreaterThan(10);
  expect(await list(tmpFile('taobao.csv.gz', zlib.gzipSync(fs.readFileSync(FIXTURE))))).toBe(plain);
  const utf16 = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    iconv.encode(iconv.decode(fs.readFileSync(FIXTURE), 'gb18030'), 'utf16le'),
  ]);
  expect(await list(tmpFile('taobao-utf16.csv', utf16))).toBe(plain);
  // A quoted address spanning lines early on: every later row's line number moves, the details still match.
  const csv =
    'Name,Email,Financial Status,Created at,Total,Billing Name,Phone,Billing Address1\n' +
    '#1,a@x.com,paid,2024-01-02 10:00:00 +0000,10.00,Ann,+1 555 0100,"1 Main St\nFloor 2\nRoom ""B"""\n' +
    '#2,b@x.com,paid,2024-02-02 10:00:00 +0000,50.00,Bob,+1 555 0200,2 Side St\n' +
    '#3,c@x.com,paid,2024-02-03 10:00:00 +0000,30.00,Cy,+1 555 0300,"3 Back St, Unit 4"\n';
  const rows = JSON.parse(
    (await rfm(['crowd', tmpFile('multi.csv', csv), '--tag', 'active', '--format', 'json', '-q'])).out,
  ) as Record<string, string>[];
  expect(rows.map((r) => [r.customer_id, r['Billing Name'], r.Phone, r['Billing Address1']])).toEqual([
    ['b@x.com', 'Bob', '+1 555 0200', '2 Side St'],
    ['c@x.com', 'Cy', '+1 555 0300', '3 Back St, Unit 4'],
    ['a@x.com', 'Ann', '+1 555 0100', '1 Main St\nFloor 2\nRoom "B"'],
  ]);
  // CRLF line ends, and a lone CR inside a cell (a line end to the row scanner, so to the log's line numbers too).
  const crlf = csv.replace('Floor 2\n', 'Floor 2\r').replace(/\n/g, '\r\n');
  const rows2 = JSON.parse(
    (await rfm(['crowd', tmpFile('crlf.csv', crlf), '--tag', 'active', '--format', 'json', '-q'])).out,
  ) as Record<string, string>[];
  expect(rows2.map((r) => [r.customer_id, r['Billing Name'], r['Billing Address1']])).toEqual([
    ['b@x.com', 'Bob', '2 Side St'],
    ['c@x.com', 'Cy', '3 Back St, Unit 4'],
    ['a@x.com', 'Ann', '1 Main St\r\nFloor 2\rRoom "B"'],
  ]);
  // Ann not listed: her row's line ends are skipped, not scanned.
  const top = JSON.parse(
    (await rfm(['crowd', tmpFile('crlf.csv', crlf), '--tag', 'active', '--top', '2', '--format', 'json', '-q'])).out,
  ) as Record<string, string>[];
  expect(top.map((r) => [r.customer_id, r['Billing Name']])).toEqual([
    ['b@x.com', 'Bob'],
    ['c@x.com', 'Cy'],
  ]);
});
