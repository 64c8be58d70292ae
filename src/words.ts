/**
 * The words people read, in one place per language (`--lang zh|en`, config `lang`; default the export's
 * platform language): headings and labels of the terminal screens and of the report, the lifecycle stages'
 * display names, where the as-of day came from, and the legend that keeps colliding words apart. CSV and JSON keys
 * and tag values stay English machine names; messages on stderr are English.
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
    trend: zh ? '每周趋势' : 'weekly trend',
    trendHead: zh
      ? ['周（截至）', '沉睡', '占比', '新增沉睡', '被唤醒', '新增流失']
      : ['week (as of)', 'sleeping', 'share', 'newly sleeping', 'woken up', 'newly lost'],
  };
}
