/**
 * Start-up loads what every run needs: terminal tables, the progress bar, the workbook writer, CSV parsing of side
 * files and predict's models load on first use. Checked on the built CLI in a fresh process (skipped by the fast
 * loop, which does not build dist/).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT, tmpFile } from './helpers';

const FAST = Boolean(process.env.RFM_TEST_FAST);

/** The modules a fresh process has loaded after running the CLI with `args`. */
function loadedBy(args: string[]): string[] {
  const script =
    `process.argv = [process.argv[0], 'rfm', ...${JSON.stringify(args)}];` +
    `process.on('exit', () => require('fs').writeSync(3, JSON.stringify(Object.keys(require.cache))));` +
    `require(${JSON.stringify(path.join(ROOT, 'dist', 'main.js'))}).cli();`;
  const r = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  return JSON.parse(r.output[3]!.toString()) as string[];
}

const heavy = (mods: string[]) =>
  ['cli-table3', 'cli-progress', '@stdlib', 'fmin', 'csv-parse', 'xlsx-write'].filter((h) =>
    mods.some((m) => m.includes(h)),
  );

(FAST ? test.skip : test)('rfm --version and a CSV segment run load none of the on-demand modules', () => {
  const version = loadedBy(['--version']);
  expect(heavy(version)).toEqual([]);
  expect(version.length).toBeLessThan(150);
  const csv = tmpFile('startup.csv', 'customer_id,order_date,amount\na,2024-01-02,10\nb,2024-01-03,20\n');
  expect(heavy(loadedBy(['segment', csv, '--format', 'csv', '-o', tmpFile('startup-out.csv', '')]))).toEqual([]);
  // A table on request loads the table library; the first list proves the check sees what is loaded.
  expect(heavy(loadedBy(['segment', csv, '--format', 'table']))).toEqual(['cli-table3']);
  // A CSV split (the report on stdout) does not load the workbook writer; a workbook split does.
  const split = path.join(path.dirname(csv), 'split');
  expect(heavy(loadedBy(['segment', csv, '--split', split, '-q']))).toEqual(['cli-table3']);
  expect(heavy(loadedBy(['segment', csv, '--split', `${split}.xlsx`, '-q']))).toEqual(['cli-table3', 'xlsx-write']);
});
