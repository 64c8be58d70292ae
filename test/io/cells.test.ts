import { BAD, MISSING, OK, cell, daysFromCivil, formatDay, idBounds, readDate, readMoney } from '../../src/io/cells';
import { HashCache } from '../../src/io/normalize';
import { makeZone } from '../../src/io/zone';

const b = (s: string) => Buffer.from(s, 'utf8');
const money = (s: string) => {
  const x = b(s);
  const r = readMoney(x, 0, x.length);
  return r === OK ? cell.value / 10000 : r === MISSING ? 'missing' : 'bad';
};
const utc = makeZone('UTC');
const date = (s: string, order: 'mdy' | 'dmy' | 'ymd' = 'mdy', zone = utc) => {
  const x = b(s);
  const r = readDate(x, 0, x.length, order, zone);
  return r === OK ? formatDay(cell.value) : r === BAD ? 'bad' : 'missing';
};

describe('readMoney', () => {
  test.each([
    ['12.50', 12.5],
    ['1,234.56', 1234.56],
    ['¥99', 99],
    ['99.9元', 99.9],
    ['$ 5', 5],
    ['-3.20', -3.2],
    ['(3.20)', -3.2],
    ['0.001', 0.001],
    ['0', 0],
    ['12,345,678.9', 12345678.9],
    ['="12.00"', 12],
    ['RMB 8', 8],
  ])('reads %s as %p', (s, v) => expect(money(s)).toBe(v));
  test.each([[''], ['-'], ['null'], ['N/A'], ['  '], ['NULL'], ['na'], ['None'], ['NaN'], ['n/a']])(
    'reads %p as missing',
    (s) => expect(money(s)).toBe('missing'),
  );
  test.each([['nul'], ['nab'], ['n/a1'], ['nonee']])('rejects the near-word %p', (s) => expect(money(s)).toBe('bad'));
  test.each([['12a3'], ['1,23'], ['1.23456'], ['abc'], ['1.2.3']])('rejects %p', (s) => expect(money(s)).toBe('bad'));
  test('sums of many 0.1s stay exact in units', () => {
    let t = 0;
    for (let i = 0; i < 1000; i++) {
      const x = b('0.10');
      readMoney(x, 0, x.length);
      t += cell.value;
    }
    expect(t).toBe(1000 * 1000);
  });
});

describe('readDate', () => {
  test.each([
    ['2024-03-05 14:22:10', '2024-03-05'],
    ['2024/3/5 14:22', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['3/5/24', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024年03月05日 10时22分', '2024-03-05'],
    ['2024-03-05T14:22:10Z', '2024-03-05'],
    ['19970101', '1997-01-01'],
    ['12/31/98', '1998-12-31'],
    ['2024-02-29', '2024-02-29'],
    ['20240305142210', '2024-03-05'],
  ])('reads %s', (s, d) => expect(date(s)).toBe(d));
  test('dmy order reads day first', () => expect(date('05/03/2024', 'dmy')).toBe('2024-03-05'));
  test('an offset moves the instant into the shop zone', () => {
    expect(date('2021-12-31 19:27:45 -0500')).toBe('2022-01-01');
    expect(date('2021-12-31 19:27:45 -0500', 'mdy', makeZone('America/New_York'))).toBe('2021-12-31');
    expect(date('2024-03-05T23:30:00+00:00', 'mdy', makeZone('Asia/Shanghai'))).toBe('2024-03-06');
  });
  test.each([['2023-02-29'], ['2024-13-01'], ['31/02/2024'], ['hello'], ['12']])('rejects %p', (s) =>
    expect(date(s, 'dmy')).toBe('bad'),
  );
  test('empty is missing', () => expect(date('  ')).toBe('missing'));
  test('day numbers round-trip', () => {
    for (const d of [-1000, 0, 10000, 20000, 19723])
      expect(daysFromCivil(...(formatDay(d).split('-').map(Number) as [number, number, number]))).toBe(d);
  });
});

describe('idBounds', () => {
  test.each([
    ['="2024000000000538492"', '2024000000000538492'],
    ["'13800000070", '13800000070'],
    ['\t9001', '9001'],
    ['  abc ', 'abc'],
    ['=HYPERLINK("a")', '=HYPERLINK("a")'],
    ['="x"', 'x'],
  ])('strips the Excel guard of %p', (s, want) => {
    const x = b(s);
    const st = idBounds(x, 0, x.length);
    expect(x.subarray(st, cell.value).toString()).toBe(want);
  });
});

describe('HashCache', () => {
  it('keeps values of 53-bit keys apart, also keys with the same low 32 bits, through growth', () => {
    const c = new HashCache<number>();
    const keys: number[] = [];
    for (let i = 0; i < 500; i++) keys.push(i * 2 ** 32 + (i % 7), i * 1234567 + 0.0 + 2 ** 52);
    keys.forEach((k, i) => c.set(k, i));
    keys.forEach((k, i) => expect(c.get(k)).toBe(i));
    expect(c.get(5 * 2 ** 32 + 6)).toBeUndefined();
    c.set(keys[3], -1);
    expect(c.get(keys[3])).toBe(-1);
    expect(c.get(keys[4])).toBe(4);
  });
});
