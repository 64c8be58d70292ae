/** rfm.config.json: settings for a short cron line; flags win; unknown keys and bad values name the key. */
import { PassThrough, Readable } from 'stream';
import { main } from '../src/main';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, rfm, tmpDir } from './helpers';

const CSV =
  'Kunde;Datum;Betrag;Beleg\nanna;2024-01-05;10;1\nbob;2024-02-06;20;2\nanna;2024-03-01;5;3\ncarl;2024-03-02;50;4\n';

function folder(config?: unknown): string {
  const dir = tmpDir('rfm-config-');
  fs.writeFileSync(path.join(dir, 'orders.csv'), CSV);
  if (config !== undefined)
    fs.writeFileSync(path.join(dir, 'rfm.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

const FLAGS = [
  '--customer-col',
  'Kunde',
  '--date-col',
  'Datum',
  '--amount-col',
  'Betrag',
  '--order-col',
  'Beleg',
  '--bins',
  '3',
  '--lang',
  'en',
];
const CONFIG = {
  columns: { customer: 'Kunde', date: 'Datum', amount: 'Betrag', order: 4 },
  bins: 3,
  lang: 'en',
  zone: 'UTC',
};

test('rfm.config.json in the working folder gives what the same flags give', async () => {
  const plain = folder();
  const withFlags = await rfm(['segment', 'orders.csv', ...FLAGS, '--format', 'csv', '-q'], '', plain);
  expect(withFlags.code).toBe(0);
  const dir = folder(CONFIG);
  const withConfig = await rfm(['segment', 'orders.csv', '--format', 'csv', '-q'], '', dir);
  expect(withConfig.code).toBe(0);
  expect(withConfig.out).toBe(withFlags.out);
  expect(withConfig.out).toMatch(/Champions|Hibernating|Loyal/);
});

test('a settings file found in the folder is named on stderr with what it set (not under -q)', async () => {
  const dir = folder(CONFIG);
  const r = await rfm(['segment', 'orders.csv', '--format', 'csv'], '', dir);
  expect(r.code).toBe(0);
  expect(r.err).toMatch(/^rfm: settings from rfm\.config\.json in this folder: .*bins.*lang/m);
  const q = await rfm(['segment', 'orders.csv', '--format', 'csv', '-q'], '', dir);
  expect(q.err).toBe('');
});

test('a flag on the command line wins over the config', async () => {
  const dir = folder(CONFIG);
  const r = await rfm(['segment', 'orders.csv', '--lang', 'zh', '--format', 'json', '-q'], '', dir);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out).cutPoints.recency.bins).toBe(3);
  expect(r.out).toMatch(/客户/);
});

test('--config names another file; a missing one is a usage error', async () => {
  const dir = folder();
  fs.writeFileSync(path.join(dir, 'weekly.json'), JSON.stringify(CONFIG));
  const r = await rfm(['profiles', 'orders.csv', '--config', 'weekly.json', '--format', 'csv', '-q'], '', dir);
  expect(r.code).toBe(0);
  expect(r.out.split('\n')[1]).toBe('anna,2024-01-05,2024-03-01,2,15.00,7.50,0.00,56,56,repeat');
  const m = await rfm(['profiles', 'orders.csv', '--config', 'nope.json'], '', dir);
  expect(m.code).toBe(2);
  expect(m.err.trim()).toBe('rfm: --config nope.json: no such file');
});

test.each([
  [{ binz: 4 }, 'rfm: rfm.config.json: unknown key "binz" (known: columns, platform,'],
  [{ bins: 12 }, 'rfm: rfm.config.json: "bins": expected an integer from 2 to 9, got 12'],
  [{ bins: '5' }, 'rfm: rfm.config.json: "bins": expected an integer from 2 to 9, got "5"'],
  [{ columns: { custmer: 'Kunde' } }, 'rfm: rfm.config.json: unknown key "columns.custmer"'],
  [{ model: 'kmeans' }, 'rfm: rfm.config.json: "model": expected "grid", "cn8" or "rules", got "kmeans"'],
  [{ rBreaks: [30, 'x'] }, 'rfm: rfm.config.json: "rBreaks": expected a list of numbers'],
  ['{"bins": 4,}', 'rfm: rfm.config.json: not valid JSON'],
])('bad config %j is a usage error naming the key', async (config, message) => {
  const dir = folder(config);
  const r = await rfm(['segment', 'orders.csv'], '', dir);
  expect(r.code).toBe(2);
  expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.err.startsWith(message)).toBe(true);
});

test('a rules path in the config is relative to the config file', async () => {
  const dir = folder({ ...CONFIG, bins: 5, scoring: 'r-rfm', model: 'rules', rules: 'rules.json' });
  fs.copyFileSync(path.join(ROOT, 'fixtures', 'rules', 'rfm-package.json'), path.join(dir, 'rules.json'));
  const sub = path.join(dir, 'sub');
  fs.mkdirSync(sub);
  fs.renameSync(path.join(dir, 'rfm.config.json'), path.join(sub, 'rfm.config.json'));
  fs.renameSync(path.join(dir, 'rules.json'), path.join(sub, 'rules.json'));
  fs.renameSync(path.join(dir, 'orders.csv'), path.join(sub, 'orders.csv'));
  const r = await rfm(
    ['segment', 'sub/orders.csv', '--config', 'sub/rfm.config.json', '--format', 'csv', '-q'],
    '',
    dir,
  );
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/Champions|Others|Lost|Hibernating/);
});

describe('progress bar', () => {
  async function run(stderrIsTTY: boolean, file: string, extra: string[] = []) {
    let err = '';
    const stderr = new PassThrough();
    stderr.on('data', (d: Buffer) => (err += d));
    const code = await main(['profiles', file, '-o', file + '.out.csv', ...extra], {
      stdin: Readable.from([]),
      stdout: new PassThrough(),
      stderr,
      stdoutIsTTY: false,
      stderrIsTTY,
      env: { RFM_PROGRESS_MIN: String(1 << 20) },
      cwd: ROOT,
      now: () => new Date(),
    });
    return { code, err };
  }
  test('on stderr for a large input when stderr is a terminal; never with -q, a pipe, or a small file', async () => {
    const dir = tmpDir('rfm-progress-');
    const big = path.join(dir, 'big.csv');
    const rows = ['customer,date,amount'];
    for (let i = 0; i < 40000; i++) rows.push(`customer-number-${i},2024-01-${10 + (i % 20)},${i % 100}.50`);
    fs.writeFileSync(big, rows.join('\n') + '\n');
    expect(fs.statSync(big).size).toBeGreaterThan(1 << 20);
    const tty = await run(true, big);
    expect(tty.code).toBe(0);
    expect(tty.err).toMatch(/rfm: reading \[.*\] 100% · \d+ of \d+ MB/);
    expect((await run(false, big)).err).not.toMatch(/reading/);
    expect((await run(true, big, ['-q'])).err).toBe('');
    const small = path.join(dir, 'small.csv');
    fs.writeFileSync(small, 'customer,date,amount\na,2024-01-01,1\n');
    expect((await run(true, small)).err).not.toMatch(/reading/);
  }, 60000);
});

describe('config keys named like Object.prototype members, and a BOM', () => {
  test.each([
    ['{"constructor": 1}'],
    ['{"toString": "x"}'],
    ['{"__proto__": {}}'],
    ['{"columns": {"constructor": "x"}}'],
  ])('%s is an unknown key (exit 2), not a crash', async (text) => {
    const dir = folder();
    fs.writeFileSync(path.join(dir, 'rfm.config.json'), text);
    const r = await rfm(['profiles', 'orders.csv', '-q'], '', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown key "(columns\.)?(constructor|toString|__proto__)"/);
  });

  test('a config saved with a UTF-8 BOM (Notepad) is read', async () => {
    const dir = folder();
    const columns = { customer: 'Kunde', date: 'Datum', amount: 'Betrag' };
    fs.writeFileSync(path.join(dir, 'rfm.config.json'), '\uFEFF' + JSON.stringify({ bins: 3, columns }));
    const r = await rfm(['segment', 'orders.csv', '-q', '--format', 'csv'], '', dir);
    expect(r.code).toBe(0);
    const viaFlags = await rfm(['segment', 'orders.csv', '-q', '--format', 'csv', '--bins', '3', ...FLAGS], '', dir);
    expect(r.out).toBe(viaFlags.out);
  });
});

describe('flag values that used to pass unchecked', () => {
  const F = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
  test.each([
    [['segment', F, '--f-breaks', '0x10']],
    [['segment', F, '--m-breaks', '1e3']],
    [['tiers', F, '--levels', '0x10']],
    [['tiers', F, '--levels', '500,2000', '--names', ',']],
    [['tiers', F, '--levels', '500,2000', '--names', 'Gold,Gold']],
    [['segment', F, '--sheet', '2']],
  ])('%p is a usage error (exit 2), one line', async (args) => {
    const r = await rfm([...args, '-q']);
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
  test('a config number beyond range is named as such, not as null', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'c.json'), '{"bins": 1e400}');
    const r = await rfm(['segment', F, '--config', path.join(dir, 'c.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"bins": expected an integer from 2 to 9, got a number beyond range/);
  });
});

test.each([
  [['inspect', path.join(ROOT, 'fixtures', 'taobao-orders.csv'), '--format', 'xlsx']],
  [['crowd', path.join(ROOT, 'fixtures', 'taobao-orders.csv'), '--tag', 'loyal', '--split', 'lists']],
])('%p is refused (exit 2) instead of doing something else', async (args) => {
  const r = await rfm(args);
  expect([r.code, r.out]).toEqual([2, '']);
});

test('currency in the config keeps one currency of a mixed export, as --currency does; a bad code is exit 2', async () => {
  const dir = tmpDir('rfm-config-');
  fs.writeFileSync(
    path.join(dir, 'orders.csv'),
    'customer_id,order_date,amount,currency\na,2024-01-05,10,EUR\nb,2024-01-06,20,USD\na,2024-02-01,5,EUR\n',
  );
  expect((await rfm(['profiles', 'orders.csv', '--format', 'csv', '-q'], '', dir)).code).toBe(4);
  const flag = await rfm(['profiles', 'orders.csv', '--currency', 'EUR', '--format', 'csv', '-q'], '', dir);
  expect(flag.code).toBe(0);
  expect(flag.out).toMatch(/^customer_id,.*\na,/);
  fs.writeFileSync(path.join(dir, 'rfm.config.json'), JSON.stringify({ currency: 'EUR' }));
  const config = await rfm(['profiles', 'orders.csv', '--format', 'csv', '-q'], '', dir);
  expect(config.out).toBe(flag.out);
  fs.writeFileSync(path.join(dir, 'rfm.config.json'), JSON.stringify({ currency: 'EURO' }));
  const bad = await rfm(['profiles', 'orders.csv', '-q'], '', dir);
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/currency/);
});
