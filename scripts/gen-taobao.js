'use strict';
/**
 * Seeded generator of Taobao/Tmall 订单报表-layout exports (the 61-column layout, trailing-space headers,
 * `="…"` order ids, 交易关闭 / 等待买家付款 rows, partial and full refunds, quoted commas, Chinese text).
 * It also returns the truth it generated (per customer: purchases and net revenue in cents), computed from
 * its own order list, never by reading the file back: tests and the benchmark check rfm against it.
 *
 * Used by scripts/make-fixtures.js (the bundled sample) and scripts/bench.js (1M / 5M rows).
 */
const fs = require('fs');
const iconv = require('iconv-lite');

const HEADER = [
  '订单编号',
  '买家会员名',
  '买家支付宝账号',
  '支付单号',
  '支付详情',
  '买家应付货款',
  '买家应付邮费',
  '买家支付积分',
  '总金额',
  '返点积分',
  '买家实际支付金额',
  '买家实际支付积分',
  '订单状态',
  '买家留言',
  '收货人姓名',
  '收货地址 ',
  '运送方式',
  '联系电话 ',
  '联系手机',
  '订单创建时间',
  '订单付款时间 ',
  '宝贝标题 ',
  '宝贝种类 ',
  '物流单号 ',
  '物流公司',
  '订单备注',
  '宝贝总数量',
  '店铺Id',
  '店铺名称',
  '订单关闭原因',
  '卖家服务费',
  '买家服务费',
  '发票抬头',
  '是否手机订单',
  '分阶段订单信息',
  '特权订金订单id',
  '是否上传合同照片',
  '是否上传小票',
  '是否代付',
  '定金排名',
  '修改后的sku',
  '修改后的收货地址',
  '异常信息',
  '天猫卡券抵扣',
  '集分宝抵扣',
  '是否是O2O交易',
  '新零售交易类型',
  '新零售导购门店名称',
  '新零售导购门店id',
  '新零售发货门店名称',
  '新零售发货门店id',
  '退款金额',
  '预约门店',
  '确认收货时间',
  '打款商家金额',
  '含应开票给个人的个人红包',
  '是否信用购',
  '体验期结束时间',
  '前N有礼',
  '配送类型',
  '主订单编号',
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂';
const PROVINCES = [
  '浙江省 杭州市 西湖区',
  '广东省 深圳市 南山区',
  '上海 上海市 浦东新区',
  '北京 北京市 朝阳区',
  '江苏省 南京市 鼓楼区',
  '四川省 成都市 武侯区',
];
const TITLES = [
  '夏季新款纯棉T恤，男女同款',
  '加厚保温杯, 316不锈钢 500ml',
  '"网红"零食大礼包',
  '无线蓝牙耳机 降噪',
  '儿童绘本 全套10册',
  '真丝枕套 2只装',
];

/** mulberry32: a small, fast, seeded PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function csvCell(s) {
  if (s.startsWith('="')) return s; // Taobao writes its Excel guard unquoted: ="2024…"
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function pad(n, w = 2) {
  return String(n).padStart(w, '0');
}

function money(cents) {
  return `${Math.floor(cents / 100)}.${pad(cents % 100)}`;
}

/** A customer's nickname: Chinese name + digits, unique per index. */
function nickname(i) {
  return `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / 20) % GIVEN.length]}${GIVEN[Math.floor(i / 500) % GIVEN.length]}_${i}`;
}

/**
 * Generate `rows` orders for about `customers` customers over 2024, written to `out` in `encoding`
 * ('gb18030' or 'utf8'). Returns { truth: Map<nickname, {orders, cents}>, purchases, revenueCents, bytes }.
 */
function generate({ rows, customers, seed = 42, encoding = 'gb18030', out, lineEnd = '\r\n', keepTruth = true }) {
  const rand = rng(seed);
  const fd = fs.openSync(out, 'w');
  const truth = keepTruth ? new Map() : null;
  let purchases = 0;
  let revenueCents = 0;
  let bytes = 0;
  let buf = HEADER.join(',') + lineEnd;
  const flush = () => {
    const b = encoding === 'utf8' ? Buffer.from(buf, 'utf8') : iconv.encode(buf, encoding);
    fs.writeSync(fd, b);
    bytes += b.length;
    buf = '';
  };
  const start = Date.UTC(2024, 0, 1) / 1000;
  const span = 366 * 86400;
  for (let i = 0; i < rows; i++) {
    const r = rand();
    const c = Math.floor(customers * r * r); // skewed: some customers buy often
    const nick = nickname(c);
    const t = start + Math.floor(((i + rand()) / rows) * span); // orders in time order, as exports come sorted
    const d = new Date(t * 1000);
    const created = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    const p = new Date((t + 60 + Math.floor(rand() * 600)) * 1000);
    const paidAt = `${p.getUTCFullYear()}-${pad(p.getUTCMonth() + 1)}-${pad(p.getUTCDate())} ${pad(p.getUTCHours())}:${pad(p.getUTCMinutes())}:${pad(p.getUTCSeconds())}`;
    const goods = rand() < 0.005 ? 0 : 990 + Math.floor(rand() * 60000);
    const post = rand() < 0.7 ? 0 : 600;
    const total = goods + post;
    const s = rand();
    let status;
    let actual = total;
    let refund = 0;
    let paid = paidAt;
    let closeReason = '订单未关闭';
    if (s < 0.05) {
      status = '等待买家付款';
      actual = 0;
      paid = '';
    } else if (s < 0.085) {
      status = '交易关闭';
      actual = 0;
      paid = '';
      closeReason = '买家未付款';
    } else if (s < 0.12) {
      status = '交易关闭';
      actual = 0;
      refund = total;
      closeReason = '退款';
    } else if (s < 0.17) {
      status = '交易成功';
      refund = Math.min(total, 100 + Math.floor(rand() * total * 0.5));
      actual = total - refund;
    } else if (s < 0.25) status = '卖家已发货，等待买家确认';
    else if (s < 0.3) status = '买家已付款，等待卖家发货';
    else status = '交易成功';
    const isPurchase = paid !== '' && status !== '交易关闭' && !(refund > 0 && actual === 0);
    if (isPurchase) {
      purchases++;
      revenueCents += actual;
      if (truth) {
        const e = truth.get(nick);
        if (e) {
          e.orders++;
          e.cents += actual;
        } else truth.set(nick, { orders: 1, cents: actual });
      }
    }
    const orderId = `="${2024000000000000000n + BigInt(i) * 7919n}"`;
    const title = TITLES[Math.floor(rand() * TITLES.length)];
    const row = [
      orderId,
      nick,
      `${c}***@163.com`,
      `="${2024100000000000000n + BigInt(i)}"`,
      '',
      money(goods),
      money(post),
      '0',
      money(total),
      '0',
      money(actual),
      '0',
      status,
      rand() < 0.1 ? '请尽快发货，谢谢' : '',
      nick.slice(0, 2),
      PROVINCES[c % PROVINCES.length],
      '快递',
      '',
      `'138${pad(c % 100000000, 8)}`,
      created,
      paid,
      title,
      '1',
      paid ? `="YT${7000000000 + i}"` : '',
      paid ? '圆通速递' : '',
      '',
      String(1 + (i % 3)),
      '123456789',
      '某某旗舰店',
      closeReason,
      '0',
      '0',
      '',
      rand() < 0.8 ? '手机订单' : '',
      '',
      '',
      '否',
      '否',
      '否',
      '',
      '',
      '',
      '',
      '0',
      '0',
      '否',
      '',
      '',
      '',
      '',
      '',
      money(refund),
      '',
      '',
      money(actual),
      '0',
      '否',
      '',
      '',
      '',
      '',
    ];
    buf += row.map(csvCell).join(',') + lineEnd;
    if (buf.length > 1 << 20) flush();
  }
  flush();
  fs.closeSync(fd);
  return { truth, purchases, revenueCents, bytes };
}

module.exports = { generate, HEADER, nickname };
