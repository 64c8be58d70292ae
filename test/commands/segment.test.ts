import * as fs from 'fs';
import * as iconv from 'iconv-lite';
import * as path from 'path';
import { ROOT, SHARED, hasShared, parseCsv, rfm, tmpFile } from '../helpers';

const fixture = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
const RSQ = path.join(SHARED, 'peers', 'rsquaredacademy-rfm', 'rfm_data_orders.csv');
const JOAO = path.join(SHARED, 'peers', 'joaolcorreia-RFM-analysis');
const itShared = hasShared ? test : test.skip;

/** Orders CSV from [customer, date, amount] rows. */
function orders(rows: [string, string, number][]): string {
  return tmpFile('orders.csv', ['customer_id,order_date,amount', ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

describe('rfm segment: the R package rfm (rsquaredacademy) reproduced', () => {
  // Published in the package's article "RFM - Introduction" (rfm_segment_summary output, 2006-12-31).
  const PUBLISHED_SUMMARY: Record<string, [number, number, number]> = {
    'About To Sleep': [102, 283, 23449],
    'At Risk': [28, 216, 22227],
    "Can't Lose Them": [47, 274, 32446],
    Champions: [35, 316, 31646],
    Lost: [148, 393, 35324],
    'Loyal Customers': [170, 799, 76562],
    'Need Attention': [10, 57, 4562],
    'New Customers': [104, 329, 28837],
    'Potential Loyalist': [342, 2211, 204856],
    Promising: [9, 28, 4249],
  };
  // The article's first ten rows: customer, recency_days, transaction_count, amount, rfm_score, segment.
  const PUBLISHED_ROWS: [string, number, number, number, string, string][] = [
    ["Abbey O'Reilly", 205, 6, 472, '343', 'Potential Loyalist'],
    ['Add Senger', 140, 3, 340, '412', 'New Customers'],
    ['Aden Lesch', 194, 4, 405, '323', 'Loyal Customers'],
    ['Aden Murphy', 98, 7, 596, '544', 'Potential Loyalist'],
    ['Admiral Senger', 132, 5, 448, '433', 'Potential Loyalist'],
    ["Agness O'Keefe", 90, 9, 843, '555', 'Champions'],
    ['Aileen Barton', 84, 9, 763, '555', 'Champions'],
    ['Ailene Hermann', 281, 8, 699, '355', 'Potential Loyalist'],
    ['Aiyanna Bruen', 246, 4, 157, '321', 'About To Sleep'],
    ['Akeelah Walsh', 160, 7, 779, '445', 'Potential Loyalist'],
  ];
  const args = [
    'segment',
    RSQ,
    '--as-of',
    '2006-12-31',
    '--scoring',
    'r-rfm',
    '--rules',
    path.join(ROOT, 'fixtures', 'rules', 'rfm-package.json'),
    '--lang',
    'en',
  ];

  itShared('segment summary: customers, orders and revenue of every segment as published', async () => {
    const { code, out } = await rfm([...args, '--format', 'json', '-q']);
    expect(code).toBe(0);
    const x = JSON.parse(out);
    const got = Object.fromEntries(
      x.segments
        .filter((s: { customers: number }) => s.customers > 0)
        .map((s: { segment: string; customers: number; orders: number; revenue: number }) => [
          s.segment,
          [s.customers, s.orders, s.revenue],
        ]),
    );
    expect(got).toEqual(PUBLISHED_SUMMARY);
    // The thresholds the package's own example passes as custom bins (its printed defaults, rounded).
    expect(x.cutPoints.recency.cuts.map(Math.round)).toEqual([115, 181, 297, 482]);
    expect(x.cutPoints.frequency.cuts).toEqual([4, 5, 6, 8]);
    expect(x.cutPoints.monetary.cuts.map(Math.round)).toEqual([256, 382, 506, 666]);
  });

  itShared('per-customer scores and segments of the published rows', async () => {
    const { code, out } = await rfm([...args, '-q']);
    expect(code).toBe(0);
    const rows = new Map(parseCsv(out).map((r) => [r.customer_id, r]));
    expect(rows.size).toBe(995);
    for (const [id, rec, n, amount, score, segment] of PUBLISHED_ROWS) {
      const r = rows.get(id)!;
      expect([id, Number(r.recency_days), Number(r.frequency), Number(r.monetary), r.rfm, r.segment]).toEqual([
        id,
        rec,
        n,
        amount,
        score,
        segment,
      ]);
    }
  });
});

describe('rfm segment: joaolcorreia/RFM-analysis reproduced', () => {
  itShared('rfm-table.csv (quartiles, 1 = best) for every customer of the Mac Roman, CR-only sample', async () => {
    const { code, out } = await rfm([
      'segment',
      path.join(JOAO, 'sample-orders.csv'),
      '--bins',
      '4',
      '--as-of',
      '2014-12-31',
      '-q',
    ]);
    expect(code).toBe(0);
    const ours = new Map(parseCsv(out).map((r) => [r.customer_id, r]));
    const theirs = parseCsv(iconv.decode(fs.readFileSync(path.join(JOAO, 'rfm-table.csv')), 'macintosh'));
    expect(theirs.length).toBe(793);
    expect(ours.size).toBe(793);
    const mismatches = theirs.filter((t) => {
      const o = ours.get(t.customer);
      if (!o) return true;
      const cls = [5 - Number(o.r), 5 - Number(o.f), 5 - Number(o.m)].join('');
      return (
        cls !== t.RFMClass ||
        o.frequency !== t.frequency ||
        o.recency_days !== t.recency ||
        Number(o.monetary) !== Number(t.monetary_value)
      );
    });
    expect(mismatches).toEqual([]);
    expect(ours.get('Neil Französisch')).toBeDefined();
  });

  itShared(
    'ties: on the tie-heavy v1 sample equal frequencies share a score (quantile), groups are equal (ntile)',
    async () => {
      const file = path.join(JOAO, 'sample-orders-v1-synthetic.csv');
      const q = parseCsv((await rfm(['segment', file, '--bins', '4', '-q'])).out);
      expect(q.length).toBe(13787);
      const one = q.filter((r) => r.frequency === '1').length;
      expect(one / q.length).toBeGreaterThan(0.6); // most customers have one order
      const scoresByFreq = new Map<string, Set<string>>();
      for (const r of q) scoresByFreq.set(r.frequency, (scoresByFreq.get(r.frequency) ?? new Set()).add(r.f));
      for (const s of scoresByFreq.values()) expect(s.size).toBe(1);
      const nt = parseCsv((await rfm(['segment', file, '--bins', '4', '--scoring', 'ntile', '-q'])).out);
      for (const axis of ['r', 'f', 'm']) {
        const sizes = [1, 2, 3, 4].map((s) => nt.filter((r) => r[axis] === String(s)).length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(sizes.reduce((a, b) => a + b)).toBe(13787);
      }
      // NTILE: ties broken by id ascending, so among one-order customers the lower ids get the lower group.
      const ones = nt.filter((r) => r.frequency === '1');
      const firstIdOfScore2 = ones.find((r) => r.f === '2')!.customer_id;
      expect(ones.filter((r) => r.f === '1').every((r) => r.customer_id < firstIdOfScore2)).toBe(true);
    },
  );
});

describe('rfm segment: definitions', () => {
  test('as-of: default is the latest purchase; later purchases are ignored; recency 0 on the as-of day', async () => {
    const file = orders([
      ['a', '2024-01-01', 10],
      ['a', '2024-03-01', 20],
      ['b', '2024-02-15', 5],
      ['c', '2024-03-10', 7],
    ]);
    const all = parseCsv((await rfm(['segment', file, '-q'])).out);
    expect(all.map((r) => [r.customer_id, r.recency_days, r.frequency])).toEqual([
      ['a', '9', '2'],
      ['b', '24', '1'],
      ['c', '0', '1'],
    ]);
    const past = parseCsv((await rfm(['segment', file, '--as-of', '2024-02-15', '-q'])).out);
    expect(past.map((r) => [r.customer_id, r.recency_days, r.frequency, r.monetary])).toEqual([
      ['a', '45', '1', '10.00'],
      ['b', '0', '1', '5.00'],
    ]);
    const json = JSON.parse((await rfm(['segment', file, '--format', 'json', '-q'])).out);
    expect([json.asOf, json.asOfSource]).toEqual(['2024-03-10', 'the latest purchase in the input']);
  });

  test('quantile cut points are type-7 and a value equal to a cut point takes the lower score', async () => {
    // 10 customers with 1..10 orders: quintile cuts of frequency are 2.8, 4.6, 6.4, 8.2
    const rows: [string, string, number][] = [];
    for (let c = 1; c <= 10; c++)
      for (let k = 0; k < c; k++)
        rows.push([`c${String(c).padStart(2, '0')}`, `2024-01-${String(k + 1).padStart(2, '0')}`, 10]);
    const { out } = await rfm(['segment', orders(rows), '--format', 'json', '-q']);
    const x = JSON.parse(out);
    expect(x.cutPoints.frequency.cuts).toEqual([2.8, 4.6, 6.4, 8.2]);
    const f = x.customerRows.map((r: { f: number }) => r.f);
    expect(f).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // With 5 customers of 1..5 orders, cuts are exactly 1.8, 2.6, 3.4, 4.2; with 2,2,2,3,3 the cut 2 (= a value) keeps 2s low.
    const eq = orders([
      ['a', '2024-01-01', 1],
      ['a', '2024-01-02', 1],
      ['b', '2024-01-01', 1],
      ['b', '2024-01-02', 1],
      ['c', '2024-01-01', 1],
      ['c', '2024-01-02', 1],
      ['d', '2024-01-01', 1],
      ['d', '2024-01-02', 1],
      ['d', '2024-01-03', 1],
      ['e', '2024-01-01', 1],
      ['e', '2024-01-02', 1],
      ['e', '2024-01-03', 1],
    ]);
    const y = JSON.parse((await rfm(['segment', eq, '--format', 'json', '-q', '--bins', '2'])).out);
    expect(y.cutPoints.frequency.cuts).toEqual([2]);
    expect(y.customerRows.map((r: { f: number }) => r.f)).toEqual([1, 1, 1, 2, 2]);
  });

  test('fixed breaks: a value equal to a break belongs to the lower-value side, on every axis', async () => {
    const file = orders([
      ['r30', '2024-01-01', 100], // 30 days before 2024-01-31, 1 order, 100
      ['r31', '2023-12-31', 100.01],
      ['two', '2024-01-30', 50],
      ['two', '2024-01-31', 50],
    ]);
    const { out } = await rfm([
      'segment',
      file,
      '--as-of',
      '2024-01-31',
      '--r-breaks',
      '30,90',
      '--f-breaks',
      '1',
      '--m-breaks',
      '100',
      '-q',
      '--model',
      'cn8',
    ]);
    const rows = Object.fromEntries(parseCsv(out).map((r) => [r.customer_id, [r.recency_days, r.r, r.f, r.m]]));
    expect(rows).toEqual({ r30: ['30', '3', '1', '1'], r31: ['31', '2', '1', '2'], two: ['0', '3', '2', '1'] });
  });

  test('grid: every R×F cell is named as documented', async () => {
    const { gridModel } = await import('../../src/model/segments');
    const g = gridModel(5, 5);
    const name = (r: number, f: number) =>
      g.segments[g.classify({ r, f, m: 1, recency: 0, frequency: 0, monetary: 0 })].en;
    const expected: [string, number[], number[]][] = [
      ['Champions', [5], [4, 5]],
      ['Loyal Customers', [3, 4], [4, 5]],
      ['Potential Loyalists', [4, 5], [2, 3]],
      ['New Customers', [5], [1]],
      ['Promising', [4], [1]],
      ['Need Attention', [3], [3]],
      ['About to Sleep', [3], [1, 2]],
      ['At Risk', [1, 2], [3, 4]],
      ["Can't Lose Them", [1, 2], [5]],
      ['Hibernating', [1, 2], [1, 2]],
    ];
    let cells = 0;
    for (const [seg, rs, fs_] of expected)
      for (const r of rs)
        for (const f of fs_) {
          expect(name(r, f)).toBe(seg);
          cells++;
        }
    expect(cells).toBe(25);
  });

  test('cn8: high/low against the mean or median, equal to the split is low; labels in Chinese for a Taobao export', async () => {
    // recency days 0, 10, 20 (mean 10); orders 1, 2, 3 (mean 2); revenue 100, 200, 600 (mean 300, median 200)
    const file = orders([
      ['a', '2024-01-31', 100],
      ['b', '2024-01-01', 100],
      ['b', '2024-01-21', 100],
      ['c', '2024-01-01', 200],
      ['c', '2024-01-05', 200],
      ['c', '2024-01-11', 200],
    ]);
    const mean = parseCsv((await rfm(['segment', file, '--model', 'cn8', '--lang', 'zh', '-q'])).out);
    expect(mean.map((r) => [r.customer_id, r.segment])).toEqual([
      ['a', '一般发展客户'],
      ['b', '一般挽留客户'],
      ['c', '重要保持客户'],
    ]);
    const median = parseCsv(
      (await rfm(['segment', file, '--model', 'cn8', '--split', 'median', '--lang', 'en', '-q'])).out,
    );
    expect(median.map((r) => r.segment)).toEqual(['General Development', 'General Win-back', 'Important Retention']);
    const tb = parseCsv((await rfm(['segment', fixture, '--model', 'cn8', '-q'])).out);
    expect(new Set(tb.map((r) => r.segment)).size).toBeGreaterThan(4);
    expect(tb.every((r) => /客户$/.test(r.segment))).toBe(true);
  });

  test('tags: lifecycle and activity boundaries (90 and 180 days sleeping, 89 active, 181 lost, new ≤ 30 days)', async () => {
    const asOf = Date.UTC(2024, 6, 1);
    const d = (days: number) => new Date(asOf - days * 86400000).toISOString().slice(0, 10);
    const file = orders([
      ['d089', d(89), 10],
      ['d090', d(90), 10],
      ['d180', d(180), 10],
      ['d181', d(181), 10],
      ['n030', d(30), 10],
      ['n031', d(31), 10],
      ['rep', d(300), 10],
      ['rep', d(200), 10],
      ['loy', d(400), 10],
      ['loy', d(300), 10],
      ['loy', d(5), 10],
    ]);
    const rows = Object.fromEntries(
      parseCsv((await rfm(['segment', file, '--as-of', '2024-07-01', '-q'])).out).map((r) => [
        r.customer_id,
        r.tags.split(';').slice(0, 2).join(';'),
      ]),
    );
    expect(rows).toEqual({
      d089: 'one-time;active',
      d090: 'one-time;sleeping',
      d180: 'one-time;sleeping',
      d181: 'one-time;lost',
      n030: 'new;active',
      n031: 'one-time;active',
      rep: 'repeat;lost',
      loy: 'loyal;active',
    });
  });

  test('custom rules: a gap is an error naming the scores; an unreachable rule is a warning; unknown keys are errors', async () => {
    const gap = tmpFile('rules.json', JSON.stringify({ segments: [{ name: 'Best', r: [4, 5] }] }));
    const e1 = await rfm(['segment', fixture, '--rules', gap]);
    expect(e1.code).toBe(2);
    expect(e1.err).toMatch(/no segment matches scores R=1 F=1 M=1: add a catch-all/);
    const shadow = tmpFile(
      'rules.json',
      JSON.stringify({ segments: [{ name: 'Best', r: '4-5' }, { name: 'All' }, { name: 'Never', f: 5 }] }),
    );
    const ok = await rfm(['segment', fixture, '--rules', shadow]);
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/rule 'Never' can never match/);
    expect(new Set(parseCsv(ok.out).map((r) => r.segment))).toEqual(new Set(['Best', 'All']));
    const unknown = tmpFile('rules.json', JSON.stringify({ segments: [{ name: 'All', recency: [1, 2] }] }));
    const e2 = await rfm(['segment', fixture, '--rules', unknown]);
    expect([e2.code, e2.err.trim()]).toEqual([
      2,
      `rfm: --rules ${unknown}: segment 1: unknown key 'recency' (known: name, zh, en, r, f, m, important)`,
    ]);
  });

  test('usage errors: bad bins, breaks that do not increase', async () => {
    for (const [flags, msg] of [
      [['--bins', '1'], /--bins: expected a whole number from 2 to 9, got '1'/],
      [['--f-breaks', '3,2'], /--f-breaks: breaks must increase, got 3 then 2/],
      [['--m-breaks', '100,abc'], /--m-breaks: expected numbers separated by commas, got 'abc'/],
      [['--model', 'rules'], /--model rules needs --rules/],
    ] as [string[], RegExp][]) {
      const r = await rfm(['segment', fixture, ...flags]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
    }
  });
});

describe('rfm segment: output', () => {
  test('--split DIR: one CSV per segment plus index.csv; together they are the whole customer list', async () => {
    const dir = path.join(path.dirname(tmpFile('x', '')), 'segments');
    const { code, out } = await rfm(['segment', fixture, '--split', dir, '--lang', 'en']);
    expect(code).toBe(0);
    expect(out).toMatch(/R×F grid/); // stdout gets the report
    const index = parseCsv(fs.readFileSync(path.join(dir, 'index.csv'), 'utf8'));
    expect(index.map((r) => r.file)).toEqual([
      '01-champions.csv',
      '02-loyal-customers.csv',
      '03-potential-loyalists.csv',
      '04-new-customers.csv',
      '05-promising.csv',
      '06-need-attention.csv',
      '07-about-to-sleep.csv',
      '08-cant-lose-them.csv',
      '09-at-risk.csv',
      '10-hibernating.csv',
    ]);
    const all = parseCsv((await rfm(['segment', fixture, '--lang', 'en', '-q'])).out);
    const fromFiles = index.flatMap((r) => {
      const rows = parseCsv(fs.readFileSync(path.join(dir, r.file), 'utf8'));
      expect(rows.length).toBe(Number(r.customers));
      expect(rows.every((x) => x.segment === r.segment)).toBe(true);
      return rows;
    });
    expect(fromFiles.sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))).toEqual(all);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('same input and as-of: byte-identical output, run after run; a .csv file for a Chinese export gets a BOM', async () => {
    const a = path.join(path.dirname(tmpFile('x', '')), 'a.csv');
    const b = path.join(path.dirname(tmpFile('y', '')), 'b.csv');
    expect((await rfm(['segment', fixture, '--as-of', '2024-06-30', '-o', a])).code).toBe(0);
    expect((await rfm(['segment', fixture, '--as-of', '2024-06-30', '-o', b])).code).toBe(0);
    const x = fs.readFileSync(a);
    expect(x.equals(fs.readFileSync(b))).toBe(true);
    expect(x.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const j1 = await rfm(['segment', fixture, '--format', 'json', '-q']);
    const j2 = await rfm(['segment', fixture, '--format', 'json', '-q']);
    expect(j1.out).toBe(j2.out);
    const t = await rfm(['segment', fixture, '--format', 'table', '-q', '--lang', 'en']);
    expect(t.out).toMatch(/as of \d{4}-\d\d-\d\d \(the latest purchase in the input\)/);
    expect(t.out).toMatch(/cut points/);
    expect(t.out).toMatch(/Champions/);
  });
});
