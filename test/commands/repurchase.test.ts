import * as fs from 'fs';
import * as path from 'path';
import { SHARED, hasShared, parseCsv, rfm, tmpDir, tmpFile } from '../helpers';

const CDNOW = path.join(SHARED, 'real', 'CDNOW_master.txt');
const itShared = hasShared ? test : test.skip;

type Fig = { key: string; value: number | null; numerator?: number; denominator?: number };
const figuresOf = (out: string): Record<string, Fig> =>
  Object.fromEntries(JSON.parse(out).repurchase.figures.map((f: Fig) => [f.key, f]));

/** CDNOW's lines as [customer, day number, cents], read without rfm's reader. */
function cdnow(): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (const line of fs.readFileSync(CDNOW, 'latin1').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || !/^\d{8}$/.test(f[1])) continue;
    const t = Date.UTC(Number(f[1].slice(0, 4)), Number(f[1].slice(4, 6)) - 1, Number(f[1].slice(6, 8)));
    out.push([f[0], t / 86400000, Math.round(Number(f[3]) * 100)]);
  }
  return out;
}
const dayOf = (s: string) => Date.parse(s) / 86400000;

/** Type-7 quantile, written out again here. */
function q7(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  return s[Math.floor(h)] + (h - Math.floor(h)) * (s[Math.ceil(h)] - s[Math.floor(h)]);
}

describe('rfm summary: repurchase by definition', () => {
  itShared('CDNOW: each figure equals a recount over the raw lines', async () => {
    const rows = cdnow();
    const byCust = new Map<string, number[]>();
    for (const [id, d] of rows) byCust.set(id, [...(byCust.get(id) ?? []), d]);

    // Window 6m as of 1998-06-30: 1998-01-01..1998-06-30.
    const [from, to] = [dayOf('1998-01-01'), dayOf('1998-06-30')];
    let buyers = 0;
    let repeaters = 0;
    const gaps: number[] = [];
    for (const days of byCust.values()) {
      const inWin = days.filter((d) => d >= from && d <= to).length;
      if (inWin) buyers++;
      if (inWin >= 2) repeaters++;
      const u = [...new Set(days)].sort((a, b) => a - b);
      for (let k = 1; k < u.length; k++) if (u[k] >= from && u[k] <= to) gaps.push(u[k] - u[k - 1]);
    }
    const r = await rfm(['summary', CDNOW, '--window', '6m', '--format', 'json', '-q']);
    expect(r.code).toBe(0);
    const f = figuresOf(r.out);
    expect(JSON.parse(r.out).repurchase.window).toEqual({ from: '1998-01-01', to: '1998-06-30', length: '6m' });
    expect([f.repurchase_rate.numerator, f.repurchase_rate.denominator]).toEqual([repeaters, buyers]);
    expect(f.repurchase_rate.value).toBeCloseTo(repeaters / buyers, 4);
    expect(f.gap_days_median.denominator).toBe(gaps.length);
    expect(f.gap_days_median.value).toBeCloseTo(q7(gaps, 0.5), 6);
    expect(f.gap_days_q1.value).toBeCloseTo(q7(gaps, 0.25), 6);
    expect(f.gap_days_q3.value).toBeCloseTo(q7(gaps, 0.75), 6);
    // Nobody is new in 1998: CDNOW holds the customers first seen in Q1 1997.
    expect(f.new_buyer_repurchase_30d.denominator).toBe(0);
    expect(f.new_buyer_repurchase_30d.value).toBeNull();

    // New buyers as of 1997-06-30 over the whole history: every Q1 buyer has had 90 days.
    const asOf = dayOf('1997-06-30');
    const y = figuresOf(
      (await rfm(['summary', CDNOW, '--as-of', '1997-06-30', '--window', 'all', '--format', 'json'])).out,
    );
    for (const n of [30, 60, 90]) {
      let b = 0;
      let again = 0;
      for (const days of byCust.values()) {
        const first = Math.min(...days);
        if (first + n > asOf) continue;
        b++;
        if (days.some((d) => d > first && d <= first + n)) again++;
      }
      expect([y[`new_buyer_repurchase_${n}d`].numerator, y[`new_buyer_repurchase_${n}d`].denominator]).toEqual([
        again,
        b,
      ]);
    }

    // Returning share of March 1997 (window 1m as of 1997-03-31): revenue of customers first seen before March.
    const march = [dayOf('1997-03-01'), dayOf('1997-03-31')];
    const first = new Map([...byCust].map(([id, days]) => [id, Math.min(...days)]));
    let all = 0;
    let returning = 0;
    for (const [id, d, c] of rows)
      if (d >= march[0] && d <= march[1]) {
        all += c;
        if (first.get(id)! < march[0]) returning += c;
      }
    const z = figuresOf(
      (await rfm(['summary', CDNOW, '--as-of', '1997-03-31', '--window', '1m', '--format', 'json'])).out,
    );
    expect(Math.round(z.returning_revenue_share.numerator! * 100)).toBe(returning);
    expect(Math.round(z.returning_revenue_share.denominator! * 100)).toBe(all);
    expect(returning).toBeGreaterThan(0);
  });

  test('a same-day second order is a repurchase for the rate, not for the new-buyer figure; unripe buyers wait', async () => {
    const f = tmpFile(
      'o.csv',
      [
        'order_id,customer_id,order_date,amount',
        '1,a,2024-03-01,10', // new, two orders on one day, nothing later
        '2,a,2024-03-01,10',
        '3,b,2024-03-02,10', // new, again 30 days later
        '4,b,2024-04-01,10',
        '5,c,2024-04-20,10', // new 11 days before the as-of date: not 30 days old yet
        '6,d,2024-01-15,10', // bought before the window: returning
        '7,d,2024-04-25,30',
        '8,d,2024-04-30,-5',
      ].join('\n') + '\n',
    );
    const r = await rfm(['summary', f, '--as-of', '2024-04-30', '--window', '2m', '--format', 'json', '-q']);
    expect(r.code).toBe(0);
    const x = figuresOf(r.out);
    expect(JSON.parse(r.out).repurchase.window).toMatchObject({ from: '2024-03-01', to: '2024-04-30' });
    expect([x.repurchase_rate.numerator, x.repurchase_rate.denominator]).toEqual([2, 4]);
    expect([x.new_buyer_repurchase_30d.numerator, x.new_buyer_repurchase_30d.denominator]).toEqual([1, 2]);
    // a's 60 days ran out on the as-of date (03-01 + 60 = 04-30); b's have not.
    expect([x.new_buyer_repurchase_60d.numerator, x.new_buyer_repurchase_60d.denominator]).toEqual([0, 1]);
    expect([x.new_buyer_repurchase_90d.numerator, x.new_buyer_repurchase_90d.denominator]).toEqual([0, 0]);
    expect([x.returning_revenue_share.numerator, x.returning_revenue_share.denominator]).toEqual([25, 75]);
    expect([x.gap_days_median.value, x.gap_days_median.denominator]).toEqual([65.5, 2]); // b: 30 days, d: 101 days;
    const csv = Object.fromEntries(
      parseCsv((await rfm(['summary', f, '--as-of', '2024-04-30', '--window', '2m', '-q'])).out).map((row) => [
        row.figure,
        row.value,
      ]),
    );
    expect(csv.repurchase_rate).toBe('0.5');
    expect(csv.new_buyer_repurchase_90d).toBe('');
    const t = await rfm(['summary', f, '--as-of', '2024-04-30', '--window', '2m', '--format', 'table', '-q']);
    for (const label of ['repurchase rate', 'new-buyer 30-day repurchase', 'days between purchases'])
      expect(t.out).toMatch(new RegExp(`^  ${label} .*\\d ÷ \\d|^  ${label} .*gaps`, 'm'));
    expect((await rfm(['summary', f, '--window', '30x'])).code).toBe(2);
    // The window from rfm.config.json; the flag wins over it.
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'rfm.config.json'), JSON.stringify({ window: '2w' }));
    const fromConfig = await rfm(['summary', f, '--as-of', '2024-04-30', '--format', 'json', '-q'], '', dir);
    expect(JSON.parse(fromConfig.out).repurchase.window).toEqual({
      from: '2024-04-17',
      to: '2024-04-30',
      length: '2w',
    });
    const flag = await rfm(
      ['summary', f, '--as-of', '2024-04-30', '--window', '1m', '--format', 'json', '-q'],
      '',
      dir,
    );
    expect(JSON.parse(flag.out).repurchase.window.from).toBe('2024-04-01');
  });
});
