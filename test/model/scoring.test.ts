import { scoreAxis } from '../../src/model/scoring';

/** NTILE as SQL defines it, written plainly: order worst first (ties by position), deal out equal groups. */
function naiveNtile(values: number[], bins: number, lowerIsBetter: boolean): number[] {
  const order = values
    .map((_, i) => i)
    .sort((a, b) => (lowerIsBetter ? values[b] - values[a] : values[a] - values[b]) || a - b);
  const scores = new Array<number>(values.length);
  const size = Math.floor(values.length / bins);
  const extra = values.length % bins;
  let pos = 0;
  for (let g = 0; g < bins; g++) for (let k = 0; k < size + (g < extra ? 1 : 0); k++) scores[order[pos++]] = g + 1;
  return scores;
}

describe('ntile scoring', () => {
  it('matches a plain NTILE on values with many ties (whole, cents, fractions, a huge range), both directions, several bin counts', () => {
    let x = 42;
    const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const n of [1, 2, 7, 100, 5003]) {
      const ints = Array.from({ length: n }, () => Math.floor(rnd() * 12));
      const money = Array.from({ length: n }, () => Math.round(rnd() * 100000) / 100 - (rnd() < 0.05 ? 50 : 0));
      const floats = Array.from({ length: n }, () => Math.floor(rnd() * 50) / 7);
      const huge = Array.from({ length: n }, (_, i) => (i % 3) * 1e15 + Math.floor(rnd() * 4));
      for (const values of [ints, money, floats, huge]) {
        for (const bins of [2, 5, 9]) {
          for (const lowerIsBetter of [true, false]) {
            const got = scoreAxis({ name: 'recency', values: Float64Array.from(values), lowerIsBetter }, 'ntile', bins);
            expect(Array.from(got.scores)).toEqual(naiveNtile(values, bins, lowerIsBetter));
          }
        }
      }
    }
  });
});

test('quantile scoring: a value equal to a cut point stays on the lower side at any bin count', () => {
  // 8 values, 7 bins: (n − 1)·k/N = k, so cut k is exactly the k-th value; k·(1/7) in floating point would put
  // cut 5 a hair under 60 and lift 60 into the next score.
  const values = Float64Array.from([10, 20, 30, 40, 50, 60, 70, 80]);
  const s = scoreAxis({ name: 'frequency', values, lowerIsBetter: false }, 'quantile', 7);
  expect(Array.from(s.scores)).toEqual([1, 1, 2, 3, 4, 5, 6, 7]);
  expect(s.cuts).toEqual([20, 30, 40, 50, 60, 70]);
});
