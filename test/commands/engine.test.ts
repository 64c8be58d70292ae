/**
 * `rfm segment --engine duckdb`: rfm sql's query run in process over purchase logs (CSV or Parquet) writes
 * the CSV the JavaScript core writes from the export.
 */
import * as path from 'path';
import { SHARED, hasShared, rfm, tmpDir, tmpFile } from '../helpers';
import { duckdbRows } from '../../src/sql/duckdb';
import { logOf, segmentCsv } from '../sql/engines';
import { tieHeavy } from '../sql/fixtures';

test('a log, with --scoring ntile and --model cn8 too, gives rfm segment CSV of the export', async () => {
  const input = tmpFile('orders.csv', tieHeavy());
  const log = await logOf(input);
  for (const args of [[], ['--scoring', 'ntile'], ['--model', 'cn8', '--split', 'median']]) {
    const r = await rfm(['segment', log, '--engine', 'duckdb', '-q', ...args]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(await segmentCsv(input, args));
  }
});

test('Parquet logs, two of them read as one, with --as-of', async () => {
  const input = tmpFile('orders.csv', tieHeavy());
  const log = await logOf(input);
  const dir = tmpDir();
  const parts = ['a.parquet', 'b.parquet'].map((f) => path.join(dir, f));
  // Split the log by row number into two Parquet files of text columns.
  await duckdbRows(
    [
      `CREATE TABLE l AS SELECT *, row_number() OVER () AS i FROM read_csv('${log}', all_varchar = true)`,
      `COPY (SELECT * EXCLUDE (i) FROM l WHERE i % 2 = 0) TO '${parts[0]}' (FORMAT parquet)`,
      `COPY (SELECT * EXCLUDE (i) FROM l WHERE i % 2 = 1) TO '${parts[1]}' (FORMAT parquet)`,
    ],
    'SELECT 1',
  );
  const r = await rfm(['segment', ...parts, '--engine', 'duckdb', '-q', '--as-of', '2024-03-20']);
  expect(r.code).toBe(0);
  expect(r.out).toBe(await segmentCsv(input, ['--as-of', '2024-03-20']));
});

test.each([
  [['--format', 'table'], 2, /CSV only/],
  [['--split', 'out'], 2, /--split/],
])('%j with --engine duckdb is refused', async (args, code, msg) => {
  const log = tmpFile('purchases.csv', 'customer_id,order_id,order_date,amount,kind,refund\n');
  const r = await rfm(['segment', log, '--engine', 'duckdb', ...(args as string[])]);
  expect(r.code).toBe(code);
  expect(r.err).toMatch(msg as RegExp);
});

test('a file that is not a purchase log is an input error naming it', async () => {
  const bad = tmpFile('orders.csv', 'id,when\n1,yesterday\n');
  const r = await rfm(['segment', bad, '--engine', 'duckdb']);
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/orders\.csv: DuckDB could not read the purchase log/);
});

(hasShared ? test : test.skip)('CDNOW: the log through DuckDB gives the export through the core', async () => {
  const file = path.join(SHARED, 'real', 'CDNOW_master.txt');
  const r = await rfm(['segment', await logOf(file), '--engine', 'duckdb', '-q']);
  expect(r.code).toBe(0);
  expect(r.out).toBe(await segmentCsv(file, []));
});
