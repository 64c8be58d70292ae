/**
 * Reading a large file with two threads (the main thread and a worker for the second half) gives exactly
 * what one thread gives: same output, same counts, same line numbers in messages, same errors — on the
 * sample, on real data, and on files made to break the split (a quoted cell with line ends across the
 * middle, an order whose rows straddle it, an order met again after the middle, bad cells after it).
 * Spawns the built binary: the worker thread runs compiled code (built by test/global-setup.js).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { ROOT, SHARED, hasShared, tmpFile } from '../helpers';

const bin = path.join(ROOT, 'bin', 'rfm');
const FIXTURE = path.join(ROOT, 'fixtures', 'taobao-orders.csv');

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 28,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ONE = { RFM_THREADS: '1' };
const TWO = { RFM_SPLIT_MIN: '0', RFM_DEBUG: '1' };
const DEBUG = /^rfm: debug: .*\n/gm;

/** Run with one thread and with two; both give the same; returns the two-thread run's debug lines. */
function same(args: string[]): string {
  const a = run(args, ONE);
  const b = run(args, TWO);
  expect(b.code).toBe(a.code);
  expect(b.out).toBe(a.out);
  expect(b.err.replace(DEBUG, '')).toBe(a.err);
  return (b.err.match(DEBUG) ?? []).join('');
}

const SPLIT = /read in two parts: the second from byte \d+ \(line \d+\) by a worker thread/;

describe('two threads read like one', () => {
  test('the sample: profiles, segment, dormant (history) and the summary counts', () => {
    for (const cmd of [['profiles'], ['segment'], ['dormant', '--days', '60'], ['summary', '--format', 'json']]) {
      expect(
        same([...cmd, FIXTURE, '--as-of', '2024-07-01', ...(cmd[0] === 'summary' ? [] : ['--format', 'csv'])]),
      ).toMatch(SPLIT);
    }
  });

  test("the worker's lines join in the shared columns; their line numbers find contacts in the second half", () => {
    // A list with contacts reads each customer's latest order again by its line: most of them are past the middle.
    const debug = same(['crowd', FIXTURE, '--tag', 'repeat', '--format', 'csv']);
    expect(debug).toMatch(/by a worker thread, its lines moved in place/);
    const rows = run(['crowd', FIXTURE, '--tag', 'repeat', '--format', 'csv', '-q'], TWO).out.split('\n');
    expect(rows[0]).toContain('收货人姓名');
    // The generator's names: the contact name is the customer id's first two characters.
    const named = rows.slice(1, -1).map((r) => r.split(','));
    const nameCol = rows[0].split(',').indexOf('收货人姓名');
    expect(named.length).toBeGreaterThan(50);
    for (const r of named) expect([r[0], r[nameCol]]).toEqual([r[0], r[0].slice(0, 2)]);
  });

  (hasShared ? test : test.skip)(
    'real data: CDNOW (no order ids, blank-separated) and UCI Online Retail (line items, returns)',
    () => {
      const cdnow = path.join(SHARED, 'real', 'CDNOW_master.txt');
      expect(same(['segment', cdnow, '--format', 'csv'])).toMatch(SPLIT);
      expect(same(['dormant', cdnow, '--format', 'csv'])).toMatch(SPLIT);
      const retail = tmpFile(
        'online_retail.csv',
        zlib.gunzipSync(fs.readFileSync(path.join(SHARED, 'real', 'online_retail.csv.gz'))),
      );
      expect(same(['profiles', retail, '--format', 'csv'])).toMatch(SPLIT);
      expect(same(['summary', retail, '--format', 'json'])).toMatch(SPLIT);
    },
  );
});

/** A generic export: customer, order, date, amount, note. */
const HEADER = 'customer,order_id,order_date,amount,note\n';
const row = (i: number, order = `O${i}`, note = '') =>
  `c${i % 37},${order},2024-0${1 + (i % 9)}-1${i % 10} 10:00:00,${(i % 50) + 1}.25,${note}\n`;

/** The byte offset where the worker starts looking for a row (the middle of the data). */
const middle = (text: string) => HEADER.length + Math.floor((Buffer.byteLength(text) - HEADER.length) / 2);

describe('files made to break the split', () => {
  test('the middle inside a quoted cell whose lines look like rows: the main thread reads on', () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i)).join('');
    // Its lines end in plain text, so the closing quote reads as text to a reader starting inside the cell.
    const fake = Array.from({ length: 300 }, (_, i) => row(1000 + i, `O${1000 + i}`, 'n').trim()).join('\n');
    const text = HEADER + rows + row(9999, 'O9999', `"${fake}"`) + rows;
    const mid = middle(text);
    expect(Buffer.byteLength(HEADER + rows)).toBeLessThan(mid);
    expect(Buffer.byteLength(HEADER + rows + row(9999, 'O9999', `"${fake}"`))).toBeGreaterThan(mid);
    const file = tmpFile('quoted.csv', text);
    expect(same(['profiles', file, '--format', 'csv'])).toMatch(
      /second part read by the main thread: its first row does not start a row here/,
    );
    expect(same(['summary', file, '--format', 'json'])).toMatch(/does not start a row here/);
  });

  test('more rows than the first rows promise: either part outgrows the room left for it and is copied', () => {
    // The first rows (the sample the line count is estimated from) are long; the rest are short: each half holds
    // several times the lines estimated for it.
    const long = Array.from({ length: 250 }, (_, i) => row(i, `O${i}`, 'x'.repeat(2000))).join('');
    const short = Array.from({ length: 6000 }, (_, i) => row(300 + i)).join('');
    const file = tmpFile(
      'outgrow.csv',
      HEADER + long + short + long.replace(/O(\d+)/g, 'Q$1') + short.replace(/O(\d+)/g, 'R$1'),
    );
    const debug = same(['profiles', file, '--format', 'csv']);
    expect(debug).toMatch(/by a worker thread, its lines copied/);
    expect(same(['summary', file, '--format', 'json'])).toMatch(SPLIT);
  });

  test('an order whose rows straddle the middle is read once', () => {
    const before = Array.from({ length: 200 }, (_, i) => row(i)).join('');
    const big = Array.from({ length: 400 }, () => row(7, 'BIG')).join('');
    const after = Array.from({ length: 200 }, (_, i) => row(500 + i)).join('');
    const file = tmpFile('straddle.csv', HEADER + before + big + after);
    for (const per of ['order', 'item']) {
      expect(same(['profiles', file, '--format', 'csv', '--amount-per', per])).toMatch(SPLIT);
    }
    const p = run(['profiles', file, '--format', 'csv', '-q'], TWO).out;
    expect(p.split('\n').find((l) => l.startsWith('c7,'))).toMatch(/^c7,(\d|-|:| )+,(\d|-)+,(\d+),/);
  });

  test('an order met again after the middle (rows of one order not together): both parts read, its rows joined by id', () => {
    const first = Array.from({ length: 300 }, (_, i) => row(i)).join('');
    // Every customer's last order of the first rows, met again around the middle after another row.
    const lastOf = new Map<number, number>();
    for (let i = 0; i < 300; i++) lastOf.set(i % 37, i);
    const repeats = [...lastOf.values()].map((i) => row(i)).join('');
    const rest = Array.from({ length: 300 }, (_, i) => row(400 + i)).join('');
    const text = HEADER + first + 'x1,X1,2024-01-01 10:00:00,1.00,\n' + repeats + rest;
    const mid = middle(text);
    expect(Buffer.byteLength(HEADER + first)).toBeLessThan(mid);
    expect(Buffer.byteLength(HEADER + first + repeats)).toBeGreaterThan(mid);
    const file = tmpFile('repeat.csv', text);
    expect(same(['inspect', file, '--format', 'json'])).toMatch(SPLIT);
    expect(same(['profiles', file, '--format', 'csv'])).toMatch(SPLIT);
    const s = JSON.parse(run(['inspect', file, '--format', 'json'], ONE).out);
    expect(s.ordersWithRowsApart).toBe(37);
    expect(s.excluded['duplicate order rows']).toBeUndefined();
  });

  test('bad cells after the middle: the same warnings with the same line numbers; --strict stops with the same error', () => {
    const rows = Array.from({ length: 600 }, (_, i) => row(i));
    rows[450] = 'c1,B1,someday,3.00,\n';
    rows[500] = 'c2,B2,2024-03-01 10:00:00,lots,\n';
    const file = tmpFile('bad.csv', HEADER + rows.join(''));
    expect(same(['summary', file, '--format', 'json'])).toMatch(SPLIT);
    const warned = run(['profiles', file, '--format', 'csv'], TWO).err;
    expect(warned).toMatch(/bad\.csv:452: column order_date: expected a date/);
    expect(warned).toMatch(/bad\.csv:502: column amount: expected an amount/);
    const a = run(['profiles', file, '--strict'], ONE);
    const b = run(['profiles', file, '--strict'], TWO);
    expect(a.code).toBe(4);
    expect(b.code).toBe(4);
    expect(b.err.replace(DEBUG, '')).toBe(a.err);
    expect(a.err).toMatch(/bad\.csv:452: column order_date/);
  });
});

const SCRIPT = '/usr/bin/script';
(fs.existsSync(SCRIPT) ? test : test.skip)(
  'the progress bar goes on to 100% while a worker reads the second half',
  () => {
    // The built binary under script(1), so stderr is a terminal and the bar shows.
    const rows = ['customer,order,date,amount'];
    for (let i = 0; i < 150000; i++)
      rows.push(`customer-number-${i % 9000},o${i},2024-01-${10 + (i % 20)},${i % 100}.50`);
    const file = tmpFile('bar.csv', rows.join('\n') + '\n');
    const cmd = `${process.execPath} ${bin} profiles ${file} -o ${file}.out.csv`;
    const r = spawnSync(SCRIPT, ['-qec', cmd, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, RFM_PROGRESS_MIN: String(1 << 20), RFM_SPLIT_MIN: '0', RFM_DEBUG: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(SPLIT);
    const shown = [...r.stdout.matchAll(/reading \[.*?\] (\d+)%/g)].map((m) => Number(m[1]));
    expect(shown.length).toBeGreaterThan(0);
    expect(Math.max(...shown)).toBe(100);
  },
);
