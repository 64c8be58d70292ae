/** `rfm sql`: flags, errors, the output file, and each dialect's spelling of the known traps. */
import * as fs from 'fs';
import * as path from 'path';
import { rfm, tmpDir } from '../helpers';

test('--help names the dialects and the log columns', async () => {
  const r = await rfm(['sql', '--help']);
  expect(r.code).toBe(0);
  for (const d of ['duckdb', 'postgres', 'clickhouse', 'spark', 'bigquery']) expect(r.out).toContain(d);
  expect(r.out.replace(/\s+/g, ' ')).toContain('customer_id, order_id, order_date, amount, kind, refund');
});

test.each([
  [['--dialect', 'oracle'], /--dialect/],
  [['--as-of', '2024-02-30'], /--as-of/],
  [['--split', 'somewhere'], /--split/],
  [['--bins', '12'], /--bins/],
  [['--model', 'rules'], /--rules/],
])('%j is a usage error (exit 2)', async (args, msg) => {
  const r = await rfm(['sql', ...args]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(msg);
  expect(r.out).toBe('');
});

test('-o writes the query to a file; --table and --as-of go into it', async () => {
  const out = path.join(tmpDir(), 'q.sql');
  const r = await rfm(['sql', '-o', out, '--table', 'shop.orders', '--as-of', '1970-01-11']);
  expect(r.code).toBe(0);
  const q = fs.readFileSync(out, 'utf8');
  expect(q).toContain('FROM shop.orders');
  expect(q).toContain('10 AS as_of');
});

describe('integer division as each engine spells it', () => {
  // `/` is float division in DuckDB and ClickHouse: every division of whole numbers must use the integer
  // operator; the only `/` left orders average order values (a double) before they are compared exactly.
  test.each([
    ['duckdb', '//'],
    ['clickhouse', 'intDiv('],
    ['spark', ' div '],
    ['bigquery', 'DIV('],
  ])('%s', async (dialect, op) => {
    const r = await rfm(['sql', '--dialect', dialect]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(op);
    const slashes = r.out.replace(/\/\//g, '').match(/\//g) ?? [];
    expect(slashes.length).toBe(1);
    expect(r.out).toMatch(/revenue_units( AS \w+)?\) \/ orders/);
  });
  test('no correlated subquery (a correlated COUNT can be NULL in ClickHouse)', async () => {
    const r = await rfm(['sql', '--dialect', 'clickhouse', '--model', 'cn8']);
    expect(r.out).not.toMatch(/\(\s*SELECT\s+COUNT/i);
  });
});
