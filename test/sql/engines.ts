/** Running `rfm log` and `rfm sql` output on DuckDB and on Postgres (PGlite), for the equality tests. */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { rfm, tmpDir } from '../helpers';
import { duckdbRows } from '../../src/sql/duckdb';
import { DORMANT_SQL_COLUMNS, SEGMENT_SQL_COLUMNS, TIERS_SQL_COLUMNS, sqlRowsCsv } from '../../src/sql/segment';

const run = promisify(execFile);

/** The purchase log of an export, written by rfm log. */
export async function logOf(input: string, args: string[] = []): Promise<string> {
  const out = path.join(tmpDir(), 'purchases.csv');
  const r = await rfm(['log', input, '-o', out, '-q', ...args]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return out;
}

/** The query rfm sql prints. */
export async function sqlOf(args: string[]): Promise<string> {
  const r = await rfm(['sql', ...args]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return r.out;
}

/** rfm segment's CSV (rfm dormant's for `--command dormant`). */
export async function segmentCsv(input: string, args: string[]): Promise<string> {
  const at = args.indexOf('--command');
  const command = at >= 0 ? args[at + 1] : 'segment';
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  // The sleeping list's contact columns come from the export's rows, which a purchase log does not carry.
  const contacts = command === 'dormant' ? ['--with', 'none'] : [];
  const r = await rfm([command, input, '--format', 'csv', '-q', '--no-bom', ...contacts, ...rest]);
  expect(r.code).toBe(0);
  return r.out;
}

/** Rows as rfm segment's CSV, or rfm dormant's or tiers' when the query was `--command dormant|tiers`. */
export const csvOf = (rows: (string | null)[][], args: string[] = []): string => {
  let s = '';
  const command = args.join(' ');
  const cols = command.includes('--command dormant')
    ? DORMANT_SQL_COLUMNS
    : command.includes('--command tiers')
      ? TIERS_SQL_COLUMNS
      : undefined;
  const shop = command.includes('--shop-col');
  const base = cols ?? SEGMENT_SQL_COLUMNS;
  sqlRowsCsv(rows, (x) => (s += x), shop ? [{ name: 'shop', kind: 'text' as const }, ...base] : base);
  return s;
};

/** The query's CSV on DuckDB over the log read as all VARCHAR (or with DuckDB's typed columns: `typed`). */
export async function onDuckDb(log: string, args: string[], typed = false): Promise<string> {
  const query = await sqlOf(['--dialect', 'duckdb', ...args]);
  const file = log.replace(/'/g, "''");
  const view = typed
    ? `SELECT customer_id, order_id, CAST(order_date AS DATE) AS order_date, CAST(amount AS DECIMAL(18, 4)) AS amount, ` +
      `kind, CAST(refund AS DOUBLE) AS refund FROM read_csv('${file}', header = true, all_varchar = true)`
    : `SELECT * FROM read_csv('${file}', header = true, all_varchar = true)`;
  return csvOf((await duckdbRows([`CREATE VIEW purchases AS ${view}`], query)).rows, args);
}

/** The queries' CSVs on Postgres (PGlite, in a child process) over the log copied into a table of TEXT columns. */
export async function onPostgres(log: string, argsList: string[][]): Promise<string[]> {
  const files: string[] = [];
  for (const args of argsList) {
    const f = path.join(path.dirname(log), `query${files.length}.sql`);
    fs.writeFileSync(f, await sqlOf(['--dialect', 'postgres', ...args]));
    files.push(f);
  }
  const { stdout } = await run(process.execPath, [path.join(__dirname, 'pglite-run.mjs'), log, ...files], {
    maxBuffer: 1 << 30,
  });
  return (JSON.parse(stdout) as (string | null)[][][]).map((rows, i) => csvOf(rows, argsList[i]));
}

/** Whether ClickHouse in process (chdb, not a dependency: ~550 MB) can be loaded, from CHDB_MODULE or node_modules. */
export const hasChdb = (() => {
  try {
    require.resolve(process.env.CHDB_MODULE || 'chdb');
    return true;
  } catch {
    return false;
  }
})();

/** The queries' CSVs on ClickHouse (chdb, in a child process) over the log read with every column a String. */
export async function onClickHouse(log: string, argsList: string[][]): Promise<string[]> {
  const files: string[] = [];
  for (const args of argsList) {
    const f = path.join(path.dirname(log), `ch${files.length}.sql`);
    fs.writeFileSync(f, await sqlOf(['--dialect', 'clickhouse', ...args]));
    files.push(f);
  }
  const { stdout } = await run(process.execPath, [path.join(__dirname, 'chdb-run.js'), log, ...files], {
    maxBuffer: 1 << 30,
  });
  return (JSON.parse(stdout) as (string | null)[][][]).map((rows, i) => csvOf(rows, argsList[i]));
}
