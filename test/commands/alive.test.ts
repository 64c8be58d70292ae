/**
 * P(alive) where it matters: dormant --rank alive and crowd --tag likely-lost / likely-active carry the same
 * BG/NBD figures as `rfm predict` for every customer (the lists map rows to customers on their own), ranked and
 * split as documented.
 */
import * as path from 'path';
import { ROOT, parseCsv, rfm, tmpFile } from '../helpers';

const FIXTURE = path.join(ROOT, 'fixtures', 'taobao-orders.csv');

async function predicted(file: string): Promise<Map<string, Record<string, string>>> {
  const rows = parseCsv((await rfm(['predict', file, '--format', 'csv', '-q', '--no-bom'])).out);
  return new Map(rows.map((r) => [r.customer_id, r]));
}

test('dormant --rank alive: each sleeping customer with predict’s P(alive) and 52-week value, highest value first', async () => {
  const p = await predicted(FIXTURE);
  const rows = parseCsv(
    (await rfm(['dormant', FIXTURE, '--rank', 'alive', '--with', 'none', '--format', 'csv', '-q', '--no-bom'])).out,
  );
  const plain = parseCsv((await rfm(['dormant', FIXTURE, '--with', 'none', '--format', 'csv', '-q', '--no-bom'])).out);
  expect(rows.length).toBe(plain.length);
  expect(rows.length).toBeGreaterThan(20);
  for (const r of rows) {
    expect(Number(r.p_alive)).toBeCloseTo(Number(p.get(r.customer_id)!.p_alive), 4);
    expect(Number(r.expected_value)).toBeCloseTo(Number(p.get(r.customer_id)!.clv), 2);
  }
  const value = rows.map((r) => Number(r.expected_value));
  expect(value).toEqual([...value].sort((a, b) => b - a));
  // A different order from revenue at stake: the model's ranking is not the default one.
  expect(rows.map((r) => r.customer_id)).not.toEqual(plain.map((r) => r.customer_id));
});

test('crowd --tag likely-active / likely-lost: exactly the customers with P(alive) ≥ 0.7 / < 0.3', async () => {
  const lines = simulated();
  const file = tmpFile('alive.csv', lines.join('\n') + '\n');
  const p = await predicted(file);
  for (const [tag, want] of [
    ['likely-active', (x: number) => x >= 0.7],
    ['likely-lost', (x: number) => x < 0.3],
  ] as const) {
    const r = await rfm(['crowd', file, '--tag', tag, '--format', 'csv', '-q', '--no-bom']);
    expect(r.code).toBe(0);
    const got = parseCsv(r.out).map((x) => x.customer_id);
    const expected = [...p.values()].filter((x) => want(Number(x.p_alive))).map((x) => x.customer_id);
    expect(expected.length).toBeGreaterThan(5);
    expect(got.sort()).toEqual(expected.sort());
  }
  expect((await rfm(['crowd', file, '--tag', 'likely-dead'])).code).toBe(2);
});

test('report --alive: P(alive) beside each listed sleeping customer, as predict has it; none without the flag', async () => {
  const p = await predicted(FIXTURE);
  const json = async (args: string[]) =>
    JSON.parse((await rfm(['report', FIXTURE, '--format', 'json', '-q', ...args])).out) as {
      sleeping: { top: { customer: string; pAlive?: number }[] };
    };
  const top = (await json(['--alive'])).sleeping.top;
  expect(top.length).toBe(10);
  for (const x of top) expect(x.pAlive).toBeCloseTo(Number(p.get(x.customer)!.p_alive), 4);
  expect((await json([])).sleeping.top.every((x) => x.pAlive === undefined)).toBe(true);
  const html = (await rfm(['report', FIXTURE, '--format', 'html', '--alive', '--lang', 'zh', '-q'])).out;
  expect(html).toMatch(/<th[^>]*>仍活跃概率<\/th>/);
});

/**
 * Customers simulated as BG/NBD describes them (seeded): a purchase rate each, and after every purchase a chance
 * of leaving for good; some leave early, others keep buying.
 */
function simulated(): string[] {
  let seed = 11;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const lines = ['customer_id,order_date,amount'];
  for (let c = 0; c < 300; c++) {
    const rate = -Math.log(1 - rnd()) / 25; // purchases per day, mean 1/25
    const leave = 0.05 + 0.6 * rnd();
    for (let d = Math.floor(rnd() * 120); d <= 365; d += Math.max(1, Math.round(-Math.log(1 - rnd()) / rate))) {
      lines.push(`c${c},${new Date(Date.UTC(2024, 0, 1) + d * 864e5).toISOString().slice(0, 10)},${10 + (c % 50)}`);
      if (rnd() < leave) break;
    }
  }
  return lines;
}

test('predict --holdout N --format html: the tracking chart holds the tracking table’s points', async () => {
  const file = tmpFile('tracking.csv', simulated().join('\n') + '\n');
  const csv = parseCsv((await rfm(['predict', file, '--holdout', '8', '--format', 'csv', '-q', '--no-bom'])).out);
  expect(csv).toHaveLength(8);
  const html = (await rfm(['predict', file, '--holdout', '8', '--format', 'html', '-q'])).out;
  const points = (series: string) =>
    new RegExp(`data-series="${series}" points="([^"]+)"`)
      .exec(html)![1]
      .split(' ')
      .map((p) => p.split(',').map(Number));
  const actual = points('actual');
  const predicted = points('predicted');
  expect(actual).toHaveLength(9);
  expect(predicted).toHaveLength(9);
  // Higher on the page is more: the chart's order of heights follows the table's cumulative counts.
  const ys = actual.slice(1).map((p) => p[1]);
  const counts = csv.map((r) => Number(r.actual_cumulative));
  for (let k = 1; k < 8; k++) expect(Math.sign(ys[k - 1] - ys[k])).toBe(Math.sign(counts[k] - counts[k - 1]));
  expect(html).toContain(`${counts[7].toLocaleString('en-US')} actual vs`);
  expect((await rfm(['predict', file, '--format', 'html', '-q'])).code).toBe(2);
});
