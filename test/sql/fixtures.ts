/** Fixtures of the SQL equality tests: exports built here, each showing the traps of one kind. */
import * as path from 'path';
import { ROOT } from '../helpers';

/** A day `n` days after 2024-01-01 as YYYY-MM-DD. */
const dayText = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);

/**
 * Ties everywhere: 300 customers drawn (a fixed LCG) from four amounts and eight days, 1–4 orders each, some
 * returns (revenue 0 or below), ids that sort differently by case, length and accent, a formula-like id, and
 * 21-order customers whose mean gap is a tie at one decimal (7/20, 3/20, 9/20, 13/20 days).
 */
export function tieHeavy(): string {
  let seed = 42;
  const next = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) >>> 8) % k;
  const rows = ['order_id,customer_id,order_date,amount'];
  let o = 0;
  const ids = Array.from(
    { length: 300 },
    (_, i) => ['c', 'C', 'é', 'c-', '=c'][i % 5] + String(i % 60).padStart(i % 3, '0'),
  );
  for (const id of new Set(ids)) {
    const orders = 1 + next(4);
    for (let k = 0; k < orders; k++)
      rows.push(`${++o},${id},${dayText(next(8) * 15)},${['10.00', '20.00', '20.00', '35.50'][next(4)]}`);
    if (next(6) === 0) rows.push(`${++o},${id},${dayText(110)},-${['10.00', '20.00', '35.50'][next(3)]}`);
  }
  for (const [id, span] of [
    ['gap7', 7],
    ['gap3', 3],
    ['gap9', 9],
    ['gap13', 13],
  ] as [string, number][])
    for (let k = 0; k <= 20; k++) rows.push(`${++o},${id},${dayText(20 + Math.min(k, span))},12.34`);
  return rows.join('\n') + '\n';
}

/**
 * Boundaries at --as-of 2024-12-31: last purchases 29–31, 89–91 and 179–181 days before (new, sleeping and lost
 * edges), amounts equal to the type-7 cut points of 11 customers (positions 2, 4, 6, 8 of 0..10 are exact cuts)
 * with duplicates on both sides, and one purchase after the as-of day.
 */
function boundary(): string {
  const asOf = 365; // 2024-12-31
  const rows = ['order_id,customer_id,order_date,amount'];
  const ago = [0, 29, 30, 31, 89, 90, 91, 179, 180, 181, 400];
  const amounts = ['5.00', '10.00', '10.00', '10.00', '20.00', '20.00', '30.00', '30.00', '30.00', '40.00', '40.00'];
  ago.forEach((d, i) => {
    const id = `b${String(i).padStart(2, '0')}`;
    rows.push(`${i}a,${id},${dayText(asOf - d)},${amounts[i]}`);
    if (i % 3 === 0) rows.push(`${i}b,${id},${dayText(asOf - d - 60)},${amounts[10 - i]}`);
  });
  rows.push(`late,b00,${dayText(asOf + 3)},99.00`);
  return rows.join('\n') + '\n';
}

/**
 * Where floating point and exact arithmetic part: a customer averaging 0.15/3 = 0.05 beside one at 0.05 on the
 * 80th-percentile cut (6 customers: index 4 exactly), and monetary 0.01, 0.05, 0.09 whose float mean is just
 * under 0.05.
 */
function floatTraps(): string {
  const rows = ['order_id,customer_id,order_date,amount'];
  const add = (id: string, ...amounts: string[]) =>
    amounts.forEach((a, i) => rows.push(`${id}${i},${id},${dayText(10 + i)},${a}`));
  add('a', '0.01');
  add('b', '0.02');
  add('c', '0.03');
  add('x', '0.05', '0.05', '0.05');
  add('y', '0.05');
  add('z', '0.50');
  return rows.join('\n') + '\n';
}
const meanTrap = () =>
  'order_id,customer_id,order_date,amount\n1,a,2024-01-01,0.01\n2,b,2024-01-02,0.05\n3,c,2024-01-03,0.09\n';

export const VARIANTS: string[][] = [
  [],
  ['--scoring', 'ntile'],
  ['--scoring', 'r-rfm'],
  ['--scoring', 'r-rfm', '--bins', '3'],
  ['--scoring', 'r-rfm', '--bins', '9'],
  ['--bins', '3'],
  ['--bins', '4', '--scoring', 'ntile'],
  ['--bins', '9'],
  ['--model', 'cn8'],
  ['--model', 'cn8', '--split', 'median'],
  ['--rules', path.join(ROOT, 'fixtures', 'rules', 'rfm-package.json')],
  ['--r-breaks', '30,90,180', '--f-breaks', '1,2', '--m-breaks', '20,35.5'],
  ['--new-days', '31', '--sleep-days', '91', '--lost-days', '180', '--lang', 'zh'],
  ['--command', 'dormant'],
  ['--command', 'dormant', '--include-lost', '--overdue', '1.5', '--model', 'cn8'],
  ['--command', 'dormant', '--days', '30', '--max-days', '91', '--overdue', '2', '--lang', 'zh'],
  ['--command', 'tiers', '--levels', '20,35.5,60.001'],
  ['--command', 'tiers', '--by', 'orders', '--levels', '2,3.5', '--names', 'Bronze,Gold', '--lang', 'zh'],
];

/** The fixtures: a name, the export, the flags every run of it gets, and the option sets to run. */
export const FIXTURES: [string, () => string, string[], string[][]][] = [
  ['tie-heavy', tieHeavy, [], VARIANTS],
  ['boundary', boundary, ['--as-of', '2024-12-31'], VARIANTS],
  ['float-traps', floatTraps, [], [[], ['--scoring', 'ntile']]],
  ['mean-trap', meanTrap, [], [['--model', 'cn8']]],
];

/**
 * Traits (a Shopify export): discount on some orders, shipping provinces, two purchases on one day in different
 * provinces (the later row's counts), a later purchase without a province, a refund, a comma in a province.
 */
export function shopifyTraits(): string {
  const rows = [
    'Name,Email,Financial Status,Paid at,Created at,Lineitem quantity,Total,Refunded Amount,Discount Amount,Shipping Province',
  ];
  const add = (n: number, email: string, day: number, total: string, extra: string) =>
    rows.push(`#${n},${email},paid,${dayText(day)} 10:00:00 +0000,${dayText(day)} 10:00:00 +0000,1,${total},${extra}`);
  let n = 1000;
  add(++n, 'a@x.io', 3, '20.00', '0,0,ON');
  add(++n, 'a@x.io', 9, '30.00', '0,5,QC');
  add(++n, 'a@x.io', 9, '25.00', '0,5,BC');
  add(++n, 'b@x.io', 9, '25.00', '0,0,');
  add(++n, 'b@x.io', 12, '40.00', '10,0,"Nord, Pas"');
  add(++n, 'b@x.io', 15, '15.00', '0,0,');
  add(++n, 'c@x.io', 1, '99.00', '0,2,QC');
  for (let i = 0; i < 12; i++)
    add(++n, `d${i}@x.io`, i * 3, `${10 + i * 5}.00`, `0,${i % 3 ? 0 : 1},${['ON', 'BC', ''][i % 3]}`);
  return rows.join('\n') + '\n';
}
