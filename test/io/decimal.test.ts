/**
 * Number formats per column: the decimal mark decided from a column's values (or `--decimal`), group separators
 * `,` `.` `'` and blanks. Each expectation is the arithmetic of the rows written here.
 */
import { decideDecimal, decimalMarkOf } from '../../src/io/detect';
import { parseCsv, rfm, tmpFile } from '../helpers';

describe('decimalMarkOf', () => {
  test.each([
    ['261,96', ','],
    ['957,5775', ','],
    ['0,368', ','],
    ['1.234,56', ','],
    ['1.234.567', ','],
    ['-3,2 €', ','],
    ['12.50', '.'],
    ['0.500', '.'],
    ['1,234.56', '.'],
    ['1,234,567', '.'],
    ["1'234.5", '.'],
    ['22,368', null],
    ['1.234', null],
    ['1500', null],
    ['', null],
  ])('%p shows %p', (v, mark) => expect(decimalMarkOf(v)).toBe(mark));
});

describe('decideDecimal', () => {
  test('the mark most values show; the undecided ones follow', () => {
    expect(decideDecimal(['22,368', '261,96', '1500']).mark).toBe(',');
    expect(decideDecimal(['22,368', '12.5', '1500']).mark).toBe('.');
  });
  test('no evidence: a point by default, said so; the fallback when a file is read again', () => {
    expect(decideDecimal(['22,368', '1500'])).toEqual({
      mark: '.',
      source: expect.stringMatching(/^default/) as string,
    });
    expect(decideDecimal(['22,368'], undefined, ',').mark).toBe(',');
  });
  test('--decimal wins over the values', () => expect(decideDecimal(['12.50'], ',').mark).toBe(','));
});

/** `rfm profiles` of a CSV written here, as rows by customer. */
async function profiles(csv: string, args: string[] = []) {
  const r = await rfm(['profiles', tmpFile('orders.csv', csv), '--format', 'csv', '-q', ...args]);
  return { ...r, rows: r.code === 0 ? new Map(parseCsv(r.out).map((x) => [x.customer_id, x])) : new Map() };
}

describe('reading amounts', () => {
  test('a semicolon export with decimal commas: 261,96 is 261.96 and 22,368 is 22.368', async () => {
    const r = await profiles(
      'order;customer;date;amount\n1;a;2024-01-02;261,96\n2;a;2024-01-05;22,368\n3;b;2024-01-03;1.234,50\n',
    );
    expect(r.code).toBe(0);
    expect(r.rows.get('a')!.revenue).toBe('284.33'); // 261.96 + 22.368 = 284.328
    expect(r.rows.get('b')!.revenue).toBe('1234.50');
  });

  test('decided per column: a decimal-comma amount beside a decimal-point refund', async () => {
    const r = await profiles(
      'order;customer;date;amount;refund\n1;a;2024-01-02;100,50;0.25\n2;a;2024-01-05;10,00;1.50\n',
      ['--refund-col', 'refund'],
    );
    expect(r.rows.get('a')!.revenue).toBe('108.75'); // 110.50 − 1.75
  });

  test('the first 200 rows cannot tell; later rows can: the file is read again with a decimal comma', async () => {
    let csv = 'order;customer;date;amount\n';
    for (let i = 0; i < 250; i++) csv += `${i};c${i % 7};2024-01-${String(1 + (i % 28)).padStart(2, '0')};1,500\n`;
    csv += '900;z;2024-02-01;12,75\n';
    const r = await profiles(csv);
    expect(r.code).toBe(0);
    expect(r.rows.get('z')!.revenue).toBe('12.75');
    // c0 has rows 0, 7, …, 245: 36 orders of 1.5
    expect(r.rows.get('c0')!.revenue).toBe('54.00');
  });

  test('--decimal , settles a column whose values cannot tell', async () => {
    const csv = 'order,customer,date,amount\n1,a,2024-01-02,"1,500"\n2,a,2024-01-03,"2,250"\n';
    expect((await profiles(csv)).rows.get('a')!.revenue).toBe('3750.00');
    expect((await profiles(csv, ['--decimal', ','])).rows.get('a')!.revenue).toBe('3.75');
    expect((await profiles(csv, ['--decimal', 'x'])).code).toBe(2);
  });

  test("group separators: 1'234.50, 1 234.50 and no-break spaces", async () => {
    const r = await profiles(
      "order;customer;date;amount\n1;a;2024-01-02;1'234.50\n2;a;2024-01-03;1 000.25\n3;b;2024-01-02;2\u00a0000.5\n",
    );
    expect(r.rows.get('a')!.revenue).toBe('2234.75');
    expect(r.rows.get('b')!.revenue).toBe('2000.50');
    const eu = await profiles('order;customer;date;amount\n1;a;2024-01-02;2\u202f000,5\n2;a;2024-01-03;1.000,25\n');
    expect(eu.rows.get('a')!.revenue).toBe('3000.75');
  });

  test('inspect says which mark each amount column was read with, and why', async () => {
    const r = await rfm(['inspect', tmpFile('o.csv', 'order;customer;date;amount\n1;a;2024-01-02;261,96\n')]);
    expect(r.out.replace(/\s*\n\s*/g, ' ')).toMatch(
      /decimal\s+comma in amount \(decimal comma: 1 of the first rows' values, like '261,96'\)/,
    );
  });
});

test('inspect names a BOM once', async () => {
  const r = await rfm(['inspect', tmpFile('bom.csv', '\ufefforder,customer,date,amount\n1,a,2024-01-02,5\n')]);
  expect(r.out).toMatch(/^encoding\s+utf8 \([^)]*\)$/m);
  expect(r.out.match(/BOM/g)).toHaveLength(1);
});
