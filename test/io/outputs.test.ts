/**
 * Outputs never destroy what they write to: an output naming an input is refused before reading, a --split
 * folder holds exactly this run's set, files that go together are replaced together or not at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, rfm, tmpDir } from '../helpers';

const FIXTURE = path.join(ROOT, 'fixtures', 'taobao-orders.csv');

function copyFixture(dir: string, name = 'orders.csv'): { file: string; bytes: Buffer } {
  const file = path.join(dir, name);
  fs.copyFileSync(FIXTURE, file);
  return { file, bytes: fs.readFileSync(file) };
}

describe('an output that is an input is refused before anything is read (exit 2)', () => {
  test.each([
    ['segment -o', (f: string) => ['segment', f, '-o', f]],
    ['report --html', (f: string) => ['report', f, '--html', f]],
    ['report --json', (f: string) => ['report', f, '--md', f + '.md', '--json', f]],
    ['inspect -o', (f: string) => ['inspect', f, '-o', f]],
    ['tiers -o', (f: string) => ['tiers', f, '--levels', '100,500', '-o', f]],
  ])('%s naming the input', async (_label, args) => {
    const dir = tmpDir();
    const { file, bytes } = copyFixture(dir);
    const r = await rfm(args(file));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is the input file .*orders\.csv: name another output file/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['orders.csv']);
  });

  test('through a symlink or a hard link, by a relative path', async () => {
    const dir = tmpDir();
    const { file, bytes } = copyFixture(dir);
    fs.symlinkSync('orders.csv', path.join(dir, 'link.csv'));
    fs.linkSync(file, path.join(dir, 'hard.csv'));
    for (const out of ['link.csv', 'hard.csv', './orders.csv']) {
      const r = await rfm(['segment', 'orders.csv', '-o', out, '-q'], '', dir);
      expect(r.code).toBe(2);
    }
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  test('a --split folder holding the input', async () => {
    const dir = tmpDir();
    const { file, bytes } = copyFixture(dir, 'index.csv');
    const r = await rfm(['segment', file, '--split', dir, '-q', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--split .*: the folder holds the input file/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  test('a missing output folder, a folder as -o, and two outputs naming one file', async () => {
    const dir = tmpDir();
    const missing = await rfm(['segment', FIXTURE, '-o', path.join(dir, 'no', 'x.csv')]);
    expect([missing.code, missing.err]).toEqual([2, expect.stringMatching(/folder .*no does not exist/)]);
    const folder = await rfm(['segment', FIXTURE, '-o', dir]);
    expect([folder.code, folder.err]).toEqual([2, expect.stringMatching(/is a folder: name a file in it/)]);
    const same = path.join(dir, 'r.html');
    const twice = await rfm(['report', FIXTURE, '--html', same, '--md', same]);
    expect([twice.code, twice.err]).toEqual([2, expect.stringMatching(/name the same file/)]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('--split folders', () => {
  const indexFiles = (dir: string) =>
    fs
      .readFileSync(path.join(dir, 'index.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0])
      .sort();

  test('hold exactly the files their index lists, after a run with other segments', async () => {
    const dir = tmpDir();
    const seg = path.join(dir, 'seg');
    const rules = path.join(dir, 'rules.json');
    fs.writeFileSync(
      rules,
      JSON.stringify({
        segments: [{ name: 'VIP', r: [4, 5], f: [4, 5] }, { name: 'Win back', r: [1, 2] }, { name: 'Others' }],
      }),
    );
    for (const extra of [['--rules', rules], [], ['--rules', rules]]) {
      const r = await rfm(['segment', FIXTURE, '--split', seg, '-q', '--format', 'csv', ...extra]);
      expect(r.code).toBe(0);
      const csvs = fs
        .readdirSync(seg)
        .filter((f) => f !== 'index.csv')
        .sort();
      expect(csvs).toEqual(indexFiles(seg));
    }
    expect(indexFiles(seg)).toEqual(['1-vip.csv', '2-win-back.csv', '3-others.csv'].map((f) => '0' + f));
  });

  test('a failure while staging leaves the previous set whole (exit 5)', async () => {
    const dir = tmpDir();
    const seg = path.join(dir, 'seg');
    expect((await rfm(['segment', FIXTURE, '--split', seg, '-q', '--format', 'csv'])).code).toBe(0);
    const before = new Map(fs.readdirSync(seg).map((f) => [f, fs.readFileSync(path.join(seg, f))]));
    const victim = [...before.keys()].sort()[3];
    fs.rmSync(path.join(seg, victim));
    fs.mkdirSync(path.join(seg, victim)); // this run cannot write that file
    before.delete(victim);
    const r = await rfm(['segment', FIXTURE, '--split', seg, '-q', '--format', 'csv', '--as-of', '2030-01-01']);
    expect(r.code).toBe(5);
    expect(r.err).toMatch(new RegExp(`${victim}: cannot write \\(is a folder\\)`));
    for (const [f, bytes] of before) expect(fs.readFileSync(path.join(seg, f)).equals(bytes)).toBe(true);
    expect(fs.readdirSync(seg).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a rules name of 300 characters gives a file name the file system takes', async () => {
    const dir = tmpDir();
    const rules = path.join(dir, 'rules.json');
    fs.writeFileSync(rules, JSON.stringify({ segments: [{ name: 'A'.repeat(300), r: [4, 5] }, { name: 'Others' }] }));
    const r = await rfm(['segment', FIXTURE, '--rules', rules, '--split', path.join(dir, 's'), '-q']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 's')).sort()).toEqual([
      '01-' + 'a'.repeat(60) + '.csv',
      '02-others.csv',
      'index.csv',
    ]);
  });
});

test("the report's files are replaced together: a failing third leaves all three as they were (exit 5)", async () => {
  const dir = tmpDir();
  const files = ['r.html', 'r.md'].map((f) => path.join(dir, f));
  for (const f of files) fs.writeFileSync(f, `OLD ${path.basename(f)}\n`);
  const json = path.join(dir, 'j'.repeat(300) + '.json'); // too long a name for the file system
  const r = await rfm(['report', FIXTURE, '--html', files[0], '--md', files[1], '--json', json, '-q']);
  expect(r.code).toBe(5);
  expect(r.err).toMatch(/cannot write \(file name too long\)/);
  for (const f of files) expect(fs.readFileSync(f, 'utf8')).toBe(`OLD ${path.basename(f)}\n`);
  expect(fs.readdirSync(dir).sort()).toEqual(['r.html', 'r.md']);
});

test('the README config example ("split": "median") runs', async () => {
  const dir = tmpDir();
  fs.writeFileSync(
    path.join(dir, 'rfm.config.json'),
    JSON.stringify({ zone: 'Asia/Shanghai', model: 'cn8', split: 'median', lang: 'zh', days: 90, maxDays: 180 }),
  );
  const viaConfig = await rfm(['segment', FIXTURE, '--format', 'csv', '-q'], '', dir);
  const viaFlags = await rfm([
    'segment',
    FIXTURE,
    '--format',
    'csv',
    '-q',
    '--model',
    'cn8',
    '--split',
    'median',
    '--tz',
    'Asia/Shanghai',
    '--lang',
    'zh',
  ]);
  expect(viaConfig.err).toBe('');
  expect(viaConfig.code).toBe(0);
  expect(viaConfig.out).toBe(viaFlags.out);
});
