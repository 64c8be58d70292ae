/**
 * rfm report: its parts equal what the single-purpose commands report on the same export (summary, segment,
 * dormant), the segment movement equals the difference of two standalone `rfm segment --as-of` runs, the
 * files are identical run after run, and buyer names that look like formulas stay inert in every CSV.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, SHARED, hasShared, parseCsv, rfm, tmpFile } from '../helpers';

const FIXTURE = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
const CDNOW = path.join(SHARED, 'real', 'CDNOW_master.txt');

async function json(args: string[]) {
  const r = await rfm([...args, '--format', 'json', '-q']);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

/** Day arithmetic on YYYY-MM-DD. */
const minus = (d: string, days: number) =>
  new Date(Date.parse(d + 'T00:00:00Z') - days * 86400000).toISOString().slice(0, 10);

async function checkMovement(file: string, asOf: string, lang: string) {
  const w = await json(['report', file, '--as-of', asOf, '--lang', lang]);
  const segs = async (at: string) =>
    new Map(
      parseCsv(
        (await rfm(['segment', file, '--as-of', at, '--lang', lang, '--format', 'csv', '-q', '--no-bom'])).out,
      ).map((r) => [r.customer_id, r.segment]),
    );
  const now = await segs(asOf);
  const before = await segs(minus(asOf, 7));
  const expected = new Map<string, number>();
  for (const [id, seg] of now) {
    const from = before.get(id) ?? w.movement.from[w.movement.from.length - 1];
    const k = `${from}→${seg}`;
    expected.set(k, (expected.get(k) ?? 0) + 1);
  }
  const got = new Map<string, number>();
  w.movement.counts.forEach((row: number[], i: number) =>
    row.forEach((v, j) => {
      if (v) got.set(`${w.movement.from[i]}→${w.movement.to[j]}`, v);
    }),
  );
  expect(got).toEqual(expected);
  expect([...got.values()].reduce((a, b) => a + b, 0)).toBe(now.size);
  return w;
}

describe('rfm report', () => {
  test('totals, segments and the sleeping trend equal rfm summary, segment and dormant', async () => {
    const w = await json(['report', FIXTURE]);
    const s = await json(['summary', FIXTURE]);
    for (const k of [
      'customers',
      'purchases',
      'revenue',
      'aov',
      'repurchaseRate',
      'returningRevenueShare',
      'top20RevenueShare',
    ])
      expect(w.totals[k]).toBe(s[k]);
    const seg = await json(['segment', FIXTURE]);
    expect(
      w.segments.map((x: { segment: string; customers: number; revenue: number }) => [
        x.segment,
        x.customers,
        x.revenue,
      ]),
    ).toEqual(
      seg.segments.map((x: { segment: string; customers: number; revenue: number }) => [
        x.segment,
        x.customers,
        x.revenue,
      ]),
    );
    const d = await json(['dormant', FIXTURE]);
    expect(w.sleeping.customers).toBe(d.sleeping);
    expect(w.sleeping.revenueAtStake).toBe(d.revenueAtStake);
    expect(w.sleeping.weeks).toEqual(d.weeks);
    expect(w.sleeping.top.map((x: { customer: string }) => x.customer)).toEqual(
      d.rows.slice(0, 10).map((x: { customer_id: string }) => x.customer_id),
    );
    // Pareto: the point at 20% of customers is the top-20% share.
    expect(w.pareto.revenueShare[20]).toBeCloseTo(s.top20RevenueShare, 3);
    expect(w.pareto.revenueShare[100]).toBe(1);
  });

  test("the report's shares are segment's, each rounded once from the customers' own rows", async () => {
    // Exact shares recomputed from the per-customer CSV, rounded once to 0.1%.
    const rows = parseCsv((await rfm(['segment', FIXTURE, '--format', 'csv', '-q', '--no-bom'])).out);
    const cents = (v: string) => Math.round(Number(v) * 100);
    const total = rows.reduce((a, r) => a + cents(r.monetary), 0);
    const bySeg = new Map<string, { n: number; c: number }>();
    for (const r of rows) {
      const g = bySeg.get(r.segment) ?? { n: 0, c: 0 };
      g.n++;
      g.c += cents(r.monetary);
      bySeg.set(r.segment, g);
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const report = (await rfm(['report', FIXTURE, '--format', 'table', '-q', '--no-color'])).out;
    const segment = (await rfm(['segment', FIXTURE, '--format', 'table', '-q', '--no-color'])).out;
    for (const [name, g] of bySeg) {
      const want = [pct(g.n / rows.length), pct(g.c / total)];
      const line = (text: string) => text.split('\n').find((l) => l.startsWith(`│ ${name} `))!;
      expect([name, line(report).match(/\d+\.\d%/g)]).toEqual([name, want]);
      expect([name, line(segment).match(/\d+\.\d%/g)]).toEqual([name, want]);
    }
  });

  test('segment movement equals two standalone --as-of runs (fixture)', async () => {
    const w = await checkMovement(FIXTURE, '2024-12-31', 'zh');
    expect(w.movement.moved).toBeGreaterThan(10);
  });

  (hasShared ? test : test.skip)(
    'segment movement equals two standalone --as-of runs (CDNOW, real data)',
    async () => {
      const w = await checkMovement(CDNOW, '1997-03-20', 'en');
      expect(w.movement.newCustomers).toBeGreaterThan(100); // CDNOW's cohort joined in the first quarter of 1997
    },
    60000,
  );

  test('--html, --md and --json files are identical for the same input and as-of; stdout stays empty', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const dir = path.dirname(tmpFile('x', ''));
      const r = await rfm([
        'report',
        FIXTURE,
        '--as-of',
        '2024-12-01',
        '--html',
        path.join(dir, 'r.html'),
        '--md',
        path.join(dir, 'r.md'),
        '--json',
        path.join(dir, 'r.json'),
      ]);
      expect(r.code).toBe(0);
      expect(r.out).toBe('');
      // The Taobao sample speaks Chinese unless --lang says otherwise.
      expect(r.err).toMatch(/已写入 .*r\.html, .*r\.md, .*r\.json/);
      runs.push(['r.html', 'r.md', 'r.json'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(JSON.parse(runs[0][2]).asOf).toBe('2024-12-01');
    expect(runs[0][1]).toMatch(/^# 客户周报/);
  });

  test('Markdown escapes table syntax in buyer names', async () => {
    const csv = 'order_id,customer,date,amount\n1,a|b,2024-01-05,10\n2,*x*,2024-01-06,20\n3,z,2024-03-06,20\n';
    const r = await rfm(['report', tmpFile('o.csv', csv), '--format', 'md', '-q', '--days', '30', '--max-days', '400']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('a\\|b');
    expect(r.out).toContain('\\*x\\*');
  });
});

describe('spreadsheet safety', () => {
  test('a buyer named =HYPERLINK(…) comes out inert in every CSV rfm writes', async () => {
    const evil = '=HYPERLINK("http://x","y")';
    const others = ['+1-555', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
    const rows = [evil, ...others].flatMap((c, i) => [
      `${2 * i + 1},"${c.replace(/"/g, '""')}",2024-01-0${i + 1},10`,
      `${2 * i + 2},"${c.replace(/"/g, '""')}",2024-03-0${i + 1},15`,
    ]);
    const file = tmpFile('evil.csv', 'order_id,customer,date,amount\n' + rows.join('\n') + '\n');
    const dir = path.dirname(tmpFile('y', ''));
    const outputs: [string, string][] = [];
    for (const args of [
      ['profiles'],
      ['segment'],
      ['dormant', '--days', '30', '--max-days', '400'],
      ['crowd', '--tag', 'repeat'],
      ['tiers', '--levels', '10,20'],
    ]) {
      const r = await rfm([args[0], file, ...args.slice(1), '--as-of', '2024-05-01', '--format', 'csv', '-q']);
      expect(r.code).toBe(0);
      outputs.push([args[0], r.out]);
    }
    expect((await rfm(['segment', file, '--as-of', '2024-05-01', '--split', path.join(dir, 'split'), '-q'])).code).toBe(
      0,
    );
    for (const f of fs.readdirSync(path.join(dir, 'split')))
      outputs.push([`split/${f}`, fs.readFileSync(path.join(dir, 'split', f), 'utf8')]);
    let seen = 0;
    for (const [name, out] of outputs) {
      for (const rec of parseCsv(out)) {
        for (const v of Object.values(rec)) {
          // Every text cell a spreadsheet would read as a formula starts with a quote instead.
          if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) {
            expect(Number.isFinite(Number(v))).toBe(true); // only numbers (e.g. -2.50) may start with '-'
          }
        }
        if (rec.customer_id === `'${evil}`) seen++;
        else expect(`${name}: ${rec.customer_id}`).not.toContain(evil.slice(1) + '"');
      }
    }
    expect(seen).toBe(6); // profiles, segment, dormant, crowd, tiers, and the one split file of its segment
  });
});
