/** Help: fits 80 columns (CJK counted as 2), options grouped, and every example in it runs on the sample. */
import * as path from 'path';
import { displayWidth, EXAMPLES, wrapHelp } from '../src/help';
import { ROOT, rfm, tmpDir } from './helpers';

const FIXTURE = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
const COMMANDS = [
  'inspect',
  'profiles',
  'segment',
  'dormant',
  'summary',
  'crowd',
  'tiers',
  'report',
  'cohort',
  'campaign',
];

test.each([[''], ...COMMANDS.map((c) => [c])])('rfm %s --help fits 80 columns, examples included', async (c) => {
  const r = await rfm([...(c ? [c] : []), '--help']);
  expect(r.code).toBe(0);
  const wide = r.out.split('\n').filter((l) => displayWidth(l) > 80);
  expect(wide).toEqual([]);
  expect(r.out).toMatch(/\nExamples:\n {2}rfm /);
});

test("a command's own options come first, the input options last", async () => {
  const out = (await rfm(['dormant', '--help'])).out;
  const own = out.indexOf('Options of rfm dormant:');
  const output = out.indexOf('Output options:');
  const input = out.indexOf('Input options (reading the exports):');
  expect(own).toBeGreaterThan(0);
  expect(own).toBeLessThan(output);
  expect(output).toBeLessThan(input);
  expect(out.indexOf('--days <n>')).toBeLessThan(input);
  expect(out.indexOf('--encoding')).toBeGreaterThan(input);
});

test('wrapHelp continues a long line under its description column', () => {
  const text = '  term   ' + 'word '.repeat(30).trim();
  const lines = wrapHelp(text, 40).split('\n');
  expect(lines.length).toBeGreaterThan(1);
  for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(40);
  for (const l of lines.slice(1)) expect(l.startsWith(' '.repeat(9) + 'word')).toBe(true);
  expect(displayWidth('重要价值客户')).toBe(12);
  // Chinese has no spaces to break at: a long run breaks between characters.
  const zh = wrapHelp('  口径   ' + '同一客户相邻两个购买日的间隔'.repeat(6), 40).split('\n');
  expect(zh.length).toBeGreaterThan(2);
  for (const l of zh) expect(displayWidth(l)).toBeLessThanOrEqual(40);
  expect(zh.join('').replace(/\s/g, '')).toBe('口径' + '同一客户相邻两个购买日的间隔'.repeat(6));
});

describe('every example in the help runs on the sample export', () => {
  const dir = tmpDir();
  const cases = Object.values(EXAMPLES)
    .flat()
    .map(([line]) => line);
  test.each(cases.map((c) => [c]))('%s', async (line) => {
    // Shell words; quoted words are not used in the examples.
    const words = line.split(' ').slice(1);
    const args = words.map((w, i) => {
      if (w === 'orders/' || w === 'orders.csv') return FIXTURE;
      const prev = words[i - 1];
      if (['-o', '--html', '--json', '--md'].includes(prev) || (prev === '--split' && /\/$|\.xlsx$/.test(w)))
        return path.join(dir, w);
      return w;
    });
    if (words.includes('--previous')) {
      const at = words.indexOf('--previous');
      const prev = path.join(dir, words[at + 1]);
      expect((await rfm(['tiers', FIXTURE, '--levels', '500,2000', '-o', prev, '-q'])).code).toBe(0);
      args[at + 1] = prev;
    }
    if (words.includes('--contacted')) {
      const list = path.join(dir, 'winback.csv');
      expect((await rfm(['dormant', FIXTURE, '--holdout', '10%', '-o', list, '-q'])).code).toBe(0);
      for (const flag of ['--contacted', '--holdout'])
        args[words.indexOf(flag) + 1] = path.join(dir, words[words.indexOf(flag) + 1]);
    }
    const r = await rfm([...args, '-q']);
    expect([line, r.code, r.err]).toEqual([line, 0, '']);
  });
});

test('colour codes take no columns when a line is measured', () => {
  expect(displayWidth('\x1b[1m截至\x1b[22m ab')).toBe(7);
  expect(wrapHelp('\x1b[1mhead\x1b[22m ' + 'x'.repeat(70), 80).split('\n')).toHaveLength(1);
});
