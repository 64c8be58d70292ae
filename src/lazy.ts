/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Libraries and modules loaded on first use: every run loads what reading and scoring need; terminal tables,
 * the progress bar, the workbook writer and CSV parsing of side files only when a run uses them (start-up loaded
 * 367 modules for `rfm --version`).
 */
import type TableLib from 'cli-table3';
import type * as ProgressLib from 'cli-progress';
import type * as XlsxWrite from './io/xlsx-write';
import type * as CsvSync from 'csv-parse/sync';
import type * as Predict from './model/predict/predict';
import type * as PredictSummary from './model/predict/summary';
import type * as PredictHoldout from './model/predict/holdout';
import type * as PredictAlive from './model/predict/alive';

/** The first call loads, later ones return the same module. */
function lazy<T>(load: () => T): () => T {
  let m: T | undefined;
  return () => (m ??= load());
}

const tableLib = lazy(() => require('cli-table3') as typeof TableLib);

/** A cli-table3 table. */
export const newTable = (options?: TableLib.TableConstructorOptions): InstanceType<typeof TableLib> =>
  new (tableLib())(options);

/** cli-progress. */
export const progressLib = lazy(() => require('cli-progress') as typeof ProgressLib);

/** The .xlsx writer. */
export const xlsxWrite = lazy(() => require('./io/xlsx-write') as typeof XlsxWrite);

/** csv-parse's synchronous parser. */
export const csvSync = lazy(() => require('csv-parse/sync') as typeof CsvSync);

/** The purchase models of `rfm predict` (their special functions and optimiser are a hundred modules). */
export const models = lazy(() => ({
  ...(require('./model/predict/predict') as typeof Predict),
  ...(require('./model/predict/summary') as typeof PredictSummary),
  ...(require('./model/predict/holdout') as typeof PredictHoldout),
  ...(require('./model/predict/alive') as typeof PredictAlive),
}));
