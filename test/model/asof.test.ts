/** The latest purchase as the default as-of day: flagged when it lies after today or far from every other. */
import { latestDayDoubt } from '../../src/model/asof';
import { PURCHASE, PurchaseLog, RETURN } from '../../src/model/log';
import { rfm, tmpFile } from '../helpers';

function log(days: [number, number][]): PurchaseLog {
  const l = new PurchaseLog(days.length, 1, []);
  for (const [d, kind] of days) l.push(0, d, 100, 0, kind, 0, -1, 0, 1);
  return l;
}

describe('latestDayDoubt', () => {
  test('a latest day after today', () => {
    expect(
      latestDayDoubt(
        log([
          [100, PURCHASE],
          [101, PURCHASE],
        ]),
        100,
      ),
    ).toEqual({ day: 101, why: 'is after today', after: null });
  });
  test('a latest day more than 90 days after every other purchase (returns do not count)', () => {
    expect(
      latestDayDoubt(
        log([
          [100, PURCHASE],
          [191, PURCHASE],
          [150, RETURN],
        ]),
        1000,
      )?.why,
    ).toBe('lies 91 days after every other purchase');
    expect(
      latestDayDoubt(
        log([
          [100, PURCHASE],
          [190, PURCHASE],
        ]),
        1000,
      ),
    ).toBeNull();
    expect(
      latestDayDoubt(
        log([
          [100, PURCHASE],
          [191, PURCHASE],
          [191, PURCHASE],
          [100, PURCHASE],
        ]),
        1000,
      ),
    ).not.toBeNull();
  });
  test('none for an ordinary history or no purchase', () => {
    expect(
      latestDayDoubt(
        log([
          [100, PURCHASE],
          [120, PURCHASE],
          [121, PURCHASE],
        ]),
        1000,
      ),
    ).toBeNull();
    expect(latestDayDoubt(log([]), 1000)).toBeNull();
  });
});

test('one mistyped year is named in a warning (even with -q); no purchase at all is exit 4', async () => {
  const rows = ['customer,date,amount', 'a,2024-01-05,10', 'b,2024-02-05,12', 'a,2042-01-05,3'];
  const file = tmpFile('o.csv', rows.join('\n') + '\n');
  const r = await rfm(['summary', file, '-q', '--format', 'json']);
  expect(r.code).toBe(0);
  expect(r.err).toMatch(/^rfm: warning: the latest purchase \(2042-01-05\), used as the as-of day, is after today/);
  const none = await rfm(['segment', file, '--as-of', '2023-01-01', '-q']);
  expect(none.code).toBe(4);
  expect(none.err).toMatch(/no purchases on or before --as-of 2023-01-01/);
});
