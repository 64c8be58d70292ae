/** The repurchase figures as lines: a key, the value, and its definition (口径) in one sentence each. */
import type { Repurchase } from '../model/repurchase';
import { count as n, day, money, num, pct } from './format';
import { fitLine } from './render';
import { displayWidth } from '../help';

export interface Figure {
  /** CSV/JSON key. */
  key: string;
  label: string;
  /** The raw value (a share 0..1, days, or null when nothing qualifies). */
  value: number | null;
  /** The value as shown on a terminal. */
  shown: string;
  definition: string;
  /** What a share is made of (for JSON). */
  numerator?: number;
  denominator?: number;
  /** Shown on the terminal as a line of its own (the quartiles go on the median's line). */
  line: boolean;
}

const share = (x: number | null) => (x === null ? 'n/a' : pct(x));
const r4 = (x: number | null) => (x === null ? null : Number(x.toFixed(4)));

/** Labels and definitions in the report's language (rfm summary is in English; the report follows the shop). */
function texts(zh: boolean) {
  return zh
    ? {
        rate: ['复购率', '窗口内购买 2 次及以上的买家 ÷ 窗口内的买家'],
        newBuyer: (d: number) => [
          `新客 ${d} 天复购率`,
          `窗口内首次购买（本导出中）且已满 ${d} 天的新客中，首购后 ${d} 天内另一天再次购买的占比`,
        ],
        gapLabel: '回购周期（天）',
        gapDef: (q: string, g: string) =>
          `中位数（四分位 ${q}）：同一客户相邻两个购买日的间隔，后一次在窗口内；${g} 个间隔`,
        returning: ['老客销售额占比', '窗口前已购买过的买家在窗口内的净销售额 ÷ 窗口内净销售额'],
        title: (a: string, b: string, spec: string) => `复购口径 · 窗口 ${a} – ${b}（--window ${spec}）`,
      }
    : {
        rate: ['repurchase rate', 'buyers with 2+ orders in the window ÷ buyers in the window'],
        newBuyer: (d: number) => [
          `new-buyer ${d}-day repurchase`,
          `the window's new buyers (first purchase in the export) at least ${d} days ago who bought again on a later day within ${d} days`,
        ],
        gapLabel: 'days between purchases',
        gapDef: (q: string, g: string) =>
          `median (quartiles ${q}) of the days between a customer's consecutive purchase days, the later one in the window: ${g} gaps`,
        returning: [
          "returning customers' revenue share",
          "net revenue in the window of buyers who had bought before it ÷ the window's net revenue",
        ],
        title: (a: string, b: string, spec: string) =>
          `repurchase by definition · window ${a} – ${b} (--window ${spec})`,
      };
}

/** One figure per definition, in the order they are printed. */
export function repurchaseFigures(r: Repurchase, lang: 'zh' | 'en' = 'en'): Figure[] {
  const t = texts(lang === 'zh');
  const colon = lang === 'zh' ? '：' : ': ';
  const out: Figure[] = [
    {
      key: 'repurchase_rate',
      label: t.rate[0],
      value: r4(r.rate),
      shown: share(r.rate),
      definition: `${t.rate[1]}${colon}${n(r.repeaters)} ÷ ${n(r.buyers)}`,
      numerator: r.repeaters,
      denominator: r.buyers,
      line: true,
    },
  ];
  for (const h of r.newBuyers) {
    const [label, def] = t.newBuyer(h.days);
    out.push({
      key: `new_buyer_repurchase_${h.days}d`,
      label,
      value: r4(h.rate),
      shown: share(h.rate),
      definition: `${def}${colon}${n(h.repeaters)} ÷ ${n(h.buyers)}`,
      numerator: h.repeaters,
      denominator: h.buyers,
      line: true,
    });
  }
  const g = r.gaps;
  const qDef = 'type-7 quartile of the same gaps';
  const days = (x: number | null) => (x === null ? 'n/a' : num(x, 1));
  out.push(
    {
      key: 'gap_days_median',
      label: t.gapLabel,
      value: g.median,
      shown: days(g.median),
      definition: t.gapDef(`${days(g.q1)}–${days(g.q3)}`, n(g.count)),
      denominator: g.count,
      line: true,
    },
    { key: 'gap_days_q1', label: '', value: g.q1, shown: days(g.q1), definition: qDef, line: false },
    { key: 'gap_days_q3', label: '', value: g.q3, shown: days(g.q3), definition: qDef, line: false },
    {
      key: 'returning_revenue_share',
      label: t.returning[0],
      value: r4(r.returningShare),
      shown: share(r.returningShare),
      definition: `${t.returning[1]}${colon}${money(r.returningRevenue)} ÷ ${money(r.revenue)}`,
      numerator: Number(money(r.returningRevenue)),
      denominator: Number(money(r.revenue)),
      line: true,
    },
  );
  return out;
}

/** The heading naming the window. */
export function windowTitle(r: Repurchase, spec: string, lang: 'zh' | 'en' = 'en'): string {
  return texts(lang === 'zh').title(day(r.window.from), day(r.window.to), spec);
}

/** The figures as terminal lines: label, value, definition. */
export function repurchaseText(r: Repurchase, spec: string, lang: 'zh' | 'en' = 'en'): string {
  const figs = repurchaseFigures(r, lang).filter((f) => f.line);
  const w = Math.max(...figs.map((f) => displayWidth(f.label)));
  const v = Math.max(...figs.map((f) => f.shown.length));
  let out = windowTitle(r, spec, lang) + '\n';
  for (const f of figs)
    out +=
      fitLine(`  ${f.label}${' '.repeat(w - displayWidth(f.label))}  ${f.shown.padStart(v)}  ${f.definition}`) + '\n';
  return out;
}
