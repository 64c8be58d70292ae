import { bgnbdLogLik, bgnbdPredict, gammaGammaMean } from '../../src/model/predict/models';
import { compress, summaryOf } from '../../src/model/predict/summary';
import { predict } from '../../src/model/predict/predict';

const day = (s: string) => Date.parse(s + 'T00:00:00Z') / 864e5;

describe('summaryOf (the lifetimes conventions)', () => {
  test('a calendar day counts once; x, t_x, T in days; spend = mean over repeat days, first day left out', () => {
    const byDay = new Map([
      [day('2024-01-01'), 100_0000],
      [day('2024-01-08'), 30_0000],
      [day('2024-01-22'), 50_0000],
    ]);
    expect(summaryOf(byDay, day('2024-01-29'), 10000)).toEqual({ x: 2, txDays: 21, TDays: 28, spend: 40 });
  });

  test('compress groups equal (x, t_x, T) and keeps each customer’s group; weeks = days / 7', () => {
    const s = [
      { x: 1, txDays: 7, TDays: 14, spend: 1 },
      { x: 0, txDays: 0, TDays: 14, spend: 0 },
      { x: 1, txDays: 7, TDays: 14, spend: 9 },
    ];
    const g = compress(s, 7);
    expect(Array.from(g.w)).toEqual([2, 1]);
    expect(Array.from(g.group)).toEqual([0, 1, 0]);
    expect([g.x[0], g.tx[0], g.T[0]]).toEqual([1, 1, 2]);
  });
});

describe('BG/NBD against its closed forms', () => {
  const p = [0.5, 3, 0.8, 2.5];
  test('logLik of one customer with x = 0 is r·log(α/(α+T)) (Fader, Hardie & Lee 2005, eq. 6)', () => {
    const g = compress([{ x: 0, txDays: 0, TDays: 10, spend: 0 }], 1);
    expect(bgnbdLogLik(p, g)).toBeCloseTo(0.5 * Math.log(3 / 13), 10);
  });
  test('P(alive) is 1 with no repeat purchase; expected purchases grow with the horizon', () => {
    const a = bgnbdPredict(p, 0, 0, 10, 5);
    const b = bgnbdPredict(p, 0, 0, 10, 50);
    expect(a.pAlive).toBe(1);
    expect(b.expected).toBeGreaterThan(a.expected);
  });
});

test('Gamma-Gamma mean is the population mean p·γ/(q−1) at x = 0', () => {
  expect(gammaGammaMean([6, 4, 15], 0, 0)).toBeCloseTo(30, 10);
});

test('predict: too few repeat buyers is a DataError (exit 4)', () => {
  const s = [
    { x: 1, txDays: 3, TDays: 9, spend: 2 },
    { x: 0, txDays: 0, TDays: 9, spend: 0 },
  ];
  expect(() => predict(s, { model: 'bgnbd', unit: 1, horizon: 10, discount: 0 })).toThrow(/only 1 customers/);
});
