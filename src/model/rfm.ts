/**
 * The RFM analysis shared by `rfm segment`, `rfm dormant` and the reports: recency/frequency/monetary per
 * customer at the as-of day, scores per axis, a segment per customer, and tags.
 */
import { getHeapStatistics } from 'v8';
import { MONEY_SCALE } from '../io/cells';
import { HEAP_PER_RECORD, checkHeap } from '../heap';
import { AxisScores, Method, quantileAt, scoreAxis } from './scoring';
import { SegmentModel, Splits, cn8Model, computeSplits, gridModel } from './segments';
import { Profile, ProfileTable, profileAt, tableOf } from './profile';
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
  /** The customers' profiles as columns; every per-customer array below is in its row order. */
  table: ProfileTable;
  /** Days from the last purchase to the as-of day. */
  recency: Float64Array;
  /** Net revenue in currency (revenue / MONEY_SCALE), the value scored as M. */
  monetary: Float64Array;
  /** Segment number (into model.segments). */
  segment: Uint16Array;
  /** Tags but the region as one number (see tagCode): lifecycle, activity and four flags. */
  tag: Uint8Array;
  /** Every customer as a record, made on first use (segment's listings read the columns instead). */
  readonly customers: RfmCustomer[];
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
function tagCode(
  lifecycle: number,
  activity: number,
  highAov: boolean,
  topSpender: boolean,
  orders: number,
  mobile: number,
  discount: number,
): number {
  let code = (lifecycle * 3 + activity) << 4;
  if (highAov) code |= 8;
  if (topSpender) code |= 4;
  if (mobile * 2 >= orders && mobile > 0) code |= 2;
  if (discount * 2 >= orders && discount > 0) code |= 1;
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

const codeOf = (c: RfmCustomer): number =>
  tagCode(
    LIFECYCLES.indexOf(c.lifecycle),
    ACTIVITIES.indexOf(c.activity),
    c.highAov,
    c.topSpender,
    c.orders,
    c.mobileOrders,
    c.discountOrders,
  );

/** The tags (but the region) of a tag code. */
export const tagNames = (code: number): string[] => tagsFrom(code, null);

/** The tags column's texts by region and tag code: a few hundred distinct texts, not one per customer. */
const tagTexts = new Map<string | null, string[]>();

function tagText(code: number, region: string | null): string {
  let byCode = tagTexts.get(region);
  if (!byCode) tagTexts.set(region, (byCode = []));
  return (byCode[code] ??= tagsFrom(code, region).join(';'));
}

/** Tags of a customer, `;`-joined (the tags column). */
export const tagsOf = (c: RfmCustomer): string => tagText(codeOf(c), c.region);

/** Tags of row `i` of a result, `;`-joined. */
export function tagsAt(res: RfmResult, i: number): string {
  const r = res.table.region[i];
  return tagText(res.tag[i], r >= 0 ? res.table.regions[r] : null);
}

/** The stage of row `i`: the lifecycle, unless sleeping or lost. */
export function stageAt(res: RfmResult, i: number): string {
  const code = res.tag[i] >> 4;
  const activity = code % 3;
  return activity === 0 ? LIFECYCLES[Math.floor(code / 3)] : ACTIVITIES[activity];
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

/**
 * Tags from the purchase model (`rfm crowd` only; BG/NBD fitted when one is asked for): P(alive) below 0.3, and
 * at least 0.7.
 */
export const ALIVE_TAGS: Record<string, (pAlive: number) => boolean> = {
  'likely-lost': (p) => p < 0.3,
  'likely-active': (p) => p >= 0.7,
};

/** Whether a tag name is known: one of TAGS or ALIVE_TAGS, or `province:NAME`. */
export const isTag = (t: string): boolean => TAGS.includes(t) || t in ALIVE_TAGS || /^province:.+/.test(t);

/** Score, segment and tag every profile (profiles in id order; purchases after as-of already excluded). */
export function analyse(profiles: Profile[] | ProfileTable, asOf: number, o: RfmOptions): RfmResult {
  const t = Array.isArray(profiles) ? tableOf(profiles) : profiles;
  const n = t.size;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const aov = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    recency[i] = asOf - t.last[i];
    frequency[i] = t.orders[i];
    monetary[i] = t.revenue[i] / MONEY_SCALE;
    aov[i] = t.revenue[i] / (t.orders[i] * MONEY_SCALE); // one rounding: equal averages are equal numbers
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
  const segment = new Uint16Array(n);
  const tag = new Uint8Array(n);
  const rs = axes.recency.scores;
  const fs = axes.frequency.scores;
  const ms = axes.monetary.scores;
  const scored = { r: 0, f: 0, m: 0, recency: 0, frequency: 0, monetary: 0 };
  for (let i = 0; i < n; i++) {
    scored.r = rs[i];
    scored.f = fs[i];
    scored.m = ms[i];
    scored.recency = recency[i];
    scored.frequency = t.orders[i];
    scored.monetary = monetary[i];
    segment[i] = model.classify(scored);
    tag[i] = tagCode(
      LIFECYCLES.indexOf(lifecycleOf(t.first[i], t.orders[i], asOf, o)),
      ACTIVITIES.indexOf(activityOf(t.last[i], asOf, o)),
      aov[i] > 0 && aov[i] >= aovCut,
      monetary[i] > 0 && monetary[i] >= revenueCut,
      t.orders[i],
      t.mobile[i],
      t.discount[i],
    );
  }
  let customers: RfmCustomer[] | undefined;
  const res: RfmResult = {
    asOf,
    table: t,
    recency,
    monetary,
    segment,
    tag,
    get customers() {
      if (!customers) checkHeap(n, getHeapStatistics(), HEAP_PER_RECORD);
      return (customers ??= records(res));
    },
    axes,
    model,
    splits,
    aovCut,
    revenueCut,
  };
  return res;
}

/** Every row of a result as a record. */
function records(res: RfmResult): RfmCustomer[] {
  const out: RfmCustomer[] = new Array(res.table.size);
  for (let i = 0; i < out.length; i++) out[i] = customerAt(res, i);
  return out;
}

/** Row `i` of a result as a record. */
export function customerAt(res: RfmResult, i: number): RfmCustomer {
  const code = res.tag[i];
  // The profile record with the scores added in one fixed order (Object.assign onto it): every record shares
  // one hidden class. A spread copy ({...profileAt(t, i), recency, …}) gave each of 44,238 listed customers a
  // class of its own at 1M rows (≈ 26 MB of shapes and descriptors, 160 MB of heap).
  return Object.assign(profileAt(res.table, i), {
    recency: res.recency[i],
    monetary: res.monetary[i],
    r: res.axes.recency.scores[i],
    f: res.axes.frequency.scores[i],
    m: res.axes.monetary.scores[i],
    segment: res.segment[i],
    lifecycle: LIFECYCLES[Math.floor((code >> 4) / 3)],
    activity: ACTIVITIES[(code >> 4) % 3],
    highAov: (code & 8) !== 0,
    topSpender: (code & 4) !== 0,
  });
}

/** Whether row `i` of a result carries tag `t` (a name of TAGS or `province:NAME`), from its tag code. */
export function tagTest(res: RfmResult, t: string): (i: number) => boolean {
  if (t.startsWith('province:')) {
    const r = res.table.regions.indexOf(t.slice('province:'.length));
    return (i) => r >= 0 && res.table.region[i] === r;
  }
  // Which tag codes carry it: the tag lists of all 256 codes, once.
  const has = new Uint8Array(256);
  for (let code = 0; code < 256 && code >> 4 < 12; code++) has[code] = tagsFrom(code, null).includes(t) ? 1 : 0;
  return (i) => has[res.tag[i]] === 1;
}
