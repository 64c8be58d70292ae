import { computeSplits } from '../../src/model/segments';

test('cn8 mean split: the mean of 0.01, 0.05 and 0.09 is 0.05 exactly, so 0.05 counts as low', () => {
  // A running float sum gives 0.049999999999999996, under the middle customer's 0.05.
  const v = (...x: number[]) => Float64Array.from(x);
  const s = computeSplits('mean', v(1, 2, 3), v(1, 1, 4), v(0.01, 0.05, 0.09));
  expect(s).toEqual({ how: 'mean', recency: 2, frequency: 2, monetary: 0.05 });
});
