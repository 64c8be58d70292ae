import * as iconv from 'iconv-lite';
import {
  BAD,
  MISSING,
  OK,
  cell,
  daysFromCivil,
  formatDay,
  idBounds,
  readDate,
  readMoney,
  readNumber,
} from '../../src/io/cells';
import { HashCache } from '../../src/io/normalize';
import { makeZone } from '../../src/io/zone';

const b = (s: string) => Buffer.from(s, 'utf8');
const money = (s: string, encoding = 'utf8', comma = false) => {
  const x = iconv.encode(s, encoding);
  const r = readMoney(x, 0, x.length, comma);
  return r === OK ? cell.value / 10000 : r === MISSING ? 'missing' : 'bad';
};
const quantity = (s: string) => {
  const x = b(s);
  const r = readNumber(x, 0, x.length);
  return r === OK ? cell.value : r === MISSING ? 'missing' : 'bad';
};
const utc = makeZone('UTC');
const date = (s: string, order: 'mdy' | 'dmy' | 'ymd' = 'mdy', zone = utc) => {
  const x = b(s);
  const r = readDate(x, 0, x.length, order, zone);
  return r === OK ? formatDay(cell.value) : r === BAD ? 'bad' : 'missing';
};

describe('readMoney', () => {
  test.each([
    ["1'234.50", 1234.5],
    ['1 234.50', 1234.5],
    ['1\u00a0234\u00a0567', 1234567],
    ['1\u202f234.5 EUR', 1234.5],
    ['5 USD', 5],
    ['12 345 元', 12345],
  ])('reads the grouped %p as %p', (s, v) => expect(money(s)).toBe(v));
  test.each([['1 23'], ["1'234,567"], ['1,234 567'], ['1.234,56'], ['261,96']])(
    'rejects %p with a decimal point',
    (s) => expect(money(s)).toBe('bad'),
  );
  test.each([
    ['261,96', 261.96],
    ['22,368', 22.368],
    ['957,5775', 957.5775],
    ['1.234,56', 1234.56],
    ['1.234.567', 1234567],
    ['1 234,5', 1234.5],
    ['-3,20 €', -3.2],
    ['12', 12],
  ])('reads %p as %p in a decimal-comma column', (s, v) => expect(money(s, 'utf8', true)).toBe(v));
  test.each([['1,234.56'], ['1,2,3'], ['1.23'], ['1.234,5.6'], ['1,23456']])(
    'rejects %p in a decimal-comma column',
    (s) => expect(money(s, 'utf8', true)).toBe('bad'),
  );
  test('reads a windows-1252 no-break space between groups', () => {
    const x = Buffer.from([0x31, 0xa0, 0x32, 0x33, 0x34, 0x2c, 0x35]);
    expect(readMoney(x, 0, x.length, true)).toBe(OK);
    expect(cell.value).toBe(12345000);
  });
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
  test.each([
    ['１２３.00元', 123],
    ['１２３.45', 123.45],
    ['１２３，４５６．７８', 123456.78],
    ['－５', -5],
    ['＋５', 5],
    ['（５）', -5],
    ['￥１２', 12],
    ['¥ -5', -5],
    ['-¥5', -5],
    ['$(5)', -5],
    ['12.50 CNY', 12.5],
    ['usd5', 5],
    ['EUR 3', 3],
    ['£2', 2],
    ['5€', 5],
    ['GBP5', 5],
    ['HK$ 12', 12],
    ['US$12', 12],
    ['NT$300', 300],
    ['RM 9.90', 9.9],
    ['人民币 12', 12],
    ['12 美元', 12],
    ['12\u00a0€', 12],
    ['\u3000１２元', 12],
  ])('reads the full-width digits and currency of %p as %p', (s, v) => expect(money(s)).toBe(v));
  test.each([
    ['1.5k'],
    ['1OO'],
    ['l00.00'],
    ['--5'],
    ['(-5)'],
    ['-(5)'],
    ['(5'],
    ['5)'],
    ['5-'],
    ['+-5'],
    ['1OOO'],
    ['12 万元'],
    ['50¢'],
    ['5％'],
    ['5%'],
    ['ＵＳＤ５'],
    ['12 3456'],
    ['1e5'],
    ['0x10'],
    ['$'],
    ['元'],
    ['5 xyz'],
    ['HK5'],
  ])('rejects %p, never reading another number from it', (s) => expect(money(s)).toBe('bad'));
  test.each([
    ['12345678901234567890'],
    ['9'.repeat(400)],
    ['900719925474.0992'],
    ['900,719,925,475'],
    ['-900719925475'],
  ])('rejects %p: more units than a double holds exactly', (s) => expect(money(s)).toBe('bad'));
  test('reads the largest exact amount to the last unit', () => {
    expect(money('900719925474.0991')).toBe(900719925474.0991);
    expect(cell.value).toBe(Number.MAX_SAFE_INTEGER);
    expect(money('0000000000000000000001.5')).toBe(1.5);
  });
  test.each([
    ['gb18030', '￥99', 99],
    ['gb18030', '99.50元', 99.5],
    ['gb18030', '１２３．４５', 123.45],
    ['gb18030', '人民币12', 12],
    ['big5', '99元', 99],
    ['big5', '新台幣 300', 300],
    ['shiftjis', '1,000円', 1000],
    ['euckr', '5000원', 5000],
    ['windows1252', '£5', 5],
    ['windows1252', '5 €', 5],
    ['windows1252', '¥12', 12],
  ])('reads %s bytes of %p as %p', (enc, s, v) => expect(money(s, enc)).toBe(v));
  test.each([
    ['gb18030', '5％'],
    ['gb18030', '12万元'],
    ['gb18030', '1.5Ｋ'],
    ['gb18030', '５角'],
  ])('rejects %s bytes of %p', (enc, s) => expect(money(s, enc)).toBe('bad'));
  test('quantities: the same forms and the same limit', () => {
    expect(quantity('3')).toBe(3);
    expect(quantity('１２')).toBe(12);
    expect(quantity('1'.padEnd(21, '0'))).toBe('bad');
    expect(quantity('9'.repeat(400))).toBe('bad');
    expect(quantity('2x')).toBe('bad');
  });
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
  test("without --tz a numeric offset keeps the day as written (the store's own day); Z is moved", () => {
    const own = Object.assign(makeZone('Asia/Shanghai'), { ownOffsets: true });
    expect(date('2022-08-13 23:09:54 -0700', 'ymd', own)).toBe('2022-08-13');
    expect(date('2022-08-13T00:30:00+05:30', 'ymd', own)).toBe('2022-08-13');
    expect(date('2022-08-13T24:00:00-0700', 'ymd', own)).toBe('2022-08-14');
    expect(date('2022-08-13T23:30:00Z', 'ymd', own)).toBe('2022-08-14');
    expect(date('2022-08-13 23:30', 'ymd', own)).toBe('2022-08-13');
  });
  test.each([['2023-02-29'], ['2024-13-01'], ['31/02/2024'], ['hello'], ['12']])('rejects %p', (s) =>
    expect(date(s, 'dmy')).toBe('bad'),
  );
  test.each([
    ['2024-03-05 25:61:61'],
    ['2024-03-05 25:00'],
    ['2024-03-05 23:60'],
    ['2024-03-05 23:59:61'],
    ['2024-03-05 24:00:01'],
    ['2024-03-05 24:30'],
    ['20240305246000'],
    ['2024-03-05T14:22:10+99:99'],
    ['2024-03-05T14:22:10+14:01'],
    ['2024-03-05T14:22:10-15:00'],
    ['2024-03-05T14:22:10+05:60'],
    ['2024-03-05T14:22:10+123'],
    ['2024-03-05T14:22:10+08:00:00'],
  ])('rejects the impossible time or offset %p', (s) => expect(date(s, 'ymd')).toBe('bad'));
  test.each([
    ['2024-03-05 23:59:60', '2024-03-05'],
    ['2024-12-31T23:59:60Z', '2024-12-31'],
    ['2024-03-05 24:00', '2024-03-06'],
    ['2024-03-05 24:00:00.000', '2024-03-06'],
    ['2024-03-05T24:00:00+08:00', '2024-03-05'],
    ['2024-03-05T10:00:00+14:00', '2024-03-04'],
    ['2024-03-05T13:00:00-14:00', '2024-03-06'],
    ['2024-03-05T20:00:00+0545', '2024-03-05'],
    ['2024-03-05T20:00:00-09', '2024-03-06'],
    ['20240305 23:30:00.5-08:00', '2024-03-06'],
  ])('reads the leap second, 24:00 and offsets up to 14 hours: %p', (s, d) => expect(date(s, 'ymd')).toBe(d));
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
