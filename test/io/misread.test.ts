/** A role column mostly unreadable is a misread column: the run stops, naming it, a sample and the flag. */
import * as path from 'path';
import { SHARED, hasShared, rfm, tmpFile } from '../helpers';

test('an amount column of text stops the run (exit 4) instead of summing the few numbers', async () => {
  const rows = ['customer,date,amount', 'a,2024-01-01,12.00'];
  for (let i = 0; i < 9; i++) rows.push(`c${i},2024-01-0${1 + i},n/a pending`);
  const r = await rfm(['profiles', tmpFile('o.csv', rows.join('\n') + '\n')]);
  expect(r.code).toBe(4);
  expect(r.err).toMatch(
    /o\.csv: column amount \(amount\): 9 of 10 non-empty cells are unreadable \(first: 'n\/a pending'\): name the right column or format with --amount-col/,
  );
});

test('a few typos are reported, not fatal', async () => {
  const rows = ['customer,date,amount', 'a,2024-01-01,12.00', 'b,2024-01-02,x', 'c,2024-01-03,3', 'd,2024-01-04,4'];
  expect((await rfm(['profiles', tmpFile('o.csv', rows.join('\n') + '\n'), '-q'])).code).toBe(0);
});

(hasShared ? test : test.skip)(
  'the European Superstore (decimal comma) never exits 0 with a wrong revenue',
  async () => {
    const file = path.join(SHARED, 'wild', 'superstore-eu-semicolon', 'Sample - Superstore.csv');
    const r = await rfm(['summary', file, '--date-col', 'Ship Date', '--format', 'json', '-q']);
    if (r.code === 0) expect(JSON.parse(r.out).revenue).toBeCloseTo(2297200.86, 0);
    else expect(r.code).toBe(4);
  },
);
