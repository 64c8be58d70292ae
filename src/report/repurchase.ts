/** The repurchase figures as lines: a key, the value, and its definition (口径) in one sentence each. */
import type { Repurchase } from '../model/repurchase';
import { count as n, day, money, num, pct } from './format';

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

/** One figure per definition, in the order they are printed. */
export function repurchaseFigures(r: Repurchase): Figure[] {
  const out: Figure[] = [
    {
      key: 'repurchase_rate',
      label: 'repurchase rate',
      value: r4(r.rate),
      shown: share(r.rate),
      definition: `buyers with 2+ orders in the window ÷ buyers in the window: ${n(r.repeaters)} ÷ ${n(r.buyers)}`,
      numerator: r.repeaters,
      denominator: r.buyers,
      line: true,
    },
  ];
  for (const h of r.newBuyers)
    out.push({
      key: `new_buyer_repurchase_${h.days}d`,
      label: `new-buyer ${h.days}-day repurchase`,
      value: r4(h.rate),
      shown: share(h.rate),
      definition:
        `the window's new buyers (first purchase in the export) at least ${h.days} days ago who bought again ` +
        `on a later day within ${h.days} days: ${n(h.repeaters)} ÷ ${n(h.buyers)}`,
      numerator: h.repeaters,
      denominator: h.buyers,
      line: true,
    });
  const g = r.gaps;
  const gapDef = `days between a customer's consecutive purchase days, the later one in the window: ${n(g.count)} gaps`;
  const qDef = 'type-7 quartile of the same gaps';
  const days = (x: number | null) => (x === null ? 'n/a' : num(x, 1));
  out.push(
    {
      key: 'gap_days_median',
      label: 'days between purchases',
      value: g.median,
      shown: days(g.median),
      definition: `median (quartiles ${days(g.q1)}–${days(g.q3)}) of the ${gapDef}`,
      denominator: g.count,
      line: true,
    },
    { key: 'gap_days_q1', label: '', value: g.q1, shown: days(g.q1), definition: qDef, line: false },
    { key: 'gap_days_q3', label: '', value: g.q3, shown: days(g.q3), definition: qDef, line: false },
    {
      key: 'returning_revenue_share',
      label: "returning customers' revenue share",
      value: r4(r.returningShare),
      shown: share(r.returningShare),
      definition:
        `net revenue in the window of buyers who had bought before it ÷ the window's net revenue: ` +
        `${money(r.returningRevenue)} ÷ ${money(r.revenue)}`,
      numerator: Number(money(r.returningRevenue)),
      denominator: Number(money(r.revenue)),
      line: true,
    },
  );
  return out;
}

/** The heading naming the window. */
export function windowTitle(r: Repurchase, spec: string): string {
  return `repurchase by definition · window ${day(r.window.from)} – ${day(r.window.to)} (--window ${spec})`;
}

/** The figures as terminal lines: label, value, definition. */
export function repurchaseText(r: Repurchase, spec: string): string {
  const figs = repurchaseFigures(r).filter((f) => f.line);
  const w = Math.max(...figs.map((f) => f.label.length));
  const v = Math.max(...figs.map((f) => f.shown.length));
  let out = windowTitle(r, spec) + '\n';
  for (const f of figs) out += `  ${f.label.padEnd(w)}  ${f.shown.padStart(v)}  ${f.definition}\n`;
  return out;
}
