/**
 * The words people read, in one place per language (`--lang zh|en`, config `lang`; default the export's
 * platform language): headings and labels of the terminal screens and of the report, the lifecycle stages'
 * display names, where the as-of day came from, the legend that keeps colliding words apart, the input line,
 * "wrote", the reading warnings and the help headings. CSV and JSON keys and tag values stay English machine
 * names; option descriptions and error messages are English.
 *
 * One meaning per word: the activity tag `sleeping` (沉睡, and the sleeping list) is a window of days since the
 * last purchase; segment names (休眠客户 Hibernating, 将沉睡客户 About to Sleep, 忠诚客户 Loyal Customers) come from
 * the R/F/M scores; the lifecycle tag `loyal` (3+ purchases) is shown as 常客 / "regular (3+)" so that it never
 * reads as the segment.
 */
import type { Lang } from './model/segments';
import type { Stage } from './model/lifecycle';

/** How `asOfOf` names the as-of day's source when no --as-of is given. */
export const LATEST_PURCHASE = 'the latest purchase in the input';

/** Where the as-of day came from, in the language (flags stay as typed). */
export function asOfSourceText(source: string, lang: Lang): string {
  return lang === 'zh' && source === LATEST_PURCHASE ? '输入中最近一次购买的日期' : source;
}

const STAGE_ZH: Record<Stage, string> = {
  new: '新客',
  'one-time': '一次客',
  repeat: '回头客',
  loyal: '常客（3 次+）',
  sleeping: '沉睡',
  lost: '流失',
};
const STAGE_EN: Record<Stage, string> = {
  new: 'new',
  'one-time': 'one-time',
  repeat: 'repeat (2)',
  loyal: 'regular (3+)',
  sleeping: 'sleeping',
  lost: 'lost',
};

/** A lifecycle stage as shown on screens and in reports. */
export const stageWord = (s: Stage | string, lang: Lang): string =>
  (lang === 'zh' ? STAGE_ZH : STAGE_EN)[s as Stage] ?? s;

/** Headings of the terminal screens (segment, summary, dormant). */
export function screenWords(lang: Lang) {
  const zh = lang === 'zh';
  return {
    asOf: zh ? '截至' : 'as of',
    customers: zh ? '客户' : 'customers',
    purchases: zh ? '购买' : 'purchases',
    revenue: zh ? '销售额' : 'revenue',
    segment: zh ? '分层' : 'segment',
    share: zh ? '占比' : 'share',
    revShare: zh ? '销售额占比' : 'rev share',
    aov: zh ? '客单价' : 'aov',
    medR: zh ? 'R 中位天数' : 'med R days',
    medF: zh ? 'F 中位' : 'med F',
    medM: zh ? 'M 中位' : 'med M',
    cutPoints: zh ? '切分点' : 'cut points',
    grid: zh ? 'R×F 分布' : 'R×F grid',
    gridNote: zh ? '客户数；行：R 评分，列：F 评分' : 'customers; rows: recency score, columns: frequency score',
    largest: zh ? '* 最大的格' : '* the largest cell',
    tags: zh ? '标签' : 'tags',
    averageOrderValue: zh ? '客单价' : 'average order value',
    repurchaseRate: zh ? '复购率（2 次及以上，全部历史）' : 'repurchase rate (2+ purchases, all history)',
    returningShare: zh ? '复购客户销售额占比（全部历史）' : "repeat customers' revenue share (all history)",
    top20: zh ? '前 20% 客户销售额占比' : "top 20% customers' revenue share",
    gini: zh ? '销售额基尼系数' : 'Gini of revenue',
    newCustomers: (days: number) => (zh ? `新客（近 ${days} 天）` : `new customers (last ${days} days)`),
    stage: zh ? '生命周期阶段' : 'stage',
    stages: zh ? '生命周期阶段' : 'lifecycle stages',
    from: zh ? '一周前' : 'from (a week ago)',
    to: zh ? '现在' : 'to (now)',
    moves: zh ? '与上周相比的变化' : 'moves since last week',
    none: zh ? '（无）' : '(none)',
  };
}

/**
 * The report's legend: the words that could be read as one another, each with its definition as configured
 * (sleeping window in days; the segment model's names).
 */
export function legend(lang: Lang, days: number, maxDays: number, model: string): string[] {
  const zh = lang === 'zh';
  const lines = zh
    ? [
        `「沉睡」（标签 sleeping、沉睡客户名单）：最近一次购买在 ${days}–${maxDays} 天前；超过 ${maxDays} 天为「流失」。`,
        '分层名称来自 R/F/M 评分（rfm segment --help），与标签无关。',
        '「常客」（标签 loyal）：购买 3 次及以上，与分层「忠诚客户」不同。',
      ]
    : [
        `"Sleeping" (the tag and the sleeping list): last purchase ${days}–${maxDays} days ago; beyond ${maxDays} days: "lost".`,
        'Segment names come from the R/F/M scores (rfm segment --help), not from the tags.',
        '"Regular (3+)" (tag loyal): 3 or more purchases — not the segment Loyal Customers.',
      ];
  if (model === 'grid')
    lines.splice(
      2,
      0,
      zh
        ? '「休眠客户」：R、F 评分都低（1–2）；「将沉睡客户」：R 评分 3、F 评分 1–2；「忠诚客户」：R 3–4、F 4–5。'
        : 'Hibernating: R and F scores low (1–2); About to Sleep: R score 3, F 1–2; Loyal Customers: R 3–4, F 4–5.',
    );
  return lines;
}

/** Column headings on screens: the CSV names in English, their Chinese names in zh. */
const COLUMN_ZH: Record<string, string> = {
  customer_id: '客户',
  revenue: '销售额',
  days_asleep: '沉睡天数',
  orders: '购买次数',
  segment: '分层',
  last_purchase: '最近购买',
  important: '重要',
  status: '状态',
  median_gap_days: '间隔中位天数',
  overdue: '超期倍数',
  p_alive: '仍活跃概率',
  expected_value: '预期价值',
  expected_purchases: '预测购买次数',
  expected_spend: '预测客单价',
  clv: '预测价值',
  x: '复购次数',
  t_x: '末次购买时点',
  T: '观察期',
};

export const columnWord = (name: string, lang: Lang): string => (lang === 'zh' ? (COLUMN_ZH[name] ?? name) : name);

/** The dormant screen's lines. */
export function dormantWords(lang: Lang) {
  const zh = lang === 'zh';
  return {
    head: (asOf: string, source: string, a: number, b: number) =>
      zh
        ? `截至 ${asOf}（${asOfSourceText(source, lang)}）· 沉睡 = 最近一次购买在 ${a}–${b} 天前`
        : `as of ${asOf} (${source}) · sleeping = ${a}–${b} days since the last purchase`,
    count: (sleeping: string, share: string, base: string, b: number, stake: string, important: string) =>
      zh
        ? `沉睡客户 ${sleeping} 位，占近 ${b} 天内购买过的 ${base} 位的 ${share} · 涉及销售额 ${stake} · 重要客户 ${important} 位`
        : `${sleeping} sleeping customers, ${share} of the ${base} who bought in the last ${b} days · revenue at stake ${stake} · ${important} important`,
    top: zh ? '按涉及销售额排序的沉睡客户' : 'top customers by value at stake',
    /** The answer on stderr when the list goes to a file. */
    answer: (sleeping: string, share: string, base: string, stake: string, important: string, top: string) =>
      zh
        ? `沉睡客户 ${sleeping} 位（占 ${base} 位的 ${share}），涉及销售额 ${stake}，重要客户 ${important} 位${top ? `；最高：${top}` : ''}`
        : `${sleeping} sleeping customers (${share} of ${base}), revenue at stake ${stake}, ${important} important${top ? `; top: ${top}` : ''}`,
    trend: zh ? '每周趋势' : 'weekly trend',
    trendHead: zh
      ? ['周（截至）', '沉睡', '占比', '新增沉睡', '被唤醒', '新增流失']
      : ['week (as of)', 'sleeping', 'share', 'newly sleeping', 'woken up', 'newly lost'],
  };
}

/** Why rows were left out (the load summary, inspect), in the language. */
const REASON_ZH: Record<string, string> = {
  'no customer id': '无客户编号',
  unpaid: '未付款',
  'unpaid, cash on delivery': '货到付款未收款',
  closed: '已关闭',
  cancelled: '已取消',
  refunded: '已退款',
  'after as-of': '截至日之后',
  'bad date': '日期无法读取',
  'bad amount': '金额无法读取',
  'missing amount': '缺少金额',
  'excluded status': '排除的状态',
  'other currency': '其他币种',
};

export const reasonWord = (reason: string, lang: Lang): string =>
  lang === 'zh' ? (REASON_ZH[reason] ?? reason) : reason;

/** The load summary and the "wrote" line on stderr. */
export function loadWords(lang: Lang) {
  const zh = lang === 'zh';
  return {
    read: (rows: string, purchases: string, customers: string, layout: string) =>
      zh
        ? `${rows} 行 → ${customers} 位客户的 ${purchases} 次购买（${layout}）`
        : `${rows} rows → ${purchases} purchases by ${customers} customers (${layout})`,
    sheet: (name: string) => (zh ? `（工作表 ${name}）` : ` (sheet ${name})`),
    returns: (k: string) => (zh ? `；${k} 笔退货已冲减` : `; ${k} returns netted`),
    excluded: (list: string[]) => (zh ? `；已排除的行：${list.join('、')}` : `; excluded rows: ${list.join(', ')}`),
    wrote: (file: string, rows: string | null) =>
      zh
        ? `已写入 ${file}${rows === null ? '' : `（${rows} 行）`}`
        : `wrote ${file}${rows === null ? '' : ` (${rows} rows)`}`,
    wroteSheets: (dir: string, sheets: number) =>
      zh ? `已写入 ${dir}（${sheets} 个工作表）` : `wrote ${dir} (${sheets} sheets)`,
  };
}

/** The cohort triangle's words. */
export function cohortWords(lang: Lang) {
  const zh = lang === 'zh';
  return {
    title: (by: 'month' | 'week') =>
      zh ? `按首次购买${by === 'month' ? '月份' : '周'}划分的客群` : `cohorts by ${by} of first purchase`,
    metric: {
      active: zh ? '当期购买的客户占客群的 %' : '% of the cohort buying in the period',
      revenue: zh ? '每位客户累计销售额' : 'cumulative revenue per customer',
      orders: zh ? '每位客户累计购买次数' : 'cumulative purchases per customer',
    },
    asOf: (d: string, source: string) =>
      zh ? `截至 ${d}（${asOfSourceText(source, lang)}）` : `as of ${d} (${source})`,
    cohort: zh ? '客群' : 'cohort',
    customers: zh ? '客户数' : 'customers',
    columns: (by: 'month' | 'week') =>
      zh
        ? `列：首次购买后的第几${by === 'month' ? '个月' : '周'}`
        : `columns: ${by === 'month' ? 'months' : 'weeks'} since the first purchase`,
    running: zh ? '* 截至日当期尚未结束' : '* the period is still running at the as-of date',
    periods: (by: 'month' | 'week', last: number, of: number) =>
      zh
        ? `第 0–${last} ${by === 'month' ? '个月' : '周'}（共 0–${of}）`
        : `${by === 'month' ? 'months' : 'weeks'} 0–${last} of 0–${of}`,
    recent: (k: number, of: number) =>
      zh ? `最近的 ${k} 个客群（共 ${of} 个）` : `the ${k} most recent of ${of} cohorts`,
    shown: (what: string) => (zh ? `显示：${what}（--format csv 输出全部）` : `shown: ${what} (--format csv has all)`),
  };
}

/** The campaign screen's words. */
export function campaignWords(lang: Lang) {
  const zh = lang === 'zh';
  return {
    head: (since: string, from: string, to: string, days: number) =>
      zh
        ? `活动发送于 ${since} · 响应 = ${from} – ${to}（${days} 天）内的购买`
        : `campaign sent ${since} · response = a purchase ${from} – ${to} (${days} days)`,
    partial: (asOf: string) =>
      zh ? `数据截至 ${asOf}，早于响应窗口结束` : `the export ends ${asOf}, before the window does`,
    partialWord: zh ? '不完整' : 'partial',
    columns: zh
      ? ['组', '客户数', '响应数', '响应率', '销售额', '人均']
      : ['group', 'customers', 'responders', 'rate', 'revenue', 'per cust.'],
    contacted: zh ? '触达组' : 'contacted',
    holdout: zh ? '对照组' : 'holdout',
    uplift: (d: string, lo: string, hi: string) =>
      zh
        ? `提升 ${d}（95% 置信区间 ${lo} 至 ${hi}，Newcombe 混合得分法）`
        : `uplift ${d} (95% CI ${lo} to ${hi}, Newcombe hybrid score)`,
    raised: zh ? '活动提高了响应' : 'the campaign raised the response',
    lowered: zh ? '活动降低了响应' : 'the campaign lowered the response',
    none: zh ? '与无活动无法区分' : 'not distinguishable from no campaign',
    incremental: (k: string, diff: string) =>
      zh
        ? `≈ ${k} 位增量响应客户 · 人均销售额比对照组 ${diff}`
        : `≈ ${k} incremental responders · revenue per customer ${diff} against the holdout`,
    noHoldout: zh
      ? '未给出对照组：没有基线，响应率包含本来就会购买的客户（rfm dormant|crowd --holdout 10% 可保留对照组）'
      : 'no holdout given: no baseline — the rate includes customers who would have bought anyway (rfm dormant|crowd --holdout 10% keeps one)',
    missing: (k: string) =>
      zh
        ? `${k} 位名单客户在本导出中没有购买（按未响应计）`
        : `${k} listed customers have no purchase in this export (counted as not responding)`,
  };
}

/** The tiers screen's words. */
export function tiersWords(lang: Lang) {
  const zh = lang === 'zh';
  return {
    head: (asOf: string, by: string, previous: string | null) =>
      zh
        ? `截至 ${asOf} · 等级按${by === 'spend' ? '消费金额' : '购买次数'}${previous ? ` · 上次文件截至 ${previous}` : ''}`
        : `as of ${asOf} · levels by ${by}${previous ? ` · previous file as of ${previous}` : ''}`,
    columns: (by: string, prev: boolean) =>
      (zh
        ? ['等级', `门槛（${by === 'spend' ? '消费金额' : '购买次数'}）`, '客户数', prev ? '较上次升级' : '']
        : ['level', `threshold (${by})`, 'customers', prev ? 'upgraded since previous' : '']
      ).filter(Boolean),
    noLevel: zh ? '（无等级）' : '(no level)',
  };
}

/** The predict screen's words. */
export function predictWords(lang: Lang) {
  const zh = lang === 'zh';
  const unitWord = (u: string) => (zh ? (u === 'week' ? '周' : '天') : u);
  return {
    head: (asOf: string, source: string, unit: string, horizon: number) =>
      zh
        ? `截至 ${asOf}（${asOfSourceText(source, lang)}）· 单位 ${unitWord(unit)} · 预测 ${horizon} ${unitWord(unit)}`
        : `as of ${asOf} (${source}) · unit ${unit} · horizon ${horizon} ${unit}s`,
    fit: (iterations: number, gradient: string) =>
      zh ? `${iterations} 次迭代 · 梯度 ${gradient}` : `${iterations} iterations · gradient ${gradient}`,
    repeatBuyers: (k: string) => (zh ? `${k} 位复购客户` : `${k} repeat buyers`),
    top: zh ? '按预测价值（clv）排序的客户' : 'top customers by clv',
    csvHasAll: zh ? '（CSV 含全部客户）' : '(the CSV has all)',
  };
}

/** Inspect's labels (the left column), in the language. */
const INSPECT_ZH: Record<string, string> = {
  file: '文件',
  encoding: '编码',
  sheet: '工作表',
  delimiter: '分隔符',
  layout: '格式',
  header: '表头',
  columns: '列',
  amounts: '金额',
  currency: '币种',
  dates: '日期',
  decimal: '小数点',
  note: '说明',
  'as of': '截至',
  rows: '行数',
  orders: '订单数',
  purchases: '购买',
  excluded: '已排除',
  apart: '分散',
  files: '文件',
  overlap: '重叠',
  gap: '缺口',
  'bad cells': '无法读取',
  ids: '编号',
  statuses: '订单状态',
  customers: '客户数',
  revenue: '销售额',
};

export const inspectLabel = (label: string, lang: Lang): string =>
  lang === 'zh' ? (INSPECT_ZH[label] ?? label) : label;

/** What inspect says a status value became. */
export function statusWord(cls: string, lang: Lang): string {
  if (lang !== 'zh') return cls === 'paid' ? 'purchase' : cls === 'unknown' ? 'UNKNOWN, counted as purchase' : cls;
  return cls === 'paid' ? '计为购买' : cls === 'unknown' ? '未知，计为购买' : (REASON_ZH[cls] ?? cls);
}

/** Help headings (commander's titles and our groups) in Chinese; descriptions stay English. */
const HELP_ZH: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Global Options:': '全局选项：',
  'Output options:': '输出选项：',
  'Input options (reading the exports):': '输入选项（读取导出文件）：',
  'Examples:': '示例：',
  'Exit codes:': '退出码：',
};

export const helpHeading = (title: string, lang: Lang): string => {
  if (lang !== 'zh') return title;
  const own = /^Options of (rfm \w+):$/.exec(title);
  return own ? `${own[1]} 的选项：` : (HELP_ZH[title] ?? title);
};

/** The language of --help: `--lang zh` on the command line (help is shown before any export is read). */
export function helpLang(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return 'en';
  const v = argv[i].startsWith('--lang=') ? argv[i].slice(7) : argv[i + 1];
  return v === 'zh' ? 'zh' : 'en';
}

/** Warnings about the reading as a whole (stderr, shown even under -q). */
export function warningWords(lang: Lang) {
  const zh = lang === 'zh';
  return {
    unknownStatuses: (note: string, values: string) =>
      zh
        ? `警告：${note}，已计为购买：${values}；用 --paid-status 或 --excluded-status 指定（rfm inspect 列出它们）`
        : `warning: ${note}, counted as purchases: ${values}; --paid-status or --excluded-status settles them (rfm inspect lists them)`,
    unknownNote: (k: number, share: string) =>
      zh
        ? `${k} 个 rfm 不认识的订单状态值占金额的 ${share}`
        : `${k} status value${k > 1 ? 's' : ''} rfm does not know carr${k > 1 ? 'y' : 'ies'} ${share} of the amount`,
    badDates: (rows: string) =>
      zh
        ? `警告：${rows} 行的日期按“月在前”无法读取；如果导出是“日在前”：--date-format dmy`
        : `warning: ${rows} rows have dates unreadable month first; if the export is day first: --date-format dmy`,
    cod: (orders: string, amount: string, share: string) =>
      zh
        ? `警告：${orders} 笔已履约的货到付款订单（${amount}，占全部订单金额的 ${share}）仍标记为未付款，已被排除；如果货款已收：--cod-paid 计入它们`
        : `warning: ${orders} fulfilled cash-on-delivery orders (${amount}, ${share} of all orders' amount) are still marked unpaid and were left out; if their cash was collected: --cod-paid counts them`,
    /** `why`: latestDayDoubt's English reason; `after`: its days after every other purchase (null: after today). */
    asOfDoubt: (d: string, doubt: { why: string; after: number | null }) =>
      zh
        ? `警告：最近一次购买（${d}）被用作截至日，但它${doubt.after === null ? '晚于今天' : `比其他所有购买晚 ${doubt.after} 天`}：日期输错了？最近天数从它算起；--as-of today 或 --as-of YYYY-MM-DD 指定截至日`
        : `warning: the latest purchase (${d}), used as the as-of day, ${doubt.why}: a mistyped date? Recency is counted from it; --as-of today or --as-of YYYY-MM-DD sets the day`,
  };
}

/** Inspect's values (what follows the labels), in the language; detection notes stay as written. */
export function inspectWords(lang: Lang) {
  const zh = lang === 'zh';
  return {
    file: (file: string, bytes: string, gzip: boolean) =>
      zh ? `${file}（${bytes} 字节${gzip ? '，gzip' : ''}）` : `${file} (${bytes} bytes${gzip ? ', gzip' : ''})`,
    delimiter: (d: string) =>
      zh ? (d === ',' ? '逗号' : d === 'tab' ? '制表符' : d === 'whitespace' ? '空白' : d) : d === ',' ? 'comma' : d,
    header: (sheet: boolean, line: number, columns: number) =>
      zh ? `第 ${line} 行，${columns} 列` : `${sheet ? 'row' : 'line'} ${line}, ${columns} columns`,
    column: (role: string, column: string, index: number, flag: boolean) =>
      zh
        ? `${role.padEnd(9)} ← ${column}（第 ${index} 列${flag ? '，来自参数' : ''}）`
        : `${role.padEnd(9)} ← ${column} (column ${index}${flag ? ', from flag' : ''})`,
    amounts: (mode: string, net: boolean) =>
      zh
        ? `${mode === 'order' ? '每个订单一个金额（只取一次）' : mode === 'item' ? '按订单汇总明细金额' : '按订单汇总 数量 × 单价'}；${net ? '已扣除退款' : '减去退款'}`
        : `${mode === 'order' ? 'one amount per order (taken once)' : mode === 'item' ? 'line amounts summed per order' : 'quantity × unit price summed per order'}; ${net ? 'already net of refunds' : 'refunds subtracted'}`,
    dates: (order: string, by: string, zone: string, own: boolean) =>
      zh
        ? `${order}（${by}）；时区 ${zone}${own ? '；带时差的时间按其自身的日期（--tz 可改）' : ''}`
        : `${order} (${by}); zone ${zone}${own ? '; a time with an offset: its own day (--tz moves it)' : ''}`,
    decimal: (comma: boolean, column: string, by: string) =>
      zh
        ? `${column} 的小数点是${comma ? '逗号' : '句点'}（${by}）`
        : `${comma ? 'comma' : 'point'} in ${column} (${by})`,
    returns: (k: string) => (zh ? `（另有 ${k} 笔退货冲减销售额）` : ` (+ ${k} returns netted against revenue)`),
    none: zh ? '无' : 'none',
    excluded: (reason: string, rows: string, at: string, more: boolean, amount: string) =>
      zh
        ? `${reason}：${rows} 行（第 ${at}${more ? '、…' : ''} 行）${amount}`
        : `${reason}: ${rows} rows (lines ${at}${more ? ', …' : ''})${amount}`,
    status: (value: string, rows: string, orders: string, amount: string, became: string) =>
      zh
        ? `${value}：${rows} 行，${orders} 单，${amount} → ${became}`
        : `${value}: ${rows} rows, ${orders} orders, ${amount} → ${became}`,
  };
}
