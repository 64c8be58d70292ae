/**
 * Many exports at once: a year of the bundled Taobao export cut into 14 downloads that overlap by 10 days (some
 * gzipped, one order paid in an earlier download and refunded and closed in the later one) gives exactly what the
 * whole history in one file gives, in any argument order; a folder is every export in it.
 */
import * as fs from 'fs';
import * as iconv from 'iconv-lite';
import * as path from 'path';
import * as zlib from 'zlib';
import { ROOT, rfm, tmpDir } from '../helpers';

const FIXTURE = path.join(ROOT, 'fixtures', 'taobao-orders.csv');

/** Split a CSV line into its raw fields (quoted fields keep their quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at <= line.length) {
    let end: number;
    if (line[at] === '"') {
      end = at + 1;
      for (;;) {
        end = line.indexOf('"', end);
        if (line[end + 1] === '"') end += 2;
        else break;
      }
      end = line.indexOf(',', end);
    } else end = line.indexOf(',', at);
    if (end < 0) end = line.length;
    out.push(line.slice(at, end));
    at = end + 1;
  }
  return out;
}

const DAY = 86400000;

describe('14 overlapping monthly downloads read as one history', () => {
  const dir = tmpDir('rfm-many-');
  const [header, ...rows] = iconv.decode(fs.readFileSync(FIXTURE), 'gbk').trim().split('\n');
  const col = (name: string) => fields(header).findIndex((h) => h.trim() === name);
  const [created, status, refund, paid] = ['订单创建时间', '订单状态', '退款金额', '买家实际支付金额'].map(col);
  const day = (r: string) => Date.parse(fields(r)[created].slice(0, 10) + 'T00:00:00Z');
  const start = Date.parse('2024-01-01T00:00:00Z');
  // Windows of 36 days every 26 days: neighbours share 10 days; 14 windows cover the year.
  const windows = Array.from({ length: 14 }, (_, k) => [start + k * 26 * DAY, start + (k * 26 + 36) * DAY]);
  // The order that changes: paid (交易成功) in the first download that has it, refunded and closed in the next.
  const inTwo = rows.findIndex((r) => {
    const d = day(r);
    const f = fields(r);
    return f[status] === '交易成功' && windows.filter(([a, b]) => d >= a && d < b).length === 2;
  });
  const refunded = (r: string) => {
    const f = fields(r);
    f[status] = '交易关闭';
    f[refund] = f[paid];
    return f.join(',');
  };
  const whole = path.join(dir, 'whole.csv');
  const wholeRows = rows.map((r, i) => (i === inTwo ? refunded(r) : r));
  fs.writeFileSync(whole, iconv.encode([header, ...wholeRows].join('\n') + '\n', 'gbk'));
  const parts: string[] = [];
  let seen = 0;
  windows.forEach(([a, b], k) => {
    const mine = rows
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => day(r) >= a && day(r) < b)
      .map(({ r, i }) => {
        if (i !== inTwo) return r;
        return seen++ === 0 ? r : refunded(r);
      });
    const bytes = iconv.encode([header, ...mine].join('\n') + '\n', 'gbk');
    const name = path.join(dir, 'parts', `orders-${String(k + 1).padStart(2, '0')}.csv${k % 4 === 1 ? '.gz' : ''}`);
    fs.mkdirSync(path.dirname(name), { recursive: true });
    fs.writeFileSync(name, k % 4 === 1 ? zlib.gzipSync(bytes) : bytes);
    parts.push(name);
  });

  test('the downloads overlap, and the changed order is in two of them', () => {
    expect(inTwo).toBeGreaterThanOrEqual(0);
    expect(seen).toBe(2);
    expect(parts.filter((p) => p.endsWith('.gz')).length).toBeGreaterThan(2);
  });

  test.each([['profiles'], ['segment']])(
    '%s: byte-identical to the whole history, in any argument order',
    async (cmd) => {
      const args = [cmd, '--format', 'csv', '-q', '--as-of', '2025-01-15'];
      const want = await rfm([...args, whole]);
      expect(want.code).toBe(0);
      for (const order of [parts, [...parts].reverse(), [...parts.slice(7), ...parts.slice(0, 7)]]) {
        const got = await rfm([...args, ...order]);
        expect(got.err).toBe('');
        expect(got.out).toBe(want.out);
      }
      expect((await rfm([...args, path.join(dir, 'parts')])).out).toBe(want.out);
    },
  );

  test('inspect lists every file and counts the orders found in two of them', async () => {
    const r = JSON.parse((await rfm(['inspect', '--format', 'json', ...parts])).out);
    expect(r.files).toHaveLength(14);
    expect(r.ordersInSeveralExports).toBeGreaterThan(100);
    expect(r.coverage.gaps).toEqual([]);
    expect(r.coverage.overlaps).toHaveLength(13);
  });
});

test('an order paid in one download and refunded in the next is no purchase, whatever the argument order', async () => {
  const dir = tmpDir();
  const jan = path.join(dir, 'jan.csv');
  const feb = path.join(dir, 'feb.csv');
  const head = 'order_id,customer_id,order_date,amount,refund_amount,status\n';
  fs.writeFileSync(jan, head + 'o1,x,2024-01-20,10,0,paid\no2,y,2024-01-25,7,0,paid\n');
  fs.writeFileSync(feb, head + 'o1,x,2024-01-20,10,10,refunded\no3,x,2024-02-10,5,0,paid\n');
  for (const args of [
    [jan, feb],
    [feb, jan],
  ]) {
    const r = await rfm(['profiles', '--format', 'csv', '-q', '--no-bom', ...args]);
    expect(r.out).toBe(
      'customer_id,first_purchase,last_purchase,orders,revenue,aov,refunds,span_days,mean_gap_days,stage\n' +
        'x,2024-02-10,2024-02-10,1,5.00,5.00,0.00,0,,new\ny,2024-01-25,2024-01-25,1,7.00,7.00,0.00,0,,new\n',
    );
  }
});

test('a gap between downloads is reported; mixed layouts stop with one line naming the file', async () => {
  const dir = tmpDir();
  const a = path.join(dir, 'a.csv');
  const b = path.join(dir, 'b.csv');
  const c = path.join(dir, 'c.csv');
  fs.writeFileSync(a, 'order_id,customer_id,order_date,amount\no1,x,2024-01-05,10\no2,y,2024-01-30,5\n');
  fs.writeFileSync(b, 'order_id,customer_id,order_date,amount\no3,x,2024-03-02,10\no4,y,2024-03-30,5\n');
  fs.writeFileSync(c, 'customer_id,order_date,amount\nx,2024-04-02,10\n');
  const r = JSON.parse((await rfm(['inspect', '--format', 'json', a, b])).out);
  expect(r.coverage.gaps).toEqual([{ from: '2024-01-31', to: '2024-03-01', days: 31 }]);
  const mixed = await rfm(['profiles', a, c]);
  expect(mixed.code).toBe(4);
  expect(mixed.err).toMatch(/^rfm: .*c\.csv: has no order column but .*a\.csv has/);
});
