import * as fs from 'fs';
import * as iconv from 'iconv-lite';
import * as path from 'path';
import { ROOT, parseCsv, rfm, tmpFile } from '../helpers';

const fixture = path.join(ROOT, 'fixtures', 'taobao-orders.csv');

describe('rfm profiles', () => {
  test("the bundled GBK Taobao export gives the generator's customers, order counts and revenue", async () => {
    const { code, out, err } = await rfm(['profiles', fixture, '--lang', 'en']);
    expect(code).toBe(0);
    expect(err).toMatch(/excluded rows: .*unpaid .*closed .*refunded/);
    const got = parseCsv(out).map((r) => [r.customer_id, r.orders, r.revenue]);
    const truth = parseCsv(fs.readFileSync(path.join(ROOT, 'fixtures', 'taobao-orders.truth.csv'), 'utf8')).map((r) => [
      r.customer_id,
      r.orders,
      r.revenue,
    ]);
    expect(got).toEqual(truth);
  });

  test('a small Taobao export: ="…" ids, trailing-space headers, closed/unpaid rows, a partial refund', async () => {
    const text = [
      '订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间 ,退款金额',
      '="2024000000000000001",小明,100.00,交易成功,2024-03-05 14:22:10,2024-03-05 14:23:00,0.00',
      '="2024000000000000002",小明,80.00,交易成功,2024-04-01 09:00:00,2024-04-01 09:01:00,20.00',
      '="2024000000000000003",小红,50.00,交易关闭,2024-04-02 09:00:00,,0.00',
      '="2024000000000000004",小红,0.00,等待买家付款,2024-04-03 09:00:00,,0.00',
      '="2024000000000000005",小红,30.00,卖家已发货，等待买家确认,2024-04-04 23:59:59,2024-04-05 00:00:01,0.00',
      '="2024000000000000006",小刚,0.00,交易关闭,2024-04-05 10:00:00,2024-04-05 10:01:00,60.00',
    ].join('\r\n');
    const file = tmpFile('ExportOrderList.csv', iconv.encode(text, 'gbk'));
    const { code, out } = await rfm(['profiles', file]);
    expect(code).toBe(0);
    expect(parseCsv(out)).toEqual([
      {
        customer_id: '小明',
        first_purchase: '2024-03-05',
        last_purchase: '2024-04-01',
        orders: '2',
        revenue: '180.00',
        aov: '90.00',
        refunds: '20.00',
        span_days: '27',
        mean_gap_days: '27',
        stage: 'new',
      },
      {
        customer_id: '小红',
        first_purchase: '2024-04-04',
        last_purchase: '2024-04-04',
        orders: '1',
        revenue: '30.00',
        aov: '30.00',
        refunds: '0.00',
        span_days: '0',
        mean_gap_days: '',
        stage: 'new',
      },
    ]);
    const insp = await rfm(['inspect', file, '--format', 'json']);
    const x = JSON.parse(insp.out);
    expect(x.platform.id).toBe('taobao');
    expect(x.encoding.name).toBe('gb18030');
    expect(x.excluded.closed.rows).toBe(1);
    expect(x.excluded.unpaid.rows).toBe(1);
    expect(x.excluded.refunded.rows).toBe(1);
  });

  test('line items with quantity × price, a return invoice netted, rows without a customer reported', async () => {
    const file = tmpFile(
      'retail.csv',
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '536365,A,"MUG, RED",6,2010-12-01 08:26:00,2.55,17850,UK',
        '536365,B,PLATE,2,2010-12-01 08:26:00,0.001,17850,UK',
        '536366,A,MUG,1,2010-12-02 08:26:00,2.55,,UK',
        'C536367,A,MUG,-2,2010-12-03 08:26:00,2.55,17850,UK',
        '536368,A,MUG,1,2010-12-04 08:26:00,3.00,12000,UK',
      ].join('\n'),
    );
    const { code, out, err } = await rfm(['profiles', file]);
    expect(code).toBe(0);
    const rows = parseCsv(out);
    expect(rows.map((r) => [r.customer_id, r.orders, r.revenue, r.refunds])).toEqual([
      ['12000', '1', '3.00', '0.00'],
      ['17850', '1', '10.20', '5.10'],
    ]);
    expect(err).toMatch(/no customer id 1/);
  });

  test('UTF-8 with BOM, tab-delimited, dates with 3/5/24 and a forced customer column', async () => {
    const file = tmpFile('t.tsv', '\uFEFFwho\twhen\tpaid\n a \t3/5/24\t$1,000.00\n a \t3/7/24\t5\n');
    const { code, out } = await rfm([
      'profiles',
      file,
      '--customer-col',
      'who',
      '--date-col',
      'when',
      '--amount-col',
      '3',
    ]);
    expect(code).toBe(0);
    expect(parseCsv(out)).toEqual([
      {
        customer_id: 'a',
        first_purchase: '2024-03-05',
        last_purchase: '2024-03-07',
        orders: '2',
        revenue: '1005.00',
        aov: '502.50',
        refunds: '0.00',
        span_days: '2',
        mean_gap_days: '2',
        stage: 'new',
      },
    ]);
  });

  test('output formats: json keeps numbers numeric; -o writes the file', async () => {
    const file = tmpFile('o.csv', 'customer,date,amount\nx,2024-01-01,10\n');
    const j = await rfm(['profiles', file, '--format', 'json']);
    expect(JSON.parse(j.out)[0]).toMatchObject({ customer_id: 'x', orders: 1, revenue: 10 });
    const outFile = file + '.out.csv';
    const r = await rfm(['profiles', file, '-o', outFile]);
    expect(r.out).toBe('');
    expect(fs.readFileSync(outFile, 'utf8')).toMatch(/^customer_id,/);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--as-of ignores later purchases', async () => {
    const file = tmpFile('a.csv', 'customer,date,amount\nx,2024-01-01,10\nx,2024-02-01,5\n');
    const r = await rfm(['profiles', file, '--as-of', '2024-01-15']);
    expect(parseCsv(r.out)[0]).toMatchObject({ orders: '1', revenue: '10.00' });
  });
});

describe('bad input', () => {
  test.each([
    ['a missing file', ['profiles', '/nonexistent/x.csv'], 3, /x\.csv: no such file/],
    ['an empty file', ['profiles', tmpFile('e.csv', '')], 3, /empty file/],
    ['a header-only file', ['profiles', tmpFile('h.csv', 'customer,date,amount\n')], 3, /no data rows/],
    ['a binary file', ['profiles', tmpFile('b.csv', Buffer.from([1, 2, 0, 0, 5, 6]))], 3, /binary/],
    ['an xlsx file', ['profiles', tmpFile('x.csv', Buffer.from('PK\x03\x04rest'))], 3, /xlsx/],
    [
      'no customer column',
      ['profiles', tmpFile('n.csv', 'sku,date,amount\n1,2024-01-01,3\n')],
      4,
      /no customer \(--customer-col\) column recognised.*found date=date, amount=amount/,
    ],
    [
      'an unterminated quote',
      ['profiles', tmpFile('q.csv', 'customer,date,amount\nx,2024-01-01,"3\ny,2024-01-01,4\n')],
      3,
      /q\.csv:2: field 3: unterminated quoted field/,
    ],
    [
      'a bad --as-of',
      ['profiles', tmpFile('o.csv', 'customer,date,amount\nx,2024-01-01,3\n'), '--as-of', '2024-02-30'],
      2,
      /--as-of: expected a date/,
    ],
    [
      'an unknown option',
      ['profiles', '--nope'],
      2,
      /^rfm: unknown option '--nope'\n(.*\n)?\(rfm --help for usage\)\n$/,
    ],
    [
      'a missing required option',
      ['tiers', 'x.csv'],
      2,
      /^rfm: required option '--levels <thresholds>' not specified\n/,
    ],
  ])('%s gets one clear line and its exit code', async (_, args, code, msg) => {
    const r = await rfm(args as string[]);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(msg as RegExp);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  test('unreadable cells are counted and reported as file:line: column: expected, got; --strict makes them fatal', async () => {
    const file = tmpFile('bad.csv', 'customer,date,amount\nx,2024-01-01,3\ny,31/02/2024,4\nz,2024-01-02,abc\n');
    const r = await rfm(['profiles', file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("bad.csv:3: column date: expected a date like 2024-03-05 14:22:10, got '31/02/2024'");
    expect(r.err).toContain("bad.csv:4: column amount: expected an amount like 1234.50, got 'abc'");
    expect(parseCsv(r.out).map((x) => x.customer_id)).toEqual(['x']);
    const s = await rfm(['profiles', file, '--strict']);
    expect(s.code).toBe(4);
    expect(s.err).toMatch(/bad\.csv:3: column date/);
  });
});
