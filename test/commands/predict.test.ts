import * as fs from 'fs';
import * as path from 'path';
import { SHARED, hasShared, parseCsv, rfm, tmpDir } from '../helpers';

const file = path.join(SHARED, 'real', 'CDNOW_sample.txt');
const cumAll = (v: number[]) => v.reduce((a, b) => a + b, 0);
const d = hasShared ? describe : describe.skip;
if (!hasShared) console.warn('predict.test: ../shared/data absent, CDNOW checks skipped');

const ARGS = ['--customer-col', 'customer', '--date-col', 'date', '--amount-col', 'dollars'];
ARGS.push('--as-of', '1997-09-30', '--unit', 'week', '--horizon', '39', '--quiet');

d('rfm predict on the CDNOW sample (Fader, Hardie & Lee 2005 published fits)', () => {
  // The sample has no header line (see its README): give it one; the second column is the customer.
  let input = '';
  beforeAll(() => {
    input = path.join(tmpDir(), 'cdnow_sample.txt');
    fs.writeFileSync(input, 'master customer date cds dollars\r\n' + fs.readFileSync(file, 'utf8'));
  });
  test('BG/NBD parameters, logLik, customers 1 and 1516, Gamma-Gamma on 946 repeat buyers', async () => {
    const r = await rfm(['predict', input, ...ARGS, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const p = j.fit.purchases.params;
    expect(p.r).toBeCloseTo(0.2426, 3);
    expect(p.alpha).toBeCloseTo(4.414, 2);
    expect(p.a).toBeCloseTo(0.793, 3);
    expect(p.b).toBeCloseTo(2.426, 2);
    expect(j.fit.purchases.logLik).toBeCloseTo(-9582.43, 1);
    expect(j.fit.purchases.iterations).toBeGreaterThan(0);
    const s = j.fit.spend;
    expect(s.customers).toBe(946);
    expect(s.params.p).toBeCloseTo(6.25, 2);
    expect(s.params.q).toBeCloseTo(3.74, 2);
    expect(s.params.gamma).toBeCloseTo(15.44, 1);
    const c1 = j.rows.find((x: { customer_id: string }) => x.customer_id === '0001');
    expect(c1).toMatchObject({ x: 2, t_x: 30.43, T: 38.86 });
    expect(c1.p_alive).toBeCloseTo(0.7266, 4);
    expect(c1.expected_purchases).toBeCloseTo(1.2259, 3);
    const c1516 = j.rows.find((x: { customer_id: string }) => x.customer_id === '1516');
    expect(c1516.p_alive).toBeCloseTo(0.9689, 4);
    expect(c1516.expected_purchases).toBeCloseTo(20.75, 2);
  });

  test('Pareto/NBD parameters and logLik', async () => {
    const r = await rfm(['predict', input, ...ARGS, '--model', 'pareto-nbd', '--format', 'json']);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.out).fit.purchases;
    expect(f.model).toBe('pareto-nbd');
    expect(f.params.r).toBeCloseTo(0.553, 3);
    expect(f.params.alpha).toBeCloseTo(10.578, 2);
    expect(f.params.s).toBeCloseTo(0.606, 3);
    expect(f.params.beta).toBeCloseTo(11.67, 1);
    expect(f.logLik).toBeCloseTo(-9594.97, 1);
  });

  test('x, t_x, T in the CSV match lifetimes summary (cdnow_customers_summary.csv) for all 2,357', async () => {
    const r = await rfm(['predict', input, ...ARGS, '--format', 'csv']);
    expect(r.code).toBe(0);
    const got = new Map(parseCsv(r.out).map((x) => [String(Number(x.customer_id)), x]));
    const ref = fs
      .readFileSync(path.join(SHARED, 'real', 'cdnow_customers_summary.csv'), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(got.size).toBe(2357);
    for (const line of ref.slice(1)) {
      const [id, f, rec, T] = line.split(',');
      const g = got.get(id)!;
      expect([Number(g.x), Number(g.t_x), Number(g.T)]).toEqual([Number(f), Number(rec), Number(T)]);
    }
  });

  test('--holdout 39: actual repeat purchases per x group and week by week equal a recount over the raw lines', async () => {
    const args = ARGS.map((a) => (a === '1997-09-30' ? '1998-06-30' : a));
    const r = await rfm(['predict', input, ...args, '--holdout', '39', '--format', 'json']);
    expect(r.code).toBe(0);
    const h = JSON.parse(r.out).holdout;
    expect(h.calibrationEnd).toBe('1997-09-30');
    // Independent recount: distinct purchase days per customer; x = days up to the calibration end − 1.
    const end = Date.UTC(1997, 8, 30) / 864e5;
    const days = purchaseDays(file);
    const byX = new Map<string, number>();
    const weekly = new Array(39).fill(0);
    for (const s of days.values()) {
      const after = [...s].filter((t) => t > end);
      const x = [...s].filter((t) => t <= end).length - 1;
      const k = x >= 7 ? '7+' : String(x);
      byX.set(k, (byX.get(k) ?? 0) + after.length);
      for (const t of after) weekly[Math.ceil((t - end) / 7) - 1]++;
    }
    expect(h.actual).toBe(cumAll(weekly));
    for (const g of h.groups) expect(g.actual).toBe(byX.get(g.x));
    let cum = 0;
    weekly.forEach((w, i) => {
      cum += w;
      expect(h.tracking[i].actual).toBe(cum);
    });
    expect(h.predicted).toBeGreaterThan(0);
    expect(Math.abs(h.error)).toBeLessThan(0.2);
  });

  test('the 78-week cumulative repeat-purchase series, recounted over the raw lines', () => {
    // Independent of rfm: repeat purchase days per week since 1997-01-01 (first purchase day excluded).
    const days = purchaseDays(file);
    const start = Date.UTC(1997, 0, 1) / 864e5;
    const weekly = new Array(78).fill(0);
    for (const s of days.values()) {
      const sorted = [...s].sort((a, b) => a - b);
      for (const t of sorted.slice(1)) weekly[Math.floor((t - start) / 7)]++;
    }
    const cum: number[] = [];
    weekly.reduce((a, v) => (cum.push(a + v), a + v), 0);
    expect(cum.slice(0, 6)).toEqual([0, 19, 42, 81, 119, 192]);
    expect(cum[77]).toBe(4339);
  });
});

/** Independent of rfm: each CDNOW customer's distinct purchase days (day numbers), from the raw lines. */
function purchaseDays(file: string): Map<string, Set<number>> {
  const days = new Map<string, Set<number>>();
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const t = Date.UTC(+f[2].slice(0, 4), +f[2].slice(4, 6) - 1, +f[2].slice(6, 8)) / 864e5;
    if (!days.has(f[1])) days.set(f[1], new Set());
    days.get(f[1])!.add(t);
  }
  return days;
}

describe('rfm predict errors', () => {
  test('too few repeat buyers: one line, exit 4', async () => {
    const csv = 'order_id,customer,date,amount\n1,a,2024-01-01,10\n2,b,2024-01-02,10\n3,a,2024-02-01,5\n';
    const r = await rfm(['predict', '-', '--quiet'], csv);
    expect(r.code).toBe(4);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^rfm: only 1 customers bought on more than one day/);
  });

  test('an unknown model is a usage error', async () => {
    const r = await rfm(['predict', '-', '--model', 'xgboost'], 'a,b\n');
    expect(r.code).toBe(2);
  });
});
