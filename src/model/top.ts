/**
 * "The most valuable first", the one order of every customer listing and of `--top N`: revenue descending,
 * then purchases descending, then customer id ascending (so equal customers always come in the same order).
 */

/** A comparator putting the most valuable first; `tie` orders customers of equal revenue and purchases by id. */
export function byValue<T>(
  revenue: (r: T) => number,
  orders: (r: T) => number,
  tie: (a: T, b: T) => number,
): (a: T, b: T) => number {
  return (a, b) => revenue(b) - revenue(a) || orders(b) - orders(a) || tie(a, b);
}

/** The order of customer indexes of a profile table (indexes are in customer-id order, so they break ties). */
export function tableValueOrder(t: {
  revenue: ArrayLike<number>;
  orders: ArrayLike<number>;
}): (a: number, b: number) => number {
  return byValue(
    (i: number) => t.revenue[i],
    (i: number) => t.orders[i],
    (a, b) => a - b,
  );
}

/** The `n` first of `rows` in `order` (all of them when `n` is undefined), as a new array; `rows` is not changed. */
export function topN<T>(rows: Iterable<T>, n: number | undefined, order: (a: T, b: T) => number): T[] {
  const sorted = [...rows].sort(order);
  return n === undefined || n >= sorted.length ? sorted : sorted.slice(0, n);
}
