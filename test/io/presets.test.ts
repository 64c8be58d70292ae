/** Layouts seen in the wild: Etsy's Sold Orders (and its refunds), Taobao's renamed columns. */
import { parseCsv, rfm, tmpFile } from '../helpers';

test("Etsy Sold Orders: the buyer is Buyer User ID, not the printed name; Sale Date is the order's day", async () => {
  const csv = [
    'Sale Date,Order ID,Buyer User ID,Full Name,Order Total,Status,Ship State',
    '03/05/24,1001,88123,Ann Lee,25.00,Completed,CA',
    '03/09/24,1002,99001,Ann Lee,10.00,Completed,NY',
    '04/01/24,1003,88123,Ann  Lee,5.50,Completed,CA',
  ].join('\n');
  const file = tmpFile('EtsySoldOrders2024-3.csv', csv + '\n');
  const i = JSON.parse((await rfm(['inspect', file, '--format', 'json'])).out);
  expect(i.platform.id).toBe('etsy');
  const p = parseCsv((await rfm(['profiles', file, '--format', 'csv', '-q'])).out);
  expect(p.map((x) => [x.customer_id, x.first_purchase, x.orders, x.revenue])).toEqual([
    ['88123', '2024-03-05', '2', '30.50'],
    ['99001', '2024-03-09', '1', '10.00'],
  ]);
});

test('Etsy: Adjusted Order Total, when filled, is what is left after a refund', async () => {
  const csv = [
    'Sale Date,Order ID,Buyer User ID,Order Total,Adjusted Order Total,Status',
    '03/05/24,1001,7,25.00,,Completed',
    '03/09/24,1002,7,40.00,30.00,Completed', // 10.00 refunded
    '03/10/24,1003,8,12.00,0.00,Completed', // refunded in full: no purchase
    '03/11/24,1004,8,8.00,8.00,Completed',
  ].join('\n');
  const r = await rfm(['profiles', tmpFile('EtsySoldOrders2024-4.csv', csv + '\n'), '--format', 'csv', '-q']);
  expect(parseCsv(r.out).map((x) => [x.customer_id, x.orders, x.revenue, x.refunds])).toEqual([
    ['7', '2', '55.00', '10.00'],
    ['8', '1', '8.00', '0.00'],
  ]);
});

test('Taobao variants: 买家昵称, 买家下单时间, 付款日期, 买家实付金额', async () => {
  const csv = [
    '订单编号,买家昵称,买家下单时间,付款日期,买家实付金额,订单状态',
    '1,甲,2024-01-05 10:00:00,2024-01-05 10:01:00,12.00,交易成功',
    '2,乙,2024-01-06 10:00:00,,9.00,等待买家付款',
  ].join('\n');
  const r = JSON.parse((await rfm(['inspect', tmpFile('tb.csv', csv + '\n'), '--format', 'json'])).out);
  expect(Object.keys(r.roles)).toEqual(expect.arrayContaining(['customer', 'date', 'paid', 'amount', 'status']));
  expect([r.roles.customer.column, r.roles.date.column, r.roles.paid.column, r.roles.amount.column]).toEqual([
    '买家昵称',
    '买家下单时间',
    '付款日期',
    '买家实付金额',
  ]);
  expect(r.purchases).toBe(1);
});

test('--customer-col A,B,C: rows with an empty A take B, then C; inspect says how much has no customer', async () => {
  const csv = [
    'Name,Email,Phone,Billing Name,Created at,Total',
    '#1,ann@x.com,,Ann,2024-01-01,10.00',
    '#2,,555-1,Bob,2024-01-02,20.00',
    '#3,,,Cy,2024-01-03,30.00',
    '#4,,,,2024-01-04,40.00',
  ].join('\n');
  const file = tmpFile('pos.csv', csv + '\n');
  const plain = JSON.parse((await rfm(['inspect', file, '--format', 'json', '--customer-col', 'Email'])).out);
  expect(plain.purchases).toBe(1);
  expect(plain.excluded['no customer id']).toMatchObject({ rows: 3, amount: '90.00', share: 0.9 });
  const args = ['profiles', file, '--format', 'csv', '-q', '--customer-col', 'Email,Phone,Billing Name'];
  const p = parseCsv((await rfm(args)).out);
  expect(p.map((x) => [x.customer_id, x.revenue])).toEqual([
    ['555-1', '20.00'],
    ['Cy', '30.00'],
    ['ann@x.com', '10.00'],
  ]);
  const bad = await rfm([...args.slice(0, -1), 'A,B,C,D']);
  expect(bad.code).toBe(2);
});
