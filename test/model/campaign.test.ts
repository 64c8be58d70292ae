import { groupResponse, newcombe } from '../../src/model/campaign';

describe('newcombe', () => {
  // Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score), 95%.
  test.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
  ])('%i/%i − %i/%i: the published interval', (x1, n1, x2, n2, low, high) => {
    const r = newcombe(x1, n1, x2, n2);
    expect(r.difference).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(r.low).toBeCloseTo(low, 4);
    expect(r.high).toBeCloseTo(high, 4);
  });

  test('the interval holds the difference and stays within [−1, 1] at the extremes', () => {
    for (const [x1, n1, x2, n2] of [
      [0, 10, 10, 10],
      [10, 10, 0, 10],
      [0, 1, 0, 1],
      [3, 7, 3, 7],
    ]) {
      const r = newcombe(x1, n1, x2, n2);
      expect(r.low).toBeLessThanOrEqual(r.difference);
      expect(r.high).toBeGreaterThanOrEqual(r.difference);
      expect(r.low).toBeGreaterThanOrEqual(-1 - 1e-12);
      expect(r.high).toBeLessThanOrEqual(1 + 1e-12);
    }
  });
});

describe('groupResponse', () => {
  const log: Record<string, { day: number; amount: number; isPurchase: boolean }[]> = Object.freeze({
    a: [{ day: 100, amount: 5, isPurchase: true }], // on the send day: not a response
    b: [{ day: 101, amount: 7, isPurchase: true }], // the first day of the window
    c: [{ day: 130, amount: 9, isPurchase: true }], // the last day (since + 30)
    d: [{ day: 131, amount: 11, isPurchase: true }], // one day late
    e: [{ day: 110, amount: -3, isPurchase: false }], // a return: revenue, not a response
  });
  test('responders buy from the day after --since through since + days; returns subtract revenue only', () => {
    const r = groupResponse(['a', 'b', 'c', 'd', 'e', 'zz'], (id) => log[id], 100, 30);
    expect(r).toEqual({ customers: 6, responders: 2, rate: 2 / 6, revenue: 7 + 9 - 3, notInExport: 1 });
  });
});
