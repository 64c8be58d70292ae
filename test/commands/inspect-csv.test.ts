/** `rfm inspect --format csv`: one row per header column with the role it was given (a table a script can read). */
import * as path from 'path';
import { parseCsv, rfm, tmpFile } from '../helpers';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'taobao-orders.csv');

test('every column once, in order, with its role and how it was decided', async () => {
  const file = tmpFile('o.csv', 'Order ID,Customer ID,Order Date,Amount,Note,"Ship, to"\n1,a,2024-01-02,"1,5",x,y\n');
  const r = await rfm(['inspect', file, '--format', 'csv', '--customer-col', 'Note', '--decimal', ',']);
  expect(r.code).toBe(0);
  expect(parseCsv(r.out)).toEqual([
    { column_no: '1', column: 'Order ID', role: 'order', from: 'preset', decimal: '' },
    { column_no: '2', column: 'Customer ID', role: '', from: '', decimal: '' },
    { column_no: '3', column: 'Order Date', role: 'date', from: 'preset', decimal: '' },
    { column_no: '4', column: 'Amount', role: 'amount', from: 'preset', decimal: 'comma' },
    { column_no: '5', column: 'Note', role: 'customer', from: 'flag', decimal: '' },
    { column_no: '6', column: 'Ship, to', role: '', from: '', decimal: '' },
  ]);
});

test('agrees with --format json on the Taobao sample: each role on its column, the rest empty', async () => {
  const csv = parseCsv((await rfm(['inspect', FIXTURE, '--format', 'csv'])).out);
  const json = JSON.parse((await rfm(['inspect', FIXTURE, '--format', 'json'])).out) as {
    header: { columns: number };
    roles: Record<string, { column: string; index: number }>;
  };
  expect(csv).toHaveLength(json.header.columns);
  const byRole = Object.entries(json.roles).map(([role, c]) => [c.index, c.column, role]);
  expect(byRole.length).toBeGreaterThan(5);
  for (const [index, column, role] of byRole) {
    expect(csv[(index as number) - 1].column).toBe(column);
    expect(csv[(index as number) - 1].role.split(';')).toContain(role);
  }
  expect(csv.filter((r) => r.role !== '').length).toBe(new Set(byRole.map((b) => b[0])).size);
});

test('a format inspect does not write is refused (exit 2)', async () => {
  const r = await rfm(['inspect', FIXTURE, '--format', 'xlsx']);
  expect([r.code, r.out]).toEqual([2, '']);
});
