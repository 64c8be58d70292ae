/** Money formatting: internal units (1/10,000) rounded once to the cent, half away from zero. */
import { MONEY_SCALE } from '../../src/io/cells';
import { money } from '../../src/report/format';

const units = (tenThousandths: number) => (tenThousandths * MONEY_SCALE) / 10000;

describe('money rounds to the cent, half away from zero', () => {
  test.each([
    [12345, '1.23'],
    [12349, '1.23'],
    [12350, '1.24'],
    [12351, '1.24'],
    [9950, '1.00'],
    [9949, '0.99'],
    [50, '0.01'],
    [49, '0.00'],
    [0, '0.00'],
    [-12350, '-1.24'],
    [-12349, '-1.23'],
    [-49, '0.00'],
    [-50, '-0.01'],
    [1234567890000, '123456789.00'],
    [100, '0.01'],
    [1000, '0.10'],
  ])('%d ten-thousandths → %s', (u, text) => {
    expect(money(units(u))).toBe(text);
  });
});
