/**
 * Screens at 80 columns (CJK counted as 2): every command's terminal output on the Taobao sample fits, long
 * listings stop at a screenful with a hint, left-out columns are named; a pipe or a file gets everything.
 */
import * as path from 'path';
import { PassThrough, Readable } from 'stream';
import { displayWidth } from '../src/help';
import { main } from '../src/main';
import * as fs from 'fs';
import { ROOT, parseCsv, rfm, tmpDir, tmpFile } from './helpers';

const F = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
const CONTACTED = tmpFile('screens-contacted.csv', 'customer_id\n何丽伟_156\n何伟伟_16\n');
const HOLDOUT = tmpFile('screens-holdout.csv', 'customer_id\n王伟伟_0\n李伟伟_1\n');

/** Run as on an 80-column terminal (stdout and stderr terminals). */
async function onTerminal(args: string[], columns = 80) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d));
  stderr.on('data', (d: Buffer) => (err += d));
  const code = await main(args, {
    stdin: Readable.from([]),
    stdout,
    stderr,
    stdoutIsTTY: true,
    stderrIsTTY: true,
    columns,
    env: { NO_COLOR: '1' },
    cwd: ROOT,
    now: () => new Date('2026-11-22T12:00:00Z'),
  });
  return { code, out, err };
}

const wide = (s: string, w = 80) => s.split('\n').filter((l) => displayWidth(l) > w);

test.each([
  [['segment', F]],
  [['dormant', F]],
  [['profiles', F]],
  [['crowd', F, '--tag', 'loyal']],
  [['crowd', F, '--list']],
  [['summary', F]],
  [['tiers', F, '--levels', '500,2000']],
  [['inspect', F]],
  [['report', F]],
  [['cohort', F]],
  [['cohort', F, '--by', 'week']],
  [['predict', F]],
  [['predict', F, '--holdout', '13']],
  [['campaign', F, '--contacted', CONTACTED, '--since', '2024-10-01']],
  [['campaign', F, '--contacted', CONTACTED, '--since', '2024-10-01', '--holdout', HOLDOUT]],
])('%p fits 80 columns, stdout and stderr', async (args) => {
  const r = await onTerminal(args);
  expect(r.code).toBe(0);
  expect(wide(r.out)).toEqual([]);
  expect(wide(r.err)).toEqual([]);
});

test('a listing stops at a screenful and says how to see all; a pipe gets every row', async () => {
  const r = await onTerminal(['profiles', F, '-q']);
  const rows = r.out.split('\n').filter((l) => l.startsWith('│ ') && !l.startsWith('│ customer_id'));
  expect(rows).toHaveLength(20);
  expect(r.out).toMatch(/\(20 of 565 rows; .*--format csv or -o FILE for all\)/s);
  const piped = await rfm(['profiles', F, '--format', 'table', '-q']);
  expect(piped.out.split('\n').filter((l) => l.startsWith('│ ') && !l.startsWith('│ customer_id'))).toHaveLength(565);
});

test('columns that do not fit are left out from the right and named; the value columns stay', async () => {
  const r = await onTerminal(['dormant', F, '-q', '--lang', 'en'], 60);
  expect(wide(r.out, 60)).toEqual([]);
  const head = r.out.split('\n').find((l) => l.startsWith('│ customer_id'))!;
  expect(head).toMatch(/customer_id\s+│\s+revenue\s+│\s+days_asleep/);
  expect(r.out.replace(/\s*\n\s*/g, ' ')).toMatch(/left out to fit 60 columns: .*status/);
});

test("summary's new-customer line says the --new-days it counts", async () => {
  const r = await rfm(['summary', F, '--new-days', '45', '--format', 'table', '-q', '--lang', 'en']);
  expect(r.out).toMatch(/new customers \(last 45 days\)/);
  const zh = await rfm(['summary', F, '--new-days', '45', '--format', 'table', '-q']);
  expect(zh.out).toMatch(/新客（近 45 天）/);
  const j = JSON.parse((await rfm(['summary', F, '--new-days', '45', '--format', 'json', '-q'])).out);
  const line = r.out.split('\n').find((l) => l.includes('new customers'))!;
  expect(line).toContain(String(j.newCustomers));
});

test('with -o the answer stays on stderr and says what was written; -q keeps it quiet', async () => {
  const out = path.join(tmpDir(), 'list.csv');
  const r = await rfm(['dormant', F, '-o', out, '--lang', 'en']);
  expect(r.code).toBe(0);
  const rows = parseCsv(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
  const sleeping = rows.filter((x) => x.status === 'sleeping');
  const stake = sleeping.reduce((a, x) => a + Math.round(Number(x.revenue) * 100), 0) / 100;
  expect(r.err).toContain(`rfm: ${sleeping.length} sleeping customers`);
  expect(r.err).toContain(
    `revenue at stake ¥${stake.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
  );
  expect(r.err).toContain(`top: ${sleeping[0].customer_id}`);
  expect(r.err).toContain(`rfm: wrote ${out} (${rows.length} rows)`);
  expect((await rfm(['dormant', F, '-o', out, '-q'])).err).toBe('');
});

test("listings on a screen show money in the shop's currency; CSV keeps plain numbers", async () => {
  const screen = (await rfm(['crowd', F, '--tag', 'loyal', '--top', '3', '--with', 'none', '--format', 'table', '-q']))
    .out;
  const csv = parseCsv(
    (await rfm(['crowd', F, '--tag', 'loyal', '--top', '3', '--with', 'none', '--format', 'csv', '-q'])).out,
  );
  for (const r of csv) {
    expect(r.revenue).toMatch(/^\d+\.\d\d$/);
    const shown = `¥${Number(r.revenue).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(screen).toContain(shown);
  }
});
