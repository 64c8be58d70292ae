/**
 * `--top N` on every command that writes one row per customer: the N most valuable by revenue descending, then
 * purchases descending, then customer id — checked against the same command's full output sorted here.
 */
import * as path from 'path';
import { parseCsv, rfm, tmpFile } from '../helpers';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'taobao-orders.csv');
// Ties on purpose: c, a, b spend the same in as many orders (id decides); d spends the same in more orders.
const TIES = tmpFile(
  'ties.csv',
  'order,customer,date,amount\n' +
    '1,c,2024-01-02,50.00\n2,a,2024-01-03,50.00\n3,b,2024-01-04,50.00\n' +
    '4,d,2024-01-05,25.00\n5,d,2024-02-05,25.00\n6,e,2024-02-06,80.00\n7,f,2024-02-07,10.00\n',
);

/** Each command, with the names of its revenue and purchases columns. */
const COMMANDS: [string[], string, string][] = [
  [['profiles'], 'revenue', 'orders'],
  [['segment'], 'revenue', 'orders'],
  [['tiers', '--levels', '30,60'], 'spend', 'orders'],
  [['crowd', '--tag', 'active', '--with', 'none'], 'revenue', 'orders'],
  [['dormant', '--days', '1', '--with', 'none'], 'revenue', 'orders'],
];

/** The ids of a full listing sorted most valuable first, computed here from its own columns. */
function expected(rows: Record<string, string>[], revenue: string, orders: string): string[] {
  return [...rows]
    .sort(
      (x, y) =>
        Number(y[revenue]) - Number(x[revenue]) ||
        Number(y[orders]) - Number(x[orders]) ||
        (x.customer_id < y.customer_id ? -1 : x.customer_id > y.customer_id ? 1 : 0),
    )
    .map((r) => r.customer_id);
}

describe.each(COMMANDS)('%p --top N', (args, revenue, orders) => {
  test.each([
    [TIES, 4, '2024-03-01'],
    [FIXTURE, 25, '2024-12-31'],
  ])('%s: the N most valuable, most valuable first', async (file, n, asOf) => {
    const all = await rfm([...args, file, '--as-of', asOf, '--format', 'csv', '-q']);
    expect([all.code, all.err]).toEqual([0, '']);
    const rows = parseCsv(all.out);
    expect(rows.length).toBeGreaterThan(n);
    const top = await rfm([...args, file, '--as-of', asOf, '--format', 'csv', '-q', '--top', String(n)]);
    expect(top.code).toBe(0);
    expect(parseCsv(top.out).map((r) => r.customer_id)).toEqual(expected(rows, revenue, orders).slice(0, n));
    // More than there are: every row, most valuable first.
    const more = await rfm([...args, file, '--as-of', asOf, '--format', 'csv', '-q', '--top', '100000']);
    expect(parseCsv(more.out).map((r) => r.customer_id)).toEqual(expected(rows, revenue, orders));
  });

  test('--top 0 and --top x are usage errors (exit 2), one line', async () => {
    for (const bad of ['0', 'x', '-1'])
      for (const r of [await rfm([...args, TIES, '--format', 'csv', '--top', bad])]) {
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/^rfm: --top: expected a whole number ≥ 1, got '.*'\n/);
      }
  });
});

test('ties.csv by hand: e, then d (more purchases), then a, b, c by id', async () => {
  const r = await rfm(['profiles', TIES, '--format', 'csv', '-q', '--top', '5']);
  expect(parseCsv(r.out).map((x) => x.customer_id)).toEqual(['e', 'd', 'a', 'b', 'c']);
});

test('--top where no customer rows are written is refused before reading (exit 2)', async () => {
  const missing = path.join(path.dirname(TIES), 'missing.csv');
  const cases = [
    ['segment', missing, '--top', '3', '--format', 'table'],
    ['tiers', missing, '--levels', '10', '--top', '3', '--format', 'table'],
    ['segment', missing, '--top', '3', '--split', path.dirname(TIES) + '/split'],
  ];
  for (const c of cases) {
    const r = await rfm(c);
    expect([c, r.code, r.out]).toEqual([c, 2, '']);
    expect(r.err).toMatch(/--top/);
  }
});

test('profiles --top on a screen: a table of the N most valuable', async () => {
  const r = await rfm(['profiles', TIES, '--format', 'table', '-q', '--top', '2']);
  const ids = r.out.split('\n').flatMap((l) => (/^\W*\s([a-f])\s/.exec(l) ? [/^\W*\s([a-f])\s/.exec(l)![1]] : []));
  expect(ids).toEqual(['e', 'd']);
});
