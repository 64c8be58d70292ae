/** Tags from platform columns: mobile-order share, province of the latest shipping address, discount use. */
import * as fs from 'fs';
import * as iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import * as path from 'path';
import { ROOT, parseCsv, rfm, tmpFile } from '../helpers';
import { provinceOf } from '../../src/io/region';

test.each([
  ['四川省 成都市 武侯区 xx路', '四川'],
  ['广西壮族自治区 南宁市', '广西'],
  ['北京朝阳区三环到四环之间', '北京'],
  ['黑龙江省 哈尔滨市', '黑龙江'],
  ['内蒙古自治区', '内蒙古'],
  ['****', null],
  ['', null],
  ['California', 'California'],
  ['某某街道 12 号', null],
])('provinceOf(%j) = %j', (text, expected) => {
  expect(provinceOf(text)).toBe(expected);
});

// Taobao-like columns; the export lists the newest order first, as Taobao does.
const CSV =
  [
    '订单编号,买家会员名,订单创建时间,订单付款时间,买家实际支付金额,订单状态,收货地址 ,是否手机订单,天猫卡券抵扣',
    '9,ann,2024-05-03 10:00:00,2024-05-03 10:00:00,30.00,交易成功,浙江省 杭州市,手机订单,5.00',
    '8,ann,2024-04-03 10:00:00,2024-04-03 10:00:00,30.00,交易成功,四川省 成都市,手机订单,0.00',
    '7,ann,2024-03-03 10:00:00,2024-03-03 10:00:00,30.00,交易成功,四川省 成都市,,0.00',
    '6,bob,2024-05-01 10:00:00,2024-05-01 10:00:00,10.00,交易成功,北京 北京市 朝阳区,,2.00',
    '5,bob,2024-04-01 10:00:00,2024-04-01 10:00:00,10.00,交易成功,北京 北京市 朝阳区,,3.00',
    '4,bob,2024-03-01 10:00:00,2024-03-01 10:00:00,10.00,交易关闭,上海 上海市,手机订单,3.00',
    '3,cat,2024-05-02 10:00:00,2024-05-02 10:00:00,20.00,交易成功,****,手机订单,0',
    '2,dan,2024-01-02 10:00:00,2024-01-02 10:00:00,20.00,交易成功,广西壮族自治区 南宁市,否,0',
  ].join('\n') + '\n';

test('tags: mobile and discount at half of the purchases or more, province of the latest purchase', async () => {
  const r = await rfm(['segment', tmpFile('orders.csv', CSV), '--format', 'csv', '-q', '--no-bom']);
  expect(r.code).toBe(0);
  const tags = Object.fromEntries(
    parseCsv(r.out).map((x) => [x.customer_id, x.tags.split(';').filter((t) => /mobile|discount|province/.test(t))]),
  );
  expect(tags).toEqual({
    ann: ['mobile', 'province:浙江'], // 2 of 3 from a phone; 1 of 3 with a coupon; latest address 浙江
    bob: ['discount', 'province:北京'], // the closed order (mobile, 上海) is not a purchase
    cat: ['mobile'], // a masked address gives no province
    dan: ['province:广西'], // 否 is not a phone order
  });
});

test('crowd with a platform tag and an RFM tag is the intersection; --list shows provinces', async () => {
  const file = tmpFile('orders.csv', CSV);
  const r = await rfm(['crowd', file, '--tag', 'mobile', '--tag', 'repeat', '--format', 'csv', '-q']);
  expect(r.code).toBe(0);
  expect(parseCsv(r.out).map((x) => x.customer_id)).toEqual([]); // ann is loyal (3), cat one-time
  const m = await rfm(['crowd', file, '--tag', 'mobile', '--tag', 'province:浙江', '--format', 'csv', '-q']);
  expect(parseCsv(m.out).map((x) => x.customer_id)).toEqual(['ann']);
  const list = await rfm(['crowd', file, '--list', '--format', 'csv', '-q']);
  const rows = parseCsv(list.out).filter((x) => x.name.startsWith('province:'));
  expect(rows.map((x) => [x.name, x.customers])).toEqual([
    ['province:北京', '1'],
    ['province:广西', '1'],
    ['province:浙江', '1'],
  ]);
  const bad = await rfm(['crowd', file, '--tag', 'mobil']);
  expect(bad.code).toBe(2);
});

test('the bundled Taobao sample: the mobile tag agrees with a count over the raw rows of purchases', async () => {
  const seg = parseCsv(
    (await rfm(['segment', path.join(ROOT, 'fixtures', 'taobao-orders.csv'), '--format', 'csv', '-q', '--no-bom'])).out,
  );
  const raw: Record<string, string>[] = parse(
    iconv.decode(fs.readFileSync(path.join(ROOT, 'fixtures', 'taobao-orders.csv')), 'gbk'),
    { columns: (h: string[]) => h.map((x) => x.trim()), relax_quotes: true },
  );
  // Purchases: paid, not closed; Taobao's 买家实际支付金额 is net, an order refunded in full is closed.
  const mobile = new Map<string, [number, number]>();
  const seen = new Set<string>();
  for (const x of raw) {
    if (seen.has(x['订单编号'])) continue;
    seen.add(x['订单编号']);
    if (!x['订单付款时间'] || /关闭|等待买家付款/.test(x['订单状态'])) continue;
    const m = mobile.get(x['买家会员名']) ?? [0, 0];
    m[0]++;
    if (x['是否手机订单'] === '手机订单') m[1]++;
    mobile.set(x['买家会员名'], m);
  }
  let checked = 0;
  for (const c of seg) {
    const m = mobile.get(c.customer_id);
    if (!m || m[0] !== Number(c.orders)) continue; // only customers whose purchases this simple rule reproduces
    expect(c.tags.split(';').includes('mobile')).toBe(m[1] * 2 >= m[0] && m[1] > 0);
    checked++;
  }
  expect(checked).toBeGreaterThan(seg.length * 0.8);
});
