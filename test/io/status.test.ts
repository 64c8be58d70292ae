/** Status values: every one classified or reported; unknown ones never silently purchases. */
import * as fs from 'fs';
import * as path from 'path';
import { classifyStatus, isCashOnDelivery, statusKey } from '../../src/io/presets';
import { parseCsv, rfm, tmpDir, tmpFile } from '../helpers';

describe('classifyStatus', () => {
  test.each([
    ['交易成功', 'paid'],
    ['  卖家已发货，等待买家确认 ', 'paid'],
    ['等待买家付款', 'unpaid'],
    ['交易关闭', 'closed'],
    ['Cancelled', 'cancelled'],
    ['wc-refunded', 'refunded'],
    ['PAID', 'paid'],
    ['something new', 'unknown'],
  ])('%s → %s', (value, cls) => {
    expect(classifyStatus(value)).toBe(cls);
  });

  test("the user's word comes first", () => {
    const o = { paid: new Set([statusKey('something new')]), excluded: new Set([statusKey('交易成功')]) };
    expect(classifyStatus('Something New', o)).toBe('paid');
    expect(classifyStatus('交易成功', o)).toBe('excluded');
  });
});

const CSV = [
  'order_id,customer_id,order_date,amount,status',
  'o1,a,2024-01-05,100.00,completed',
  'o2,b,2024-01-06,50.00,completed',
  'o3,c,2024-01-07,30.00,awaiting pickup',
  'o4,c,2024-01-08,20.00,awaiting pickup',
  'o5,d,2024-01-09,0.50,in limbo',
].join('\n');

test('unknown values: a warning (even with -q) naming them with orders and amounts; inspect lists them first', async () => {
  const file = tmpFile('s.csv', CSV + '\n');
  const r = await rfm(['profiles', file, '-q', '--format', 'csv']);
  expect(r.code).toBe(0);
  expect(r.err).toMatch(
    /^rfm: warning: 2 status values rfm does not know carry 25\.2% of the amount, counted as purchases: 'awaiting pickup' \(2 orders, 50\.00\), 'in limbo' \(1 orders, 0\.50\); --paid-status or --excluded-status settles them/,
  );
  const i = (await rfm(['inspect', file])).out;
  expect(i).toMatch(/statuses\s+awaiting pickup: 2 rows, 2 orders, 50\.00 → UNKNOWN, counted as purchase/);
  const j = JSON.parse((await rfm(['inspect', file, '--format', 'json'])).out);
  expect(j.statuses['in limbo']).toEqual({ rows: 1, class: 'unknown', orders: 1, amount: '0.50' });
});

test('--paid-status and --excluded-status settle them (flags and config keys); the warning goes', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 's.csv'), CSV + '\n');
  const args = ['profiles', 's.csv', '-q', '--format', 'csv', '--no-bom'];
  const flags = await rfm([...args, '--paid-status', 'awaiting pickup', '--excluded-status', 'In Limbo'], '', dir);
  expect(flags.err).toBe('');
  expect(flags.out.split('\n').map((l) => l.split(',')[0])).toEqual(['customer_id', 'a', 'b', 'c', '']);
  fs.writeFileSync(
    path.join(dir, 'rfm.config.json'),
    JSON.stringify({ paidStatus: ['awaiting pickup'], excludedStatus: ['in limbo'] }),
  );
  expect((await rfm(args, '', dir)).out).toBe(flags.out);
  const both = await rfm([...args, '--paid-status', 'x', '--excluded-status', 'X'], '', dir);
  expect(both.code).toBe(2);
});

describe('the platforms’ own status texts (export and API)', () => {
  test.each([
    ['付款以后用户退款成功，交易自动关闭', 'refunded'],
    ['付款以前，卖家或买家主动关闭交易', 'closed'],
    ['TRADE_CLOSED_BY_TAOBAO', 'closed'],
    ['trade_finished', 'paid'],
    ['卖家已发货,等待买家确认', 'paid'],
    ['(删除)等待出库', 'cancelled'],
    ['已发货，退款成功', 'refunded'],
    ['无售后或售后取消', 'paid'],
    ['Shipped - Delivered to Buyer', 'paid'],
    ['CancelClosedWithRefund', 'refunded'],
    ['锁定', 'unknown'],
  ])('%s → %s', (value, cls) => {
    expect(classifyStatus(value)).toBe(cls);
  });
});

describe('cash on delivery', () => {
  // Shopify: a COD order stays 'pending' after the carrier collected the cash; fulfilled tells it was delivered.
  const csv =
    'Name,Email,Financial Status,Paid at,Fulfillment Status,Created at,Lineitem quantity,Total,Payment Method,Cancelled at\n' +
    '#1,a@x.com,paid,2024-01-02 10:00:00 +0530,fulfilled,2024-01-02 10:00:00 +0530,1,100.00,Razorpay,\n' +
    '#2,a@x.com,pending,,fulfilled,2024-01-05 10:00:00 +0530,1,50.00,Cash on Delivery (COD),\n' +
    '#2,a@x.com,,,,2024-01-05 10:00:00 +0530,1,,,\n' +
    '#3,b@x.com,pending,,unfulfilled,2024-01-06 10:00:00 +0530,1,70.00,Cash on Delivery (COD),\n' +
    '#4,b@x.com,pending,,fulfilled,2024-01-07 10:00:00 +0530,1,30.00,Bank Deposit,\n' +
    '#5,c@x.com,voided,,fulfilled,2024-01-08 10:00:00 +0530,1,40.00,Cash on Delivery (COD),2024-01-09\n';
  test('fulfilled COD orders still pending are left out, and the warning gives their number and amount', async () => {
    const r = await rfm(['profiles', tmpFile('cod.csv', csv), '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(parseCsv(r.out).map((x) => [x.customer_id, x.revenue])).toEqual([['a@x.com', '100.00']]);
    // 50 of 100 + 50 + 70 + 30 + 40 = 290: 17.2%
    expect(r.err).toMatch(/warning: 1 fulfilled cash-on-delivery orders \(50\.00, 17\.2% of all orders' amount\)/);
    expect(r.err).toMatch(/--cod-paid counts them/);
  });
  test('--cod-paid counts them: not the unfulfilled COD order, the bank deposit or the voided one', async () => {
    const r = await rfm(['profiles', tmpFile('cod.csv', csv), '--format', 'csv', '--cod-paid']);
    expect(parseCsv(r.out).map((x) => [x.customer_id, x.orders, x.revenue])).toEqual([['a@x.com', '2', '150.00']]);
    expect(r.err).not.toMatch(/cash-on-delivery/);
  });
  test.each([
    ['Cash on Delivery (COD)', true],
    ['cod', true],
    ['货到付款', true],
    ['Nachnahme', true],
    ['Contra reembolso', true],
    ['Stripe', false],
    ['Shopify Payments', false],
    ['Cash', false],
    ['Codorniu Gift Card', false],
  ])('%p is cash on delivery: %p', (g, yes) => expect(isCashOnDelivery(g as string)).toBe(yes));
});
