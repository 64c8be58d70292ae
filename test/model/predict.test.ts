import { bgnbdGradient, bgnbdLogLik, bgnbdPredict, gammaGammaMean } from '../../src/model/predict/models';
import { maximise } from '../../src/model/predict/fit';
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

describe('fitting', () => {
  // Seeded summaries with repeat buying spread over a year (days), the shapes the likelihood sees.
  let seed = 7;
  const rnd = (k: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % k;
  const summaries = Array.from({ length: 400 }, () => {
    const T = 30 + rnd(300);
    const x = rnd(4) === 0 ? 0 : 1 + rnd(6);
    return { x, txDays: x ? rnd(T) : 0, TDays: T, spend: x ? 1 + rnd(50) : 0 };
  });
  const g = compress(summaries, 7);

  test('the BG/NBD gradient equals central differences of the log-likelihood', () => {
    for (const p of [
      [0.5, 3, 0.8, 2.5],
      [2, 20, 0.05, 3],
      [0.24, 4.4, 0.79, 2.4],
    ]) {
      const analytic = bgnbdGradient(p, g);
      p.forEach((v, i) => {
        const h = 1e-6 * v;
        const up = p.slice();
        const down = p.slice();
        up[i] += h;
        down[i] -= h;
        const numeric = (bgnbdLogLik(up, g) - bgnbdLogLik(down, g)) / (2 * h);
        expect(Math.abs(analytic[i] - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      });
    }
  });

  test('BFGS with the gradient finds the maximum that no nearby point beats', () => {
    const fit = maximise(
      'bgnbd',
      { logLik: (p) => bgnbdLogLik(p, g), gradient: (p) => bgnbdGradient(p, g) },
      [1, 1, 1, 1],
      400,
    );
    expect(fit.converged).toBe(true);
    for (let i = 0; i < 4; i++)
      for (const f of [0.99, 1.01]) {
        const q = fit.params.slice();
        q[i] *= f;
        expect(bgnbdLogLik(q, g)).toBeLessThan(fit.logLik);
      }
  });

  test('a maximum at the edge (a parameter running to infinity) is refused with the reason', () => {
    expect(() => maximise('edge', (p) => Math.log(p[0]) - (p[1] - 2) ** 2, [1, 1], 1)).toThrow(
      /parameter 1 of 2 runs to infinity: the data does not pin this model down/,
    );
  });
});
