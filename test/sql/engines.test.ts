/**
 * The proof on real data and on Postgres: CDNOW and Online Retail through `rfm segment` and through `rfm log` →
 * all-text table → `rfm sql` on DuckDB and on Postgres (PGlite) give the same CSV, byte for byte, with
 * quantile and ntile scoring (and cn8); the fixtures of equal.test.ts on Postgres. ClickHouse too when chdb
 * can be loaded (CHDB_MODULE=/path/to/node_modules/chdb). In the slow suite.
 */
import * as path from 'path';
import { SHARED, hasShared, tmpFile } from '../helpers';
import { hasChdb, logOf, onClickHouse, onDuckDb, onPostgres, segmentCsv } from './engines';
import { FIXTURES } from './fixtures';

const REAL: [string, string, number][] = [
  ['CDNOW', path.join(SHARED, 'real', 'CDNOW_master.txt'), 23570],
  ['Online Retail', path.join(SHARED, 'real', 'online_retail.csv.gz'), 4339],
];
const SCORINGS = [[], ['--scoring', 'ntile'], ['--model', 'cn8', '--split', 'median']];

(hasShared ? describe.each(REAL) : describe.skip.each(REAL))('%s', (_name, file, customers) => {
  let log: string;
  let want: string[];
  beforeAll(async () => {
    log = await logOf(file);
    want = await Promise.all(SCORINGS.map((a) => segmentCsv(file, a)));
    // One row per customer (the published count) under the header.
    for (const w of want) expect(w.trimEnd().split('\n').length).toBe(customers + 1);
  });
  test.each(SCORINGS.map((a, i) => [a.join(' ') || '--scoring quantile', i]))('DuckDB %s', async (_t, i) => {
    expect(await onDuckDb(log, SCORINGS[i as number])).toBe(want[i as number]);
  });
  test('Postgres, every scoring', async () => {
    expect(await onPostgres(log, SCORINGS)).toEqual(want);
  });
  (hasChdb ? test : test.skip)('ClickHouse (chdb, when installed), every scoring', async () => {
    expect(await onClickHouse(log, SCORINGS)).toEqual(want);
  });
});

describe.each(FIXTURES)('%s fixture', (_name, make, asOf, variants) => {
  test('Postgres, every option set', async () => {
    const input = tmpFile('orders.csv', make());
    const log = await logOf(input, asOf);
    const runs = variants.map((v) => [...v, ...asOf]);
    const want = await Promise.all(runs.map((a) => segmentCsv(input, a)));
    expect(await onPostgres(log, runs)).toEqual(want);
  });
  (hasChdb ? test : test.skip)('ClickHouse (chdb, when installed), every option set', async () => {
    const input = tmpFile('orders.csv', make());
    const log = await logOf(input, asOf);
    const runs = variants.map((v) => [...v, ...asOf]);
    const want = await Promise.all(runs.map((a) => segmentCsv(input, a)));
    expect(await onClickHouse(log, runs)).toEqual(want);
  });
});
