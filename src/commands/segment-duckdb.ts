/**
 * `rfm segment LOG… --engine duckdb`: rfm sql's query run in process on DuckDB over purchase logs (`rfm log`
 * CSV, or Parquet) too large for the JavaScript core. Writes the same CSV `rfm segment --format csv` writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputError, UsageError } from '../errors';
import { InputFlags, OutputFlags, RfmFlags, outputsOf, parseAsOf, rfmOptions } from '../options';
import { checkOutputs } from '../io/write';
import { DIALECT, str } from '../sql/dialect';
import { duckdbRows } from '../sql/duckdb';
import { SqlOptions, modelFor, segmentSql, sqlRowsCsv } from '../sql/segment';
import type { Lang } from '../model/segments';
import type { Runtime } from '../runtime';
import { emit } from './common';

/** DuckDB's reader of the given logs: Parquet when every file ends in .parquet, else CSV with every column text. */
export function logSource(files: string[]): string {
  const list = `[${files.map(str).join(', ')}]`;
  if (files.every((f) => /\.parquet$/i.test(f))) return `read_parquet(${list})`;
  if (files.some((f) => /\.parquet$/i.test(f)))
    throw new UsageError('--engine duckdb: logs are all CSV or all Parquet');
  return `read_csv(${list}, header = true, all_varchar = true)`;
}

/** Run rfm segment's query on DuckDB over the logs and write its CSV. */
export async function segmentOnDuckDb(
  files: string[],
  flags: InputFlags & OutputFlags & RfmFlags,
  rt: Runtime,
): Promise<{ customers: number }> {
  if (!files.length) throw new UsageError('missing input: --engine duckdb reads purchase logs written by rfm log');
  if (flags.format && flags.format !== 'csv') throw new UsageError('--engine duckdb writes CSV only (--format csv)');
  const opts = rfmOptions(flags, rt);
  if (opts.splitDir) throw new UsageError('--engine duckdb: --split DIR is not supported; write CSV and split it');
  const paths = files.map((f) => path.resolve(rt.cwd, f));
  checkOutputs(files, outputsOf(flags), rt.cwd);
  for (const [i, p] of paths.entries())
    if (!fs.existsSync(p) || !fs.statSync(p).isFile()) throw new InputError(`${files[i]}: no such file`);
  const utc = { dayOf: (d: Date) => Math.floor(d.getTime() / 86400000) } as never;
  const lang = (flags.lang as Lang | undefined) ?? 'en';
  const o: SqlOptions = { ...opts, table: 'purchases', asOf: parseAsOf(flags.asOf, rt)?.(utc), lang };
  const model = modelFor(o);
  const view = `CREATE VIEW purchases AS SELECT * FROM ${logSource(paths)}`;
  let rows: (string | null)[][];
  try {
    // A log written with --traits carries the columns of the mobile, discount and province: tags.
    const { names } = await duckdbRows([view], 'SELECT * FROM purchases LIMIT 0');
    o.traits = ['mobile', 'discount', 'region', 'seq'].every((c) => names.includes(c));
    rows = (await duckdbRows([view], segmentSql(DIALECT.duckdb, o, model))).rows;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      `${files.join(', ')}: DuckDB could not read the purchase log: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  if (!flags.quiet)
    rt.stderr.write(`rfm: ${files.join(', ')}: ${rows.length.toLocaleString('en-US')} customers (DuckDB)\n`);
  await emit(flags, rt, lang, (_f, w) => sqlRowsCsv(rows, w), 'csv');
  return { customers: rows.length };
}
