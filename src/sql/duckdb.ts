/**
 * DuckDB in process (`@duckdb/node-api`, an optional dependency loaded only here): run statements and read a
 * query's rows as texts.
 */
import { InputError } from '../errors';

type DuckDb = typeof import('@duckdb/node-api');

/** Load the DuckDB binding, or say how to install it. */
export function loadDuckDb(): DuckDb {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@duckdb/node-api') as DuckDb;
  } catch {
    throw new InputError('DuckDB is not installed: npm install @duckdb/node-api (an optional dependency of rfm)');
  }
}

/** Run `setup` statements, then `query`; its rows as texts (NULL as null), in the query's order. */
export async function duckdbRows(
  setup: string[],
  query: string,
): Promise<{ names: string[]; rows: (string | null)[][] }> {
  const { DuckDBInstance } = loadDuckDb();
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    for (const s of setup) await con.run(s);
    const reader = await con.runAndReadAll(query);
    const rows = reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
    return { names: reader.columnNames(), rows };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
