/**
 * Platform presets: how each shop back office names the columns we need, as researched in
 * shared/data/formats/FORMATS.md. Header names are compared after `canonicalName` (lower case, no blanks,
 * `_ - . ( )` removed), so `Customer ID`, `customer_id` and `CustomerID` are one name.
 */

/** What a column means to us. */
export type Role =
  | 'order'
  | 'customer'
  /** Fallback customer columns, for rows whose customer cell is empty (--customer-col Email,Phone,Name). */
  | 'customer2'
  | 'customer3'
  | 'date'
  | 'paid'
  | 'amount'
  /** The order's gross amount (before refunds), beside a net amount: a zero net after a positive gross is a refund. */
  | 'gross'
  | 'refund'
  | 'status'
  | 'aftersale'
  | 'cancelled'
  | 'quantity'
  | 'price'
  // Traits of a purchase, for tags (optional): placed from a phone, shipping province/state, discount used.
  | 'mobile'
  | 'region'
  | 'discount'
  /** Fulfilment status and payment gateway: a fulfilled cash-on-delivery order still 'pending' is told apart. */
  | 'fulfillment'
  | 'gateway'
  /** The order's total after later adjustments (Etsy's Adjusted Order Total): what it falls short of is refunded. */
  | 'adjusted'
  /** The order's currency (ISO code: USD, EUR…): amounts in different currencies are never added up. */
  | 'currency';

export const ROLES: Role[] = [
  'order',
  'customer',
  'customer2',
  'customer3',
  'date',
  'paid',
  'amount',
  'gross',
  'refund',
  'status',
  'aftersale',
  'cancelled',
  'quantity',
  'price',
  'mobile',
  'region',
  'discount',
  'fulfillment',
  'gateway',
  'adjusted',
  'currency',
];

/** How an order's amount is found when the order spans several rows. */
export type AmountMode =
  | 'order' // an order-level amount, repeated on or only on the first of its rows: take the first one given
  | 'item' // each row carries its own line amount: sum them
  | 'lines'; // no amount column: sum quantity × unit price over the rows

export interface Preset {
  id: string;
  name: string;
  /** Every one of these names must be present… */
  all: string[];
  /** …and at least one of these, if given. */
  any?: string[];
  /** Candidate column names per role, best first. */
  roles: Partial<Record<Role, string[]>>;
  /** The amount column is already net of refunds (do not subtract the refund column again). */
  amountIsNet: boolean;
  amountMode: AmountMode;
  tz: string;
  lang: 'zh' | 'en';
  /** Said by `rfm inspect` when this preset is used. */
  note?: string;
  /** The currency of every order when the platform has one (Chinese platforms sell in CNY) and no column says. */
  currency?: string;
}

const CN = 'Asia/Shanghai';

/** Platform presets, most specific first; `generic` is last and always matches. */
export const PRESETS: Preset[] = [
  {
    id: 'taobao',
    name: 'Taobao/Tmall 订单报表',
    all: ['订单编号', '订单付款时间'],
    any: ['买家会员名', '买家实际支付金额'],
    roles: {
      order: ['订单编号'],
      customer: ['买家会员名', '买家支付宝账号'],
      date: ['订单创建时间'],
      paid: ['订单付款时间'],
      amount: ['买家实际支付金额', '打款商家金额', '总金额'],
      gross: ['总金额'],
      refund: ['退款金额'],
      status: ['订单状态'],
      mobile: ['是否手机订单'],
      region: ['收货地址'],
      discount: ['天猫卡券抵扣', '集分宝抵扣'],
    },
    amountIsNet: true,
    amountMode: 'order',
    tz: CN,
    lang: 'zh',
    currency: 'CNY',
    note: '买家实际支付金额 is taken as already net of 退款金额 (as in every Tmall export examined); --refunds subtract changes that',
  },
  {
    id: 'jd',
    name: 'JD 京东 POP',
    all: ['订单号', '下单帐号'],
    roles: {
      order: ['订单号'],
      customer: ['下单帐号'],
      date: ['下单时间'],
      paid: ['付款确认时间'],
      amount: ['应付金额', '订单金额', '结算金额'],
      status: ['订单状态'],
      region: ['客户地址'],
    },
    amountIsNet: true,
    amountMode: 'order',
    tz: CN,
    lang: 'zh',
    currency: 'CNY',
    note: 'one row per SKU with the order amount repeated: each order is counted once',
  },
  {
    id: 'douyin',
    name: 'Douyin 抖店',
    all: ['主订单编号', '子订单编号'],
    roles: {
      order: ['主订单编号'],
      customer: [],
      date: ['订单提交时间'],
      paid: ['支付完成时间'],
      amount: ['订单应付金额', '应付金额(到付按此收费)', '实收款(到付按此收费)'],
      status: ['订单状态'],
      aftersale: ['售后状态'],
      region: ['省'],
      discount: ['优惠总金额'],
    },
    amountIsNet: true,
    amountMode: 'order',
    tz: CN,
    lang: 'zh',
    currency: 'CNY',
    note: 'Douyin exports carry no stable buyer id: name one with --customer-col',
  },
  {
    id: 'pinduoduo',
    name: 'Pinduoduo 拼多多',
    all: ['订单号'],
    any: ['用户实付金额(元)', '商家实收金额(元)', '拼单成功时间'],
    roles: {
      order: ['订单号'],
      customer: [],
      date: ['支付时间', '拼单成功时间'],
      paid: ['支付时间'],
      amount: ['用户实付金额(元)', '商家实收金额(元)'],
      status: ['订单状态'],
      aftersale: ['售后状态'],
      region: ['省'],
      discount: ['店铺优惠折扣(元)', '平台优惠折扣(元)'],
    },
    amountIsNet: true,
    amountMode: 'order',
    tz: CN,
    lang: 'zh',
    currency: 'CNY',
    note: 'Pinduoduo exports carry no stable buyer id: name one with --customer-col',
  },
  {
    id: 'shopify',
    name: 'Shopify orders export',
    all: ['Name', 'Financial Status', 'Lineitem quantity'],
    roles: {
      order: ['Name'],
      customer: ['Email', 'Billing Name'],
      date: ['Created at'],
      paid: ['Paid at'],
      amount: ['Total'],
      refund: ['Refunded Amount'],
      status: ['Financial Status'],
      cancelled: ['Cancelled at'],
      region: ['Shipping Province Name', 'Shipping Province', 'Billing Province Name'],
      discount: ['Discount Amount'],
      fulfillment: ['Fulfillment Status'],
      gateway: ['Payment Method', 'Payment Gateway Names', 'Payment Gateway'],
      currency: ['Currency'],
    },
    amountIsNet: false,
    amountMode: 'order',
    tz: 'UTC',
    lang: 'en',
    note: 'one row per line item, order fields on the first row: each order is counted once',
  },
  {
    id: 'woocommerce',
    name: 'WooCommerce (Advanced Order Export)',
    all: ['Order Number', 'Order Status'],
    any: ['Email (Billing)', 'Order Total Amount'],
    roles: {
      order: ['Order Number'],
      customer: ['Email (Billing)', 'Customer User ID'],
      date: ['Order Date'],
      paid: ['Paid Date'],
      amount: ['Order Total Amount'],
      refund: ['Order Refund Amount'],
      status: ['Order Status'],
      region: ['State Code (Shipping)', 'State Code (Billing)'],
      discount: ['Cart Discount Amount', 'Discount Amount'],
      currency: ['Order Currency', 'Currency'],
    },
    amountIsNet: false,
    amountMode: 'order',
    tz: 'UTC',
    lang: 'en',
  },
  {
    id: 'woocommerce-webtoffee',
    name: 'WooCommerce (WebToffee order export)',
    all: ['order_id', 'order_number', 'order_total'],
    roles: {
      order: ['order_number', 'order_id'],
      customer: ['customer_email', 'billing_email', 'customer_user'],
      date: ['order_date'],
      paid: ['paid_date'],
      amount: ['order_total'],
      refund: ['order_refund'],
      status: ['status'],
      region: ['shipping_state', 'billing_state'],
      discount: ['discount_total', 'cart_discount'],
      currency: ['order_currency', 'currency'],
    },
    amountIsNet: false,
    amountMode: 'order',
    tz: 'UTC',
    lang: 'en',
  },
  {
    id: 'etsy',
    name: 'Etsy Sold Orders',
    all: ['Sale Date', 'Order ID', 'Buyer User ID'],
    roles: {
      order: ['Order ID'],
      // The stable buyer: Buyer User ID, not the printed Full Name (namesakes merge, one buyer written two ways splits).
      customer: ['Buyer User ID'],
      date: ['Sale Date'],
      paid: ['Date Paid'],
      amount: ['Order Total'],
      // Filled only after a refund: the order total left; the difference is the refund.
      adjusted: ['Adjusted Order Total'],
      status: ['Status'],
      region: ['Ship State'],
      discount: ['Discount Amount'],
      currency: ['Currency'],
    },
    amountIsNet: false,
    amountMode: 'order',
    tz: 'UTC',
    lang: 'en',
  },
  {
    id: 'amazon',
    name: 'Amazon All Orders report',
    all: ['amazon-order-id', 'purchase-date'],
    roles: {
      order: ['amazon-order-id'],
      customer: [],
      date: ['purchase-date'],
      amount: ['item-price'],
      status: ['order-status'],
      region: ['ship-state'],
      discount: ['item-promotion-discount'],
      currency: ['currency'],
    },
    amountIsNet: true,
    amountMode: 'item',
    tz: 'UTC',
    lang: 'en',
    note: 'Amazon withholds buyer identity: name a customer column with --customer-col',
  },
  {
    // What `rfm log` writes: one row per purchase or return, the amount already net of its refund.
    id: 'rfm-log',
    name: 'rfm purchase log',
    all: ['customer_id', 'order_id', 'order_date', 'amount', 'kind', 'refund'],
    roles: {
      order: ['order_id'],
      customer: ['customer_id'],
      date: ['order_date'],
      amount: ['amount'],
      refund: ['refund'],
      region: ['region'],
    },
    amountIsNet: true,
    amountMode: 'order',
    tz: 'UTC',
    lang: 'en',
    note: 'amounts are net of the refund column (read as written by rfm log)',
  },
  {
    id: 'generic',
    name: 'generic CSV',
    all: [],
    roles: {
      order: [
        'order_id',
        'order_number',
        'order_no',
        'orderid',
        'invoice_no',
        'invoice',
        'invoice_id',
        'order',
        'transaction_id',
        '订单号',
        '订单编号',
        '主订单编号',
        '交易号',
      ],
      customer: [
        'customer_id',
        'customer',
        'customer_no',
        'client_id',
        'user_id',
        'buyer_id',
        'buyer_user_id',
        'member_id',
        'email',
        'customer_email',
        'buyer',
        'customer_name',
        'client',
        'user',
        '买家会员名',
        '买家昵称',
        '客户id',
        '客户编号',
        '会员id',
        '用户id',
        '会员名',
        '客户',
        '买家',
        '下单帐号',
        '下单账号',
        '用户名',
        '会员',
      ],
      date: [
        'order_date',
        'date',
        'invoice_date',
        'purchase_date',
        'created_at',
        'order_time',
        'order_datetime',
        'transaction_date',
        'ordered_at',
        'datetime',
        'timestamp',
        'time',
        '下单时间',
        '买家下单时间',
        'sale_date',
        '订单创建时间',
        '订单日期',
        '日期',
        '交易时间',
        '购买时间',
        '创建时间',
        '成交时间',
      ],
      paid: [
        'paid_at',
        'paid_date',
        'payment_date',
        'date_paid',
        '付款时间',
        '支付时间',
        '订单付款时间',
        '买家付款时间',
        '付款日期',
        '支付完成时间',
      ],
      amount: [
        'amount',
        'revenue',
        'grand_total',
        'total',
        'order_total',
        'total_amount',
        'order_amount',
        'sales',
        'net_amount',
        'value',
        'dollar_value',
        'monetary',
        'monetary_value',
        'payment',
        'paid_amount',
        '实付金额',
        '买家实付金额',
        '买家实际支付金额',
        '实付款',
        '订单金额',
        '实收金额',
        '支付金额',
        '应付金额',
        '销售额',
        '消费金额',
        '金额',
      ],
      gross: ['总金额', '订单总金额', 'gross', 'gross_amount', 'gross_sales'],
      refund: ['refund', 'refund_amount', 'refunded', 'refunded_amount', '退款金额', '退款'],
      status: ['status', 'order_status', 'financial_status', 'state', '订单状态', '交易状态'],
      cancelled: ['cancelled_at', 'canceled_at'],
      quantity: ['quantity', 'qty', 'units', '数量', '购买数量', '商品数量'],
      price: ['unit_price', 'unitprice', 'price', 'item_price', '单价', '价格'],
      mobile: ['is_mobile', 'mobile_order', '是否手机订单'],
      region: [
        'province',
        'shipping_province',
        'ship_state',
        'shipping_state',
        'region',
        '收货省份',
        '省份',
        '省',
        '收货地址',
      ],
      discount: [
        'discount',
        'discount_amount',
        'coupon_amount',
        'discount_total',
        '优惠金额',
        '优惠总金额',
        '折扣金额',
        '优惠',
        '天猫卡券抵扣',
      ],
      currency: ['currency', 'order_currency', 'currency_code', '币种', '货币'],
    },
    amountIsNet: false,
    amountMode: 'order',
    tz: 'UTC',
    lang: 'en',
  },
];

/** Header name as compared: trimmed, `（）` → `()`, lower case, blanks and `_ - . ( )` removed. */
export function canonicalName(name: string): string {
  return normalizeHeader(name)
    .toLowerCase()
    .replace(/[\s_\-.()]/g, '');
}

/** Header name as shown: BOM, line breaks, ASCII and full-width blanks trimmed; `（）` → `()`. */
export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .replace(/[\r\n]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/**
 * How an order's status reads: a purchase ('paid'), the reason it is not one, 'unknown' (not in the vocabulary:
 * counted as a purchase, listed by inspect and warned about when it carries a noticeable share of the amount),
 * or 'excluded' (named by --excluded-status).
 */
export type StatusClass = 'paid' | 'unknown' | 'unpaid' | 'closed' | 'cancelled' | 'refunded' | 'excluded';

/** Status values as the platforms write them (compared trimmed and case-insensitively). */
const STATUS_WORDS: Record<Exclude<StatusClass, 'unknown' | 'excluded'>, string[]> = {
  paid: [
    // Taobao/Tmall export texts and TOP API statuses (with their descriptions)
    '交易成功',
    '买家已付款，等待卖家发货',
    '卖家已发货，等待买家确认',
    '卖家部分发货',
    '买家已签收',
    '买家已签收，回款至卖家',
    '等待卖家发货,即:买家已付款',
    '等待买家确认收货,即:卖家已发货',
    '买家已签收,货到付款专用',
    '拼团中订单或者发货强管控的订单，已付款但禁止发货',
    'TRADE_FINISHED',
    'WAIT_SELLER_SEND_GOODS',
    'WAIT_BUYER_CONFIRM_GOODS',
    'SELLER_CONSIGNED_PART',
    'TRADE_BUYER_SIGNED',
    'PAID_FORBID_CONSIGN',
    // JD
    '等待出库',
    '等待确认收货',
    '完成',
    '已完成',
    '等待发货',
    '等待发码',
    '发往配送中心',
    '配送中心已收货',
    '收款确认（服务完成）',
    'WAIT_SELLER_STOCK_OUT',
    'WAIT_GOODS_RECEIVE_CONFIRM',
    'FINISHED_L',
    'RECEIPTS_CONFIRM',
    'WAIT_SELLER_DELIVERY',
    'WAIT_SEND_CODE',
    // Pinduoduo, Douyin, Youzan, Dewu
    '待发货',
    '已发货',
    '已发货，待签收',
    '已签收',
    '已收货',
    '已付款',
    '已支付',
    '已支付（风控订单不发货）',
    '备货中',
    '部分发货',
    '已完成（已收货）',
    '交易完成',
    '待卖家发货',
    '待平台收货',
    'TRADE_PAID',
    'TRADE_SUCCESS',
    'WAIT_CONFIRM',
    'WAIT_GROUP',
    // after-sale columns: no refund, or one refused or withdrawn — the purchase stands
    '无售后或售后取消',
    '没有申请退款',
    '卖家拒绝退款',
    '退款关闭',
    // Shopify, WooCommerce, Etsy, Amazon, eBay
    'paid',
    'partially_refunded',
    'partially refunded',
    'completed',
    'complete',
    'processing',
    'shipped',
    'shipping',
    'unshipped',
    'partiallyshipped',
    'invoiceunconfirmed',
    'shipped - delivered to buyer',
    'shipped - out for delivery',
    'shipped - picked up',
    'fulfilled',
    'delivered',
    'wc-completed',
    'wc-processing',
  ],
  unpaid: [
    '等待买家付款',
    '没有创建支付宝交易',
    '国际信用卡支付付款确认中',
    '外卡支付付款确认中',
    'WAIT_BUYER_PAY',
    'TRADE_NO_CREATE_PAY',
    'PAY_PENDING',
    'WAIT_PAY_RETURN',
    '等待支付确认',
    '等待付款',
    '待付款',
    '待支付',
    '未付款',
    'pending',
    'authorized',
    'unpaid',
    'awaiting payment',
    'pending payment',
    'payment processing',
    'pendingavailability',
    'on-hold',
    'on hold',
    'wc-pending',
    'wc-on-hold',
    'expired',
    'partially_paid_pending',
  ],
  closed: [
    '交易关闭',
    '交易被淘宝关闭',
    '付款以前，卖家或买家主动关闭交易',
    'TRADE_CLOSED_BY_TAOBAO',
    'TRADE_CLOSED_BY_USER',
    '未支付，交易关闭',
    '已关闭',
    '订单关闭',
    '关闭',
    'closed',
    'failed',
    'wc-failed',
    'draft',
    'checkout-draft',
    'wc-checkout-draft',
    'auto-draft',
  ],
  cancelled: [
    '取消',
    '已取消',
    '订单取消',
    '(删除)锁定',
    'TRADE_CANCELED',
    'cancelled',
    'canceled',
    'voided',
    'void',
    'wc-cancelled',
    'trash',
    'deleted',
    'CancelComplete',
    'CancelClosedForCommitment',
    'CancelClosedNoRefund',
  ],
  refunded: [
    '退款成功',
    '已退款',
    '全额退款',
    '退货退款成功',
    '付款以后用户退款成功，交易自动关闭',
    'TRADE_CLOSED',
    '未发货，退款成功',
    '已发货，退款成功',
    '未发货退款成功',
    'refunded',
    'fully_refunded',
    'fully refunded',
    'wc-refunded',
    'CancelClosedWithRefund',
  ],
};

/** The key a status value is looked up by: trimmed, full-width brackets folded, lower case. */
export const statusKey = (value: string): string =>
  normalizeHeader(value).replace(/，/g, ',').replace(/：/g, ':').replace(/\s+/g, ' ').toLowerCase();

const STATUS_OF = new Map<string, StatusClass>();
for (const [cls, words] of Object.entries(STATUS_WORDS)) {
  for (const w of words) STATUS_OF.set(statusKey(w), cls as StatusClass);
}

/** Status values the user settled: `--paid-status` and `--excluded-status` (keys as statusKey makes them). */
export interface StatusOverrides {
  paid: Set<string>;
  excluded: Set<string>;
}

/** Classify a status value (any platform): the user's word first, then the vocabulary, else 'unknown'. */
export function classifyStatus(value: string, overrides?: StatusOverrides): StatusClass {
  const k = statusKey(value);
  if (overrides?.paid.has(k)) return 'paid';
  if (overrides?.excluded.has(k)) return 'excluded';
  // JD marks a deleted (cancelled) order by a prefix on its last status: (删除)等待出库, (删除)锁定.
  if (k.startsWith('(删除)')) return 'cancelled';
  return STATUS_OF.get(k) ?? 'unknown';
}

/**
 * A payment gateway that collects cash on delivery: Shopify's manual "Cash on Delivery (COD)", WooCommerce's
 * `cod`, 货到付款, and the same in other shop languages.
 */
export function isCashOnDelivery(gateway: string): boolean {
  return /\bcod\b|cash[ _-]*on[ _-]*delivery|pay(ment)?[ _-]*on[ _-]*delivery|货到付款|貨到付款|代金引換|착불|contra[ -]?reembolso|contra[ -]?entrega|nachnahme|livraison|contrassegno|rembours|pobranie|dobírk/i.test(
    gateway,
  );
}

/** A fulfilment status saying the goods went out (Shopify fulfilled/partial, shipped, delivered, 已发货, 已签收). */
export function isFulfilled(status: string): boolean {
  return /^(fulfilled|partial|partially[ _]fulfilled|shipped|delivered|completed?|已发货|已签收|已收货|已完成)$/i.test(
    status.trim(),
  );
}
