/**
 * `rfm segment` as one SQL query over the purchase log (`rfm log`'s schema): profiles, scores, segments,
 * tags and stage, with the columns and texts `rfm segment --format csv` writes. Exact throughout: money in
 * integer units of 1/10,000, type-7 quantiles compared as rationals (h = (n−1)·k/N split into its integer
 * part and remainder, a value v above the cut when N·(v − x[lo]) > rem·(x[lo+1] − x[lo])), NTILE ordered
 * worst first with the customer id as tiebreak, and the rounding of the CSV texts done on integers.
 */
import type { RfmOptions } from '../model/rfm';
import { Lang, SegmentModel, cn8Model, gridModel, label } from '../model/segments';
import { Dialect, ident, str } from './dialect';
import type { Column } from '../report/columns';
import { writeCsv } from '../report/render';

export interface SqlOptions extends RfmOptions {
  table: string;
  /** Day number, 'today' (the engine's date), or undefined: the latest purchase. */
  asOf?: number | 'today';
  lang: Lang;
  /** The table has rfm log --traits' columns (mobile, discount, region, seq): the mobile, discount, province: tags. */
  traits?: boolean;
  /** --shop-col: the column naming each row's shop; every figure is computed per shop, one query for all. */
  shopCol?: string;
}

type Axis = 'r' | 'f' | 'm';
/** The column scored on each axis (money units for M) and whether lower values are better. */
const AXIS: Record<Axis, { col: string; lower: boolean; unit: number }> = {
  r: { col: 'recency_days', lower: true, unit: 1 },
  f: { col: 'orders', lower: false, unit: 1 },
  m: { col: 'revenue_units', lower: false, unit: 10000 },
};

/**
 * Type-7 cut k of N over `val` ordered ascending, as the columns lo_k, hi_k (the values at positions
 * ⌊(n−1)k/N⌋ and the next) and rem_k ((n−1)k mod N), selected from `ranked` (val, pos 0..n−1, n).
 */
function cutColumns(d: Dialect, name: string, k: number, bins: number): string[] {
  const h = `(n - 1) * ${k}`;
  const lo = d.idiv(h, String(bins));
  return [
    `MAX(CASE WHEN pos = ${lo} THEN val END) AS ${name}_lo${k}`,
    `MAX(CASE WHEN pos = ${lo} + 1 THEN val END) AS ${name}_hi${k}`,
    `MAX(${d.mod(h, String(bins))}) AS ${name}_rem${k}`,
  ];
}

/** `N·(v − lo) op rem·(hi − lo)`: v compared with the exact type-7 cut (hi absent when rem is 0). */
function vsCut(v: string, name: string, k: number, bins: number, op: string): string {
  const lo = `${name}_lo${k}`;
  return `${bins} * (${v} - ${lo}) ${op} ${name}_rem${k} * (COALESCE(${name}_hi${k}, ${lo}) - ${lo})`;
}

/** The CTE of the cut points of one axis' values (`expr` over `base`), as one row. */
function cutsCte(d: Dialect, name: string, expr: string, order: string, ks: number[], bins: number): string {
  const cols = ks.flatMap((k) => cutColumns(d, name, k, bins));
  return (
    `${name}_cuts AS (\n  SELECT shop, ${cols.join(',\n    ')}\n  FROM (SELECT ${expr} AS val, ` +
    `ROW_NUMBER() OVER (PARTITION BY shop ORDER BY ${order}) - 1 AS pos, COUNT(*) OVER (PARTITION BY shop) AS n, shop FROM base) ranked\n  GROUP BY shop\n)`
  );
}

/**
 * `--scoring r-rfm` reproduces the R package's thresholds bit for bit, floating point included (its quirk is
 * the point): p = k·(1/N) as R's seq() makes it, index (n − 1)·p, threshold (1 − h)·x[lo] + h·x[hi] + 1, all in
 * doubles, evaluated one IEEE operation at a time as R and JavaScript do.
 */
function rrfmCte(d: Dialect, a: Axis, value: string, ks: number[], bins: number): string {
  const by = 1 / bins;
  const cols = ks.flatMap((k) => {
    const idx = `${d.double('n - 1')} * ${d.double(String(k * by))}`;
    const lo = d.int(`FLOOR(${idx})`);
    const hi = d.int(`CEIL(${idx})`);
    return [
      `MAX(${idx}) AS ${a}_idx${k}`,
      `MAX(${d.double(lo)}) AS ${a}_flo${k}`,
      `MAX(CASE WHEN pos = ${lo} THEN val END) AS ${a}_q${k}`,
      `MAX(CASE WHEN pos = ${hi} THEN val END) AS ${a}_x${k}`,
    ];
  });
  const thr = ks.map((k) => {
    const [q, x, i, lo] = [`${a}_q${k}`, `${a}_x${k}`, `${a}_idx${k}`, `${a}_flo${k}`];
    const h = `(${i} - ${lo})`;
    return `CASE WHEN ${i} > ${lo} AND ${x} <> ${q} THEN (1 - ${h}) * ${q} + ${h} * ${x} ELSE ${q} END + 1 AS ${a}_thr${k}`;
  });
  return (
    `${a}_raw AS (\n  SELECT shop, ${cols.join(',\n    ')}\n  FROM (SELECT ${value} AS val, ` +
    `ROW_NUMBER() OVER (PARTITION BY shop ORDER BY ${value}) - 1 AS pos, COUNT(*) OVER (PARTITION BY shop) AS n, shop FROM base) ranked\n  GROUP BY shop\n),\n` +
    `${a}_cuts AS (SELECT shop, ${thr.join(', ')} FROM ${a}_raw)`
  );
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** The score expression of an axis and the CTEs it needs. */
function scoreOf(d: Dialect, a: Axis, o: SqlOptions): { expr: string; ctes: string[]; bins: number } {
  const { col, lower, unit } = AXIS[a];
  const breaks = a === 'r' ? o.rBreaks : a === 'f' ? o.fBreaks : o.mBreaks;
  const fromLow = (above: string[], bins: number) => {
    const b = above.map((c) => `CASE WHEN ${c} THEN 1 ELSE 0 END`).join(' + ');
    return lower ? `${bins} - (${b})` : `1 + ${b}`;
  };
  if (breaks) {
    // A value above the break: whole units compare with its whole part (fl(u/10⁴) > b ⇔ u > b·10⁴ for whole b·10⁴).
    const cuts = breaks.map((b) => {
      const x = b * unit;
      const r = Math.round(x);
      return Math.abs(r - x) < 1e-6 ? r : Math.floor(x);
    });
    return {
      expr: fromLow(
        cuts.map((c) => `${col} > ${c}`),
        cuts.length + 1,
      ),
      ctes: [],
      bins: cuts.length + 1,
    };
  }
  const bins = o.bins;
  if (o.scoring === 'ntile') {
    const dir = lower ? 'DESC' : 'ASC';
    return {
      expr: `NTILE(${bins}) OVER (PARTITION BY shop ORDER BY ${col} ${dir}, ${d.byId('customer_id')})`,
      ctes: [],
      bins,
    };
  }
  const ks = range(1, bins - 1);
  if (o.scoring === 'r-rfm') {
    // The value as R has it: a double (money: units / 10,000, correctly rounded as JavaScript's division).
    const v = a === 'm' ? `${d.double(col)} / 10000` : d.double(col);
    return {
      expr: fromLow(
        ks.map((k) => `${v} >= ${a}_thr${k}`),
        bins,
      ),
      ctes: [rrfmCte(d, a, v, ks, bins)],
      bins,
    };
  }
  const cte = cutsCte(d, a, col, col, ks, bins);
  return {
    expr: fromLow(
      ks.map((k) => vsCut(col, a, k, bins, '>')),
      bins,
    ),
    ctes: [cte],
    bins,
  };
}

/** CASE on (r, f, m) scores giving the segment number: the model applied to every score combination. */
function segmentCase(model: SegmentModel, bins: Record<Axis, number>): string {
  const codes = model.segments.map(() => [] as number[]);
  const useM = model.id === 'rules';
  for (const r of range(1, bins.r))
    for (const f of range(1, bins.f))
      for (const m of useM ? range(1, bins.m) : [1]) {
        const s = model.classify({ r, f, m, recency: 0, frequency: 0, monetary: 0 });
        codes[s].push(useM ? r * 100 + f * 10 + m : r * 10 + f);
      }
  const key = useM ? 'r * 100 + f * 10 + m' : 'r * 10 + f';
  const whens = codes.map((c, i) => (c.length ? `    WHEN ${key} IN (${c.join(', ')}) THEN ${i}` : '')).filter(Boolean);
  return `CASE\n${whens.join('\n')}\n  END`;
}

/** cn8: each axis high or low against its mean or type-7 median; the segment number as cn8Model gives it. */
function cn8Parts(d: Dialect, o: SqlOptions): { ctes: string[]; high: Record<Axis, string> } {
  if (o.split === 'mean') {
    const w = d.wide;
    return {
      ctes: [
        `sums AS (\n  SELECT ${w('SUM(recency_days)')} AS sum_r, ${w('SUM(orders)')} AS sum_f, ` +
          `${w('SUM(revenue_units)')} AS sum_m, ${w('COUNT(*)')} AS cnt, shop FROM base GROUP BY shop\n)`,
      ],
      high: {
        r: `${w('recency_days')} * cnt < sum_r`,
        f: `${w('orders')} * cnt > sum_f`,
        m: `${w('revenue_units')} * cnt > sum_m`,
      },
    };
  }
  const ctes = (['r', 'f', 'm'] as Axis[]).map((a) => cutsCte(d, `${a}med`, AXIS[a].col, AXIS[a].col, [1], 2));
  return {
    ctes,
    high: {
      r: vsCut('recency_days', 'rmed', 1, 2, '<'),
      f: vsCut('orders', 'fmed', 1, 2, '>'),
      m: vsCut('revenue_units', 'mmed', 1, 2, '>'),
    },
  };
}

/** The tag cuts: type-7 80th percentiles of revenue and of average order value (revenue/orders, as rationals). */
function tagCtes(d: Dialect): string[] {
  const order = `${d.double('revenue_units')} / orders, revenue_units`;
  const pick = (at: string, col: string, name: string) => `MAX(CASE WHEN pos = ${at} THEN ${col} END) AS ${name}`;
  const lo = d.idiv('(n - 1) * 4', '5');
  return [
    `tag_cuts AS (\n  SELECT shop, ${[
      pick(lo, 'rev', 'a_lo_r'),
      pick(lo, 'ord', 'a_lo_o'),
      pick(`${lo} + 1`, 'rev', 'a_hi_r'),
      pick(`${lo} + 1`, 'ord', 'a_hi_o'),
      `MAX(${d.mod('(n - 1) * 4', '5')}) AS t_rem`,
    ].join(',\n    ')}\n  FROM (SELECT revenue_units AS rev, orders AS ord, ` +
      `ROW_NUMBER() OVER (PARTITION BY shop ORDER BY ${order}) - 1 AS pos, COUNT(*) OVER (PARTITION BY shop) AS n, shop ` +
      `FROM base) ranked\n  GROUP BY shop\n)`,
    cutsCte(d, 'top', 'revenue_units', 'revenue_units', [4], 5),
  ];
}

/** high-aov: revenue/orders > 0 and ≥ the exact 80th percentile, cross-multiplied in wide integers. */
function highAov(d: Dialect): string {
  const w = d.wide;
  const hiR = `COALESCE(a_hi_r, a_lo_r)`;
  const hiO = `COALESCE(a_hi_o, a_lo_o)`;
  // r/o ≥ rl/ol + (t/5)(rh/oh − rl/ol)  ⇔  5·r·ol·oh ≥ 5·rl·o·oh + t·(rh·ol − rl·oh)·o   (o, ol, oh > 0)
  const left = `5 * ${w('revenue_units')} * a_lo_o * ${hiO}`;
  const right = `5 * ${w('a_lo_r')} * orders * ${hiO} + t_rem * (${w(hiR)} * a_lo_o - ${w('a_lo_r')} * ${hiO}) * orders`;
  return `revenue_units > 0 AND ${left} >= ${right}`;
}

/** The mobile and discount tags (at least half the purchases), and province:REGION; '' without --traits. */
function traitTags(o: SqlOptions): string {
  if (!o.traits) return "''";
  const half = (n: string) => `CASE WHEN ${n} * 2 >= orders AND ${n} > 0 THEN ';${n.split('_')[0]}' ELSE '' END`;
  return (
    `${half('mobile_orders')} || ${half('discount_orders')} || ` +
    `CASE WHEN region IS NULL THEN '' ELSE ';province:' || region END`
  );
}

/** Money units → the CSV's `1234.50` (half away from zero, to the cent), `per` customers' orders or 1. */
function moneyText(d: Dialect, units: string, per = '1'): string {
  const cents = d.idiv(`ABS(${units}) + 50 * ${per}`, `100 * ${per}`);
  return (
    `CASE WHEN ${units} < 0 AND ${cents} > 0 THEN '-' ELSE '' END || ${d.text(d.idiv(cents, '100'))} || '.' || ` +
    d.pad2(d.text(d.mod(cents, '100')))
  );
}

/**
 * JavaScript's `String(Number((p / q).toFixed(digits)))` for whole p ≥ 0, q > 0 (digits 1 or 2), in integers.
 * toFixed rounds the double nearest p/q half up. Off a tie that is S·p/q rounded half up (S = 10^digits). On a
 * tie p/q = t/(2S) (t odd) the double decides: exact when 5^digits divides t (rounds up), else it lies above
 * t/(2S) exactly when the 53-bit rounding of t·2^(51−digits−E)/5^digits goes up (E = ⌊log₂ p/q⌋), i.e. when
 * twice (t mod 5^digits)·(2^(51−digits−E) mod 5^digits) mod 5^digits exceeds 5^digits.
 */
export function fixedText(d: Dialect, p: string, q: string, digits: 1 | 2): string {
  const S = 10 ** digits;
  const F = 5 ** digits;
  const up = d.idiv(`${2 * S} * ${p} + ${q}`, `2 * ${q}`); // round half up
  const t = d.idiv(`${2 * S} * ${p}`, q);
  const tie = `${d.mod(`${2 * S} * ${p} + ${q}`, `2 * ${q}`)} = 0`;
  // 2^(51 − digits − E) mod 5^digits by the size of t: t/(2S) ≥ 2^E ⇔ 2^12·t ≥ 2S·2^(E+12).
  const pow = (k: number) => Number(2n ** BigInt(k) % BigInt(F));
  const whens = range(-12, 40)
    .reverse()
    .map((e) => `WHEN ${2 ** 12} * ${t} >= ${2 * S * 2 ** (e + 12)} THEN ${pow(51 - digits - e)}`)
    .join(' ');
  const roundsUp = `2 * ${d.mod(`${d.mod(t, String(F))} * CASE ${whens} ELSE 1 END`, String(F))} > ${F}`;
  const n = `CASE WHEN ${tie} AND ${d.mod(t, String(F))} <> 0 AND NOT (${roundsUp}) THEN ${up} - 1 ELSE ${up} END`;
  const whole = d.text(d.idiv(n, String(S)));
  const frac = d.mod(n, String(S));
  const fracText =
    digits === 1
      ? d.text(frac)
      : `CASE WHEN ${d.mod(frac, '10')} = 0 THEN ${d.text(d.idiv(frac, '10'))} ELSE ${d.pad2(d.text(frac))} END`;
  return `CASE WHEN ${frac} = 0 THEN ${whole} ELSE ${whole} || '.' || ${fracText} END`;
}

/** mean_gap_days as the CSV writes it: span/(orders − 1) to one decimal, empty for one purchase. */
export function meanGapText(d: Dialect): string {
  return `CASE WHEN orders < 2 THEN '' ELSE ${fixedText(d, 'span_days', '(orders - 1)', 1)} END`;
}

/** The model for the segment names (grid/rules: a CASE on scores; cn8: on high/low per axis). */
function segmentNames(model: SegmentModel, lang: Lang): string {
  return `CASE seg ${model.segments.map((s, i) => `WHEN ${i} THEN ${str(label(s, lang))}`).join(' ')} END`;
}

/** The CTEs from the log table to `base`: one row per customer with a purchase, its profile and the as-of day. */
export function baseCtes(d: Dialect, o: SqlOptions): string[] {
  const t = ident(o.table, d);
  const asOf = o.asOf === undefined ? null : o.asOf === 'today' ? d.today : String(o.asOf);
  const isPurchase = `CASE WHEN ${d.text('kind')} = 'purchase' THEN 1 ELSE 0 END`;
  const traits = o.traits
    ? `,\n    ${d.int('mobile')} AS mobile, ${d.int('discount')} AS discount, ${d.text('region')} AS region, ${d.int('seq')} AS seq`
    : '';
  const counts = o.traits
    ? `,\n    ${d.int('SUM(purchase * mobile)')} AS mobile_orders, ${d.int('SUM(purchase * discount)')} AS discount_orders`
    : '';
  const ctes = [
    `log AS (\n  SELECT ${d.text('customer_id')} AS customer_id, ${d.day('order_date')} AS day,\n` +
      `    ${d.units('amount')} AS units, ${d.units('refund')} AS refund_units, ${isPurchase} AS purchase${traits},\n` +
      `    ${o.shopCol ? d.text(ident(o.shopCol, d)) : "''"} AS shop\n` +
      `  FROM ${t}\n)`,
    `entries AS (SELECT * FROM log${asOf === null ? '' : ` WHERE day <= ${asOf}`})`,
    `as_of AS (SELECT shop, ${asOf ?? 'MAX(day)'} AS as_of FROM entries WHERE purchase = 1 GROUP BY shop)`,
    `profiles AS (\n  SELECT shop, customer_id,\n` +
      `    MIN(CASE WHEN purchase = 1 THEN day END) AS first_day,\n` +
      `    MAX(CASE WHEN purchase = 1 THEN day END) AS last_day,\n` +
      `    ${d.int('SUM(purchase)')} AS orders,\n` +
      `    ${d.int('SUM(units)')} AS revenue_units,\n` +
      `    ${d.int('SUM(CASE WHEN purchase = 1 THEN refund_units ELSE -units END)')} AS refund_units${counts}\n` +
      `  FROM entries GROUP BY shop, customer_id HAVING SUM(purchase) > 0\n)`,
  ];
  // The region of the latest purchase that has one; of two on that day, the later entry's (rfm's profiles).
  if (o.traits)
    ctes.push(
      `regions AS (\n  SELECT shop, customer_id, region FROM (SELECT shop, customer_id, region, ` +
        `ROW_NUMBER() OVER (PARTITION BY shop, customer_id ORDER BY day DESC, seq DESC) AS k\n` +
        `    FROM entries WHERE purchase = 1 AND region IS NOT NULL AND region <> '') t WHERE k = 1\n)`,
    );
  ctes.push(
    `base AS (\n  SELECT p.*, as_of, last_day - first_day AS span_days, as_of - last_day AS recency_days, as_of - first_day AS age_days` +
      `${o.traits ? ', regions.region' : ''}\n` +
      `  FROM profiles p JOIN as_of ON as_of.shop = p.shop` +
      `${o.traits ? ' LEFT JOIN regions ON regions.shop = p.shop AND regions.customer_id = p.customer_id' : ''}\n)`,
  );
  return ctes;
}

/** The CTEs from the log table to `segmented`: one row per customer with profile, scores, tags and `seg`. */
export function segmentCtes(d: Dialect, o: SqlOptions, model: SegmentModel): string[] {
  const ctes = baseCtes(d, o);
  const scores = { r: scoreOf(d, 'r', o), f: scoreOf(d, 'f', o), m: scoreOf(d, 'm', o) };
  for (const a of ['r', 'f', 'm'] as Axis[]) ctes.push(...scores[a].ctes);
  const joins = (['r', 'f', 'm'] as Axis[]).filter((a) => scores[a].ctes.length).map((a) => `${a}_cuts`);
  let seg: string;
  if (model.id === 'cn8') {
    const p = cn8Parts(d, o);
    ctes.push(...p.ctes);
    joins.push(...(o.split === 'mean' ? ['sums'] : ['rmed_cuts', 'fmed_cuts', 'mmed_cuts']));
    const h = p.high;
    seg =
      `CASE WHEN ${h.m} THEN 0 ELSE 4 END + CASE WHEN ${h.r} THEN (CASE WHEN ${h.f} THEN 0 ELSE 1 END) ` +
      `ELSE (CASE WHEN ${h.f} THEN 2 ELSE 3 END) END`;
  } else seg = segmentCase(model, { r: scores.r.bins, f: scores.f.bins, m: scores.m.bins });
  ctes.push(...tagCtes(d));
  joins.push('tag_cuts', 'top_cuts');
  ctes.push(
    `scored AS (\n  SELECT *,\n    ${scores.r.expr} AS r,\n    ${scores.f.expr} AS f,\n    ${scores.m.expr} AS m,\n` +
      `    CASE WHEN age_days <= ${o.newDays} THEN 'new' WHEN orders >= 3 THEN 'loyal' WHEN orders = 2 THEN 'repeat' ELSE 'one-time' END AS lifecycle,\n` +
      `    CASE WHEN recency_days < ${o.sleepDays} THEN 'active' WHEN recency_days <= ${o.lostDays} THEN 'sleeping' ELSE 'lost' END AS activity,\n` +
      `    CASE WHEN ${highAov(d)} THEN ';high-aov' ELSE '' END AS tag_aov,\n` +
      `    CASE WHEN revenue_units > 0 AND ${vsCut('revenue_units', 'top', 4, 5, '>=')} THEN ';top-spender' ELSE '' END AS tag_top,\n` +
      `    ${traitTags(o)} AS tag_traits\n` +
      `  FROM base ${joins.map((j) => `JOIN ${j} USING (shop)`).join(' ')}\n)`,
    `segmented AS (SELECT scored.*, ${seg} AS seg FROM scored)`,
  );
  return ctes;
}

/** The query: CTEs, the output columns (name, expression) from `from`, an order, the dialect's settings. */
function query(
  d: Dialect,
  o: SqlOptions,
  what: string,
  ctes: string[],
  columns: string[][],
  from: string,
  order: string,
): string {
  // With --shop-col, the shop leads each row and the order; without, every row's shop is '' and stays hidden.
  const cols = o.shopCol ? [['shop', 'shop'], ...columns] : columns;
  if (o.shopCol) order = `${d.byId('shop')}, ${order}`;
  return (
    `-- ${what} as SQL (${d.name}): one row per customer${o.shopCol ? ' and shop' : ''}, the columns of ${what} --format csv\n` +
    `WITH\n${ctes.join(',\n')}\n` +
    `SELECT\n  ${cols.map(([n, e]) => `${e} AS ${n}`).join(',\n  ')}\n` +
    `FROM ${from}\nORDER BY ${order}\n${d.settings ? `${d.settings}\n` : ''}`
  );
}

/** The SQL computing `rfm segment --format csv`'s rows from the purchase log table, in customer-id order. */
export function segmentSql(d: Dialect, o: SqlOptions, model: SegmentModel): string {
  const cols = [
    ['customer_id', 'customer_id'],
    ['first_purchase', d.dayText('first_day')],
    ['last_purchase', d.dayText('last_day')],
    ['orders', d.text('orders')],
    ['revenue', moneyText(d, 'revenue_units')],
    ['aov', moneyText(d, 'revenue_units', 'orders')],
    ['refunds', moneyText(d, 'refund_units')],
    ['span_days', d.text('span_days')],
    ['mean_gap_days', meanGapText(d)],
    ['recency_days', d.text('recency_days')],
    ['frequency', d.text('orders')],
    ['monetary', moneyText(d, 'revenue_units')],
    ['r', d.text('r')],
    ['f', d.text('f')],
    ['m', d.text('m')],
    ['rfm', `${d.text('r')} || ${d.text('f')} || ${d.text('m')}`],
    ['segment', segmentNames(model, o.lang)],
    ['tags', `lifecycle || ';' || activity || tag_aov || tag_top || tag_traits`],
    ['stage', `CASE WHEN activity = 'active' THEN lifecycle ELSE activity END`],
  ];
  return query(d, o, 'rfm segment', segmentCtes(d, o, model), cols, 'segmented', d.byId('customer_id'));
}

export interface DormantSqlOptions {
  days: number;
  maxDays: number;
  includeLost: boolean;
  /** --overdue as a fraction num/den (from its decimal text). */
  overdue?: [number, number];
}

/**
 * `rfm dormant --format csv`'s rows: sleeping (and lost, overdue) customers ranked by revenue, purchases, id.
 * The median gap between consecutive purchase days is type-7 at 0.5 — the middle gap, or the mean of the two
 * middle ones — held doubled (m2) so it stays whole; overdue = days asleep ÷ median gap = 2·age/m2.
 */
export function dormantSql(d: Dialect, o: SqlOptions, model: SegmentModel, w: DormantSqlOptions): string {
  const ctes = segmentCtes(d, { ...o, sleepDays: w.days, lostDays: w.maxDays }, model);
  ctes.push(
    `gaps AS (\n  SELECT shop, customer_id, gap, ROW_NUMBER() OVER (PARTITION BY shop, customer_id ORDER BY gap) AS k,\n` +
      `    COUNT(*) OVER (PARTITION BY shop, customer_id) AS g\n` +
      `  FROM (SELECT shop, customer_id, day - ${d.lag('day', 'shop, customer_id')} AS gap\n` +
      `    FROM entries WHERE purchase = 1) t\n  WHERE gap IS NOT NULL\n)`,
    `medians AS (\n  SELECT shop, customer_id, ${d.int(
      `SUM(CASE WHEN k = ${d.idiv('g - 1', '2')} + 1 THEN gap ELSE 0 END) + ` +
        `SUM(CASE WHEN k = ${d.idiv('g - 1', '2')} + 1 + ${d.mod('g - 1', '2')} THEN gap ELSE 0 END)`,
    )} AS m2\n  FROM gaps GROUP BY shop, customer_id\n)`,
    `rhythm AS (\n  SELECT segmented.*, medians.m2 FROM segmented\n` +
      `  LEFT JOIN medians ON medians.shop = segmented.shop AND medians.customer_id = segmented.customer_id\n)`,
  );
  const age = 'recency_days';
  const overdue = w.overdue
    ? ` WHEN m2 > 0 AND 2 * ${age} * ${w.overdue[1]} >= m2 * ${w.overdue[0]} THEN 'overdue'`
    : '';
  const status =
    `CASE WHEN ${age} >= ${w.days} AND ${age} <= ${w.maxDays} THEN 'sleeping'` +
    ` WHEN ${age} > ${w.maxDays} THEN ${w.includeLost ? "'lost'" : 'NULL'}${overdue} END`;
  ctes.push(`listed AS (SELECT * FROM (SELECT rhythm.*, ${status} AS status FROM rhythm) x WHERE status IS NOT NULL)`);
  const important = model.segments.map((s, i) => (s.important ? i : -1)).filter((i) => i >= 0);
  const cols = [
    ['customer_id', 'customer_id'],
    ['status', 'status'],
    ['segment', segmentNames(model, o.lang)],
    ['important', important.length ? `CASE WHEN seg IN (${important.join(', ')}) THEN 'yes' ELSE 'no' END` : `'no'`],
    ['last_purchase', d.dayText('last_day')],
    ['days_asleep', d.text(age)],
    ['orders', d.text('orders')],
    ['revenue', moneyText(d, 'revenue_units')],
    ['aov', moneyText(d, 'revenue_units', 'orders')],
    ['first_purchase', d.dayText('first_day')],
    ['median_gap_days', `CASE WHEN m2 IS NULL THEN '' ELSE ${fixedText(d, 'm2', '2', 1)} END`],
    ['overdue', `CASE WHEN m2 IS NULL OR m2 = 0 THEN '' ELSE ${fixedText(d, `2 * ${age}`, 'm2', 2)} END`],
    ['rfm', `${d.text('r')} || ${d.text('f')} || ${d.text('m')}`],
  ];
  const order = `revenue_units DESC, orders DESC, ${d.byId('customer_id')}`;
  return query(d, o, 'rfm dormant', ctes, cols, 'listed', order);
}

/** rfm dormant's columns with their CSV kinds (all text cells are formula-guarded but numbers). */
export const DORMANT_SQL_COLUMNS: { name: string; kind: Column<unknown>['kind'] }[] = [
  ['customer_id', 'text'],
  ['status', 'text'],
  ['segment', 'text'],
  ['important', 'text'],
  ['last_purchase', 'text'],
  ['days_asleep', 'number'],
  ['orders', 'number'],
  ['revenue', 'number'],
  ['aov', 'number'],
  ['first_purchase', 'text'],
  ['median_gap_days', 'number'],
  ['overdue', 'number'],
  ['rfm', 'text'],
].map(([name, kind]) => ({ name, kind: kind as Column<unknown>['kind'] }));

/** The query's columns with the CSV kinds `rfm segment` writes them with (text cells are formula-guarded). */
export const SEGMENT_SQL_COLUMNS: { name: string; kind: Column<unknown>['kind'] }[] = [
  ['customer_id', 'text'],
  ['first_purchase', 'plain'],
  ['last_purchase', 'plain'],
  ['orders', 'number'],
  ['revenue', 'number'],
  ['aov', 'number'],
  ['refunds', 'number'],
  ['span_days', 'number'],
  ['mean_gap_days', 'number'],
  ['recency_days', 'number'],
  ['frequency', 'number'],
  ['monetary', 'number'],
  ['r', 'number'],
  ['f', 'number'],
  ['m', 'number'],
  ['rfm', 'plain'],
  ['segment', 'text'],
  ['tags', 'text'],
  ['stage', 'plain'],
].map(([name, kind]) => ({ name, kind: kind as Column<unknown>['kind'] }));

/** Rows of the query (texts in column order) as `rfm segment --format csv` (or `rfm dormant`'s) writes them. */
export function sqlRowsCsv(rows: (string | null)[][], write: (s: string) => void, columns = SEGMENT_SQL_COLUMNS): void {
  writeCsv(
    columns.map((c, i) => ({ ...c, get: (r: (string | null)[]) => r[i] ?? '' })),
    rows,
    write,
  );
}

/** The segment model of the options: the grid on the score counts, cn8 (its splits are computed in SQL), or rules. */
export function modelFor(o: RfmOptions): SegmentModel {
  const bins = (b?: number[]) => (b ? b.length + 1 : o.bins);
  if (o.model === 'cn8') return cn8Model({ how: o.split, recency: 0, frequency: 0, monetary: 0 });
  if (o.model === 'rules') return o.rules!;
  return gridModel(bins(o.rBreaks), bins(o.fBreaks));
}

export interface TiersSqlOptions {
  by: 'spend' | 'orders';
  thresholds: number[];
  names: string[];
}

/**
 * `rfm tiers --format csv`'s rows (without --previous): the highest level whose threshold the net spend (money
 * units against the threshold's units, rounded up when it has more than four decimals) or the purchase count
 * reaches.
 */
export function tiersSql(d: Dialect, o: SqlOptions, t: TiersSqlOptions): string {
  const ctes = baseCtes(d, o);
  const col = t.by === 'spend' ? 'revenue_units' : 'orders';
  const unit = t.by === 'spend' ? 10000 : 1;
  const reached = t.thresholds.map((x) => {
    const v = x * unit;
    const r = Math.round(v);
    return `CASE WHEN ${col} >= ${Math.abs(r - v) < 1e-6 ? r : Math.ceil(v)} THEN 1 ELSE 0 END`;
  });
  ctes.push(`levels AS (SELECT base.*, ${reached.join(' + ')} AS level_no FROM base)`);
  const name = `CASE level_no WHEN 0 THEN '' ${t.names.map((n, i) => `WHEN ${i + 1} THEN ${str(n)}`).join(' ')} END`;
  const cols = [
    ['customer_id', 'customer_id'],
    ['level', name],
    ['level_no', d.text('level_no')],
    ['previous_level', "''"],
    ['previous_level_no', "''"],
    ['upgraded', "''"],
    ['spend', moneyText(d, 'revenue_units')],
    ['orders', d.text('orders')],
    ['last_purchase', d.dayText('last_day')],
    ['as_of', d.dayText('as_of')],
  ];
  return query(d, o, 'rfm tiers', ctes, cols, 'levels', d.byId('customer_id'));
}

/** rfm tiers' columns (without --previous) with their CSV kinds. */
export const TIERS_SQL_COLUMNS: { name: string; kind: Column<unknown>['kind'] }[] = [
  ['customer_id', 'text'],
  ['level', 'text'],
  ['level_no', 'number'],
  ['previous_level', 'text'],
  ['previous_level_no', 'number'],
  ['upgraded', 'text'],
  ['spend', 'number'],
  ['orders', 'number'],
  ['last_purchase', 'text'],
  ['as_of', 'text'],
].map(([name, kind]) => ({ name, kind: kind as Column<unknown>['kind'] }));
