/**
 * The RFM analysis shared by `rfm segment`, `rfm dormant` and the reports: recency/frequency/monetary per
 * customer at the as-of day, scores per axis, a segment per customer, and tags.
 */
import { MONEY_SCALE } from '../io/cells';
import { AxisScores, Method, quantileAt, scoreAxis } from './scoring';
import { SegmentModel, Splits, cn8Model, computeSplits, gridModel } from './segments';
import type { Profile } from './profile';
import { Activity, Lifecycle, Windows, activityOf, lifecycleOf } from './lifecycle';

export interface RfmOptions extends Windows {
  scoring: Exclude<Method, 'breaks'>;
  bins: number;
  rBreaks?: number[];
  fBreaks?: number[];
  mBreaks?: number[];
  model: 'grid' | 'cn8' | 'rules';
  split: 'mean' | 'median';
  /** The --rules model, read and checked up front. */
  rules?: SegmentModel;
}

export interface RfmCustomer extends Profile {
  /** Days from the last purchase to the as-of day. */
  recency: number;
  /** Net revenue in currency (revenue / MONEY_SCALE), the value scored as M. */
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: number;
  lifecycle: Lifecycle;
  activity: Activity;
  highAov: boolean;
  topSpender: boolean;
}

export interface RfmResult {
  asOf: number;
  customers: RfmCustomer[];
  axes: { recency: AxisScores; frequency: AxisScores; monetary: AxisScores };
  model: SegmentModel;
  splits?: Splits;
  /** Tag thresholds: 80th percentiles of average order value and revenue (currency). */
  aovCut: number;
  revenueCut: number;
}

const LIFECYCLES: Lifecycle[] = ['new', 'one-time', 'repeat', 'loyal'];
const ACTIVITIES: Activity[] = ['active', 'sleeping', 'lost'];

/** A customer's tags but the region as one number: lifecycle and activity, then four flags. */
function tagCode(c: RfmCustomer): number {
  let code = (LIFECYCLES.indexOf(c.lifecycle) * 3 + ACTIVITIES.indexOf(c.activity)) << 4;
  if (c.highAov) code |= 8;
  if (c.topSpender) code |= 4;
  if (c.mobileOrders * 2 >= c.orders && c.mobileOrders > 0) code |= 2;
  if (c.discountOrders * 2 >= c.orders && c.discountOrders > 0) code |= 1;
  return code;
}

function tagsFrom(code: number, region: string | null): string[] {
  const t: string[] = [LIFECYCLES[Math.floor((code >> 4) / 3)], ACTIVITIES[(code >> 4) % 3]];
  if (code & 8) t.push('high-aov');
  if (code & 4) t.push('top-spender');
  if (code & 2) t.push('mobile');
  if (code & 1) t.push('discount');
  if (region !== null) t.push(`province:${region}`);
  return t;
}

/** Tags of a customer, in a fixed order. */
export const tagList = (c: RfmCustomer): string[] => tagsFrom(tagCode(c), c.region);

/** The tags column's texts by region and tag code: a few hundred distinct texts, not one per customer. */
const tagTexts = new Map<string | null, string[]>();

/** Tags of a customer, `;`-joined (the tags column). */
export function tagsOf(c: RfmCustomer): string {
  const code = tagCode(c);
  let byCode = tagTexts.get(c.region);
  if (!byCode) tagTexts.set(c.region, (byCode = []));
  return (byCode[code] ??= tagsFrom(code, c.region).join(';'));
}

/** All tag names, for listings. */
export const TAGS = [
  'new',
  'one-time',
  'repeat',
  'loyal',
  'active',
  'sleeping',
  'lost',
  'high-aov',
  'top-spender',
  'mobile',
  'discount',
];

/** Whether a tag name is known: one of TAGS, or `province:NAME`. */
export const isTag = (t: string): boolean => TAGS.includes(t) || /^province:.+/.test(t);

/** Score, segment and tag every profile (profiles in id order; purchases after as-of already excluded). */
export function analyse(profiles: Profile[], asOf: number, o: RfmOptions): RfmResult {
  const n = profiles.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const aov = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = profiles[i];
    recency[i] = asOf - p.last;
    frequency[i] = p.orders;
    monetary[i] = p.revenue / MONEY_SCALE;
    aov[i] = p.revenue / (p.orders * MONEY_SCALE); // one rounding: equal averages are equal numbers
  }
  const axes = {
    recency: scoreAxis({ name: 'recency', values: recency, lowerIsBetter: true }, o.scoring, o.bins, o.rBreaks),
    frequency: scoreAxis({ name: 'frequency', values: frequency, lowerIsBetter: false }, o.scoring, o.bins, o.fBreaks),
    monetary: scoreAxis({ name: 'monetary', values: monetary, lowerIsBetter: false }, o.scoring, o.bins, o.mBreaks),
  };
  let splits: Splits | undefined;
  let model: SegmentModel;
  if (o.model === 'cn8') model = cn8Model((splits = computeSplits(o.split, recency, frequency, monetary)));
  else if (o.model === 'rules') model = o.rules!;
  else model = gridModel(axes.recency.bins, axes.frequency.bins);

  const p80 = (v: Float64Array) => quantileAt(v.slice().sort(), 4, 5);
  const aovCut = p80(aov);
  const revenueCut = p80(monetary);
  const customers: RfmCustomer[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = profiles[i];
    const r = axes.recency.scores[i];
    const f = axes.frequency.scores[i];
    const m = axes.monetary.scores[i];
    customers[i] = {
      id: p.id,
      index: p.index,
      first: p.first,
      last: p.last,
      orders: p.orders,
      revenue: p.revenue,
      refunds: p.refunds,
      spanDays: p.spanDays,
      mobileOrders: p.mobileOrders,
      discountOrders: p.discountOrders,
      region: p.region,
      recency: recency[i],
      monetary: monetary[i],
      r,
      f,
      m,
      segment: model.classify({ r, f, m, recency: recency[i], frequency: p.orders, monetary: monetary[i] }),
      lifecycle: lifecycleOf(p.first, p.orders, asOf, o),
      activity: activityOf(p.last, asOf, o),
      highAov: aov[i] > 0 && aov[i] >= aovCut,
      topSpender: monetary[i] > 0 && monetary[i] >= revenueCut,
    };
  }
  return { asOf, customers, axes, model, splits, aovCut, revenueCut };
}
