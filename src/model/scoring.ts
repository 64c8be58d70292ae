/**
 * R/F/M scoring: turn each customer's recency days, frequency and monetary value into scores 1..N
 * (higher is better; for recency fewer days is better). Four methods, one interface: a Scorer returns
 * the scores of all customers for one axis and describes the cut points it used.
 */

export type Method = 'quantile' | 'ntile' | 'r-rfm' | 'breaks';

/** One axis to score: values per customer (in customer-id order), and whether lower values are better. */
export interface Axis {
  name: 'recency' | 'frequency' | 'monetary';
  values: Float64Array;
  lowerIsBetter: boolean;
}

export interface AxisScores {
  /** Scores 1..bins, one per customer. */
  scores: Uint8Array;
  bins: number;
  method: Method;
  /**
   * The cut points, ascending in the axis' own unit. quantile/breaks: value v gets the bin
   * count(cut < v) from the low-value end. r-rfm: bins are [lower, upper) as the R package prints them.
   * ntile: the value range of each group.
   */
  cuts: number[];
  /** Per score (index score−1): the [min, max] of the values that got it, or null when nobody did. */
  ranges: ([number, number] | null)[];
}

/** Sample quantile, type 7 (linear interpolation, R's and pandas' default) of sorted values, computed as R does. */
export function quantile7(sorted: Float64Array | number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const index = (n - 1) * p; // 0-based form of R's 1 + (n − 1)·p
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const q = sorted[lo];
  if (index > lo && sorted[hi] !== q) {
    const h = index - lo;
    return (1 - h) * q + h * sorted[hi];
  }
  return q;
}

/**
 * Type-7 quantile of sorted values at the exact fraction k/N: the index (n − 1)·k/N is split into its whole
 * part and remainder in integers, so a cut that falls on a value is that value. (quantile7's (n − 1)·p with
 * p = k·(1/N) in floating point can land a hair below a whole index — e.g. N = 9 — and interpolate to just
 * under the value, moving values equal to the cut to the higher side; SQL engines compare exactly.)
 */
export function quantileAt(sorted: Float64Array | number[], k: number, bins: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const t = (n - 1) * k;
  const lo = Math.floor(t / bins);
  const rem = t - lo * bins;
  const q = sorted[lo];
  if (rem === 0 || sorted[lo + 1] === q) return q;
  const h = rem / bins;
  return (1 - h) * q + h * sorted[lo + 1];
}

/** Cut probabilities k/N for k = 1..N−1, formed as R's seq(0, 1, length.out = N + 1) forms them. */
export function cutProbs(bins: number): number[] {
  const by = 1 / bins;
  const out: number[] = [];
  for (let k = 1; k < bins; k++) out.push(k * by);
  return out;
}

/** Number of values strictly below v (or at most v, `orEqual`) in ascending `sorted`. */
function below(sorted: ArrayLike<number>, v: number, orEqual = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v || (orEqual && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortedCopy(values: Float64Array): Float64Array {
  return values.slice().sort(); // slice: a copy without Float64Array.from's element-by-element iteration
}

function ranges(values: Float64Array, scores: Uint8Array, bins: number): ([number, number] | null)[] {
  const out: ([number, number] | null)[] = Array.from({ length: bins }, () => null);
  for (let i = 0; i < values.length; i++) {
    const s = scores[i] - 1;
    const v = values[i];
    const r = out[s];
    if (!r) out[s] = [v, v];
    else {
      if (v < r[0]) r[0] = v;
      if (v > r[1]) r[1] = v;
    }
  }
  return out;
}

/**
 * Score by cut points: a value's bin from the low-value end is the number of cuts strictly below it
 * (so a value equal to a cut point belongs to the lower-value side); equal values always share a score.
 */
export function scoreByCuts(axis: Axis, cuts: number[], method: Method): AxisScores {
  const bins = cuts.length + 1;
  const scores = new Uint8Array(axis.values.length);
  for (let i = 0; i < scores.length; i++) {
    const b = below(cuts, axis.values[i]);
    scores[i] = axis.lowerIsBetter ? bins - b : b + 1;
  }
  return { scores, bins, method, cuts, ranges: ranges(axis.values, scores, bins) };
}

/** `--scoring quantile`: cut points are the type-7 quantiles at k/N. */
export function scoreQuantile(axis: Axis, bins: number): AxisScores {
  const sorted = sortedCopy(axis.values);
  const cuts = Array.from({ length: bins - 1 }, (_, k) => quantileAt(sorted, k + 1, bins));
  return scoreByCuts(axis, cuts, 'quantile');
}

/**
 * `--scoring ntile`: equal-count groups as SQL's NTILE(N) over the customers ordered from worst to best
 * (ties broken by customer id ascending, i.e. by position, since customers come in id order). The first
 * (count mod N) groups hold one customer more.
 */
export function scoreNtile(axis: Axis, bins: number): AxisScores {
  const n = axis.values.length;
  const v = axis.values;
  // Worst first: high recency days first; low frequency/monetary first. Ties: id ascending (index order).
  const keys = worstFirstKeys(v, axis.lowerIsBetter);
  keys.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k] % n;
  const scores = new Uint8Array(n);
  const size = Math.floor(n / bins);
  const extra = n % bins;
  let pos = 0;
  for (let g = 0; g < bins; g++) {
    const len = size + (g < extra ? 1 : 0);
    for (let k = 0; k < len; k++) scores[order[pos++]] = g + 1;
  }
  const rs = ranges(axis.values, scores, bins);
  // Report the group boundaries in value order: the largest value of each group but the highest.
  const cuts = rs
    .filter((r): r is [number, number] => r !== null)
    .sort((a, b) => a[0] - b[0])
    .map((r) => r[1]);
  cuts.pop();
  return { scores, bins, method: 'ntile', cuts, ranges: rs };
}

/**
 * One number per customer that sorts worst first, ties by position: (steps from the worst value) × n + index,
 * an exact integer, so the native numeric sort of a typed array orders them (a JS comparator sort took 3×
 * as long). Steps are whole units when the values are whole, cents or 1/10,000 (counts, days, money), else
 * the number of values worse than it.
 */
function worstFirstKeys(v: Float64Array, lowerIsBetter: boolean): Float64Array {
  const n = v.length;
  const keys = new Float64Array(n);
  const scale = [1, 100, 10000].find((s) => v.every((x) => Math.round(x * s) / s === x));
  if (scale !== undefined) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = Math.round(v[i] * scale);
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if ((hi - lo + 1) * n <= Number.MAX_SAFE_INTEGER) {
      for (let i = 0; i < n; i++) {
        const x = Math.round(v[i] * scale);
        keys[i] = (lowerIsBetter ? hi - x : x - lo) * n + i;
      }
      return keys;
    }
  }
  const sorted = sortedCopy(v);
  for (let i = 0; i < n; i++) keys[i] = (lowerIsBetter ? n - below(sorted, v[i], true) : below(sorted, v[i])) * n + i;
  return keys;
}

/**
 * `--scoring r-rfm`: the R package rfm's rfm_table_order, quirks included: thresholds are the type-7
 * quantiles at k/N plus 1, bins are half-open [lower, upper) with lower = (min, thresholds…) and
 * upper = (thresholds…, max + 1); the bin index counts from the low-value end.
 */
export function scoreRrfm(axis: Axis, bins: number): AxisScores {
  const sorted = sortedCopy(axis.values);
  const thresholds = cutProbs(bins).map((p) => quantile7(sorted, p) + 1);
  const scores = new Uint8Array(axis.values.length);
  for (let i = 0; i < scores.length; i++) {
    // bin i holds lower[i] <= v < upper[i]: the number of thresholds <= v
    const v = axis.values[i];
    let b = 0;
    while (b < thresholds.length && thresholds[b] <= v) b++;
    scores[i] = axis.lowerIsBetter ? bins - b : b + 1;
  }
  return { scores, bins, method: 'r-rfm', cuts: thresholds, ranges: ranges(axis.values, scores, bins) };
}

/** Score one axis by a method; `breaks` (fixed cut points) wins when given. */
export function scoreAxis(axis: Axis, method: Exclude<Method, 'breaks'>, bins: number, breaks?: number[]): AxisScores {
  if (breaks) return scoreByCuts(axis, breaks, 'breaks');
  if (method === 'ntile') return scoreNtile(axis, bins);
  if (method === 'r-rfm') return scoreRrfm(axis, bins);
  return scoreQuantile(axis, bins);
}
