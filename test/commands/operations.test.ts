import * as fs from 'fs';
import * as iconv from 'iconv-lite';
import * as path from 'path';
import { ROOT, SHARED, hasShared, parseCsv, rfm, tmpFile } from '../helpers';

const CDNOW = path.join(SHARED, 'real', 'CDNOW_master.txt');
const fixture = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
const itShared = hasShared ? test : test.skip;

function orders(rows: [string, string, number][]): string {
  return tmpFile('orders.csv', ['customer_id,order_date,amount', ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

describe('rfm summary', () => {
  itShared('CDNOW: the headline figures match an independent computation over the raw lines', async () => {
    // Independent: per customer from the whitespace text; money in cents; a different Gini formula
    // (mean absolute difference over all pairs, via sorted prefix sums).
    const cust = new Map<string, { n: number; cents: number; first: string }>();
    for (const line of fs.readFileSync(CDNOW, 'latin1').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || !/^\d{8}$/.test(f[1])) continue; // the header line
      const c = cust.get(f[0]) ?? { n: 0, cents: 0, first: f[1] };
      c.n++;
      c.cents += Math.round(Number(f[3]) * 100);
      if (f[1] < c.first) c.first = f[1];
      cust.set(f[0], c);
    }
    const all = [...cust.values()];
    const total = all.reduce((s, c) => s + c.cents, 0);
    const repeat = all.filter((c) => c.n >= 2);
    const sorted = all.map((c) => c.cents).sort((a, b) => b - a);
    const top = sorted.slice(0, Math.ceil(all.length * 0.2)).reduce((s, v) => s + v, 0);
    const asc = [...sorted].reverse();
    let pairs = 0;
    let prefix = 0;
    asc.forEach((v, i) => {
      pairs += v * i - prefix; // Σ_j<i (v_i − v_j)
      prefix += v;
    });
    const gini = (2 * pairs) / (asc.length * asc.length * (total / asc.length)) / 2;
    const x = JSON.parse((await rfm(['summary', CDNOW, '--format', 'json', '-q'])).out);
    expect(x.customers).toBe(cust.size);
    expect(x.purchases).toBe(all.reduce((s, c) => s + c.n, 0));
    expect(Math.round(x.revenue * 100)).toBe(total);
    expect(x.repurchaseRate).toBeCloseTo(repeat.length / all.length, 4);
    expect(x.returningRevenueShare).toBeCloseTo(repeat.reduce((s, c) => s + c.cents, 0) / total, 4);
    expect(x.top20RevenueShare).toBeCloseTo(top / total, 4);
    expect(x.gini).toBeCloseTo(gini, 3);
    expect(x.asOf).toBe('1998-06-30');
    expect(x.newCustomers).toBe(all.filter((c) => c.first >= '19980531').length);
    expect(Object.values(x.stages as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(cust.size);
  });

  test('stages and the flow since last week', async () => {
    const file = orders([
      ['a', '2024-06-28', 10],
      ['b', '2024-01-01', 10],
      ['b', '2024-06-29', 10],
      ['c', '2024-03-01', 10],
      ['d', '2023-01-01', 5],
    ]);
    const x = JSON.parse((await rfm(['summary', file, '--as-of', '2024-07-01', '--format', 'json', '-q'])).out);
    expect(x.stages).toEqual({ new: 1, 'one-time': 0, repeat: 1, loyal: 0, sleeping: 1, lost: 1 });
    // a week ago: a had not bought (none → new); b was sleeping (→ repeat); c was sleeping; d lost
    expect(x.flowSinceLastWeek).toEqual([
      { from: 'none', to: 'new', customers: 1 },
      { from: 'sleeping', to: 'repeat', customers: 1 },
    ]);
  });
});

describe('rfm crowd', () => {
  test('two tags give exactly the intersection of the rfm segment CSV; --any the union; --list the sizes', async () => {
    const seg = parseCsv((await rfm(['segment', fixture, '-q'])).out);
    const has = (r: Record<string, string>, t: string) => r.tags.split(';').includes(t);
    // A contact list comes most valuable first: revenue, then purchases, then id.
    const byValue = (rows: Record<string, string>[]) =>
      [...rows]
        .sort(
          (a, b) =>
            Number(b.revenue) - Number(a.revenue) ||
            Number(b.orders) - Number(a.orders) ||
            (a.customer_id < b.customer_id ? -1 : 1),
        )
        .map((r) => r.customer_id);
    const both = byValue(seg.filter((r) => has(r, 'loyal') && has(r, 'high-aov')));
    const either = byValue(seg.filter((r) => has(r, 'new') || has(r, 'top-spender')));
    expect(both.length).toBeGreaterThan(10);
    const c1 = parseCsv((await rfm(['crowd', fixture, '--tag', 'loyal', '--tag', 'high-aov', '-q'])).out).map(
      (r) => r.customer_id,
    );
    expect(c1).toEqual(both);
    const c2 = parseCsv((await rfm(['crowd', fixture, '--tag', 'new', '--tag', 'top-spender', '--any', '-q'])).out).map(
      (r) => r.customer_id,
    );
    expect(c2).toEqual(either);
    const top5 = parseCsv(
      (await rfm(['crowd', fixture, '--tag', 'loyal', '--tag', 'high-aov', '--top', '5', '-q'])).out,
    ).map((r) => r.customer_id);
    expect(top5).toEqual(both.slice(0, 5));
    const champ = byValue(seg.filter((r) => r.segment === '冠军客户' && has(r, 'sleeping')));
    const c3 = parseCsv((await rfm(['crowd', fixture, '--segment', 'Champions', '--tag', 'sleeping', '-q'])).out).map(
      (r) => r.customer_id,
    );
    expect(c3).toEqual(champ);
    const list = parseCsv((await rfm(['crowd', fixture, '--list', '-q'])).out);
    expect(Number(list.find((r) => r.name === 'loyal')!.customers)).toBe(seg.filter((r) => has(r, 'loyal')).length);
    const bad = await rfm(['crowd', fixture, '--tag', 'vip']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/--tag: unknown tag 'vip'/)]);
  });
});

describe('rfm tiers', () => {
  test('levels by spend; upgrade-only with --previous; a changed rule waits for a new purchase', async () => {
    const first = orders([
      ['a', '2024-01-10', 600],
      ['b', '2024-01-10', 2500],
      ['c', '2024-01-10', 100],
      ['=d', '2024-01-05', 900],
    ]);
    const out1 = path.join(path.dirname(tmpFile('x', '')), 'tiers1.csv');
    expect(
      (await rfm(['tiers', first, '--levels', '500,2000,5000', '--lang', 'en', '-o', out1, '-q', '--no-bom'])).code,
    ).toBe(0);
    expect(parseCsv(fs.readFileSync(out1, 'utf8')).map((r) => [r.customer_id, r.level, r.level_no])).toEqual([
      ["'=d", 'Member', '1'],
      ['a', 'Member', '1'],
      ['b', 'Silver', '2'],
      ['c', '', '0'],
    ]);
    // Later: b's spend falls below 2000 (refund netted), a buys to 5600 (upgraded twice), c buys nothing
    // new, and the rule changes (thresholds lower) — c must not move without a new purchase; =d is not in
    // the later export (it covers recent months only) and keeps its row and level.
    const later = orders([
      ['a', '2024-01-10', 600],
      ['a', '2024-03-01', 5000],
      ['b', '2024-01-10', 1500],
      ['c', '2024-01-10', 100],
    ]);
    const r = parseCsv(
      (await rfm(['tiers', later, '--levels', '50,2000,5000', '--lang', 'en', '--previous', out1, '-q'])).out,
    );
    expect(r.map((x) => [x.customer_id, x.previous_level, x.level, x.upgraded, x.carried_over])).toEqual([
      ["'=d", 'Member', 'Member', 'no', 'yes'],
      ['a', 'Member', 'Gold', 'yes', 'no'],
      ['b', 'Silver', 'Silver', 'no', 'no'],
      ['c', '', '', 'no', 'no'],
    ]);
    expect(r[0]).toMatchObject({ spend: '900.00', orders: '1', last_purchase: '2024-01-05' });
    const bad = await rfm(['tiers', first, '--levels', '500,400']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/--levels: expected 1 to 4 increasing numbers > 0/)]);
  });
});

test('tiers --previous re-saved by Excel as GBK reads as the UTF-8 file it was', async () => {
  const dir = path.dirname(tmpFile('x', ''));
  const prev = path.join(dir, 'tiers.csv');
  const fixture = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
  expect((await rfm(['tiers', fixture, '--levels', '100,500,2000', '-o', prev, '-q', '--no-bom'])).code).toBe(0);
  const gbk = path.join(dir, 'tiers-gbk.csv');
  fs.writeFileSync(gbk, iconv.encode(fs.readFileSync(prev, 'utf8'), 'gbk'));
  const args = ['tiers', fixture, '--levels', '100,500,2000', '--format', 'csv', '-q', '--no-bom', '--previous'];
  const a = await rfm([...args, prev]);
  const b = await rfm([...args, gbk]);
  expect(b.code).toBe(0);
  expect(b.out).toBe(a.out);
});
