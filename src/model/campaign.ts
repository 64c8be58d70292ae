/**
 * Whether a campaign worked: the response of the contacted customers against the held-back control group,
 * over a window of days after the send date.
 */

/** What a customer did: purchase days and net amounts (returns negative), from the purchase log. */
export interface Entry {
  day: number;
  amount: number;
  isPurchase: boolean;
}

export interface GroupResult {
  /** Customers on the list (distinct ids). */
  customers: number;
  /** Of them, customers with a purchase in the window. */
  responders: number;
  /** responders ÷ customers (0 for an empty list). */
  rate: number;
  /** Net revenue of the group in the window (money units; returns in the window subtract). */
  revenue: number;
  /** Customers of the list with no purchase at all in the export (counted as not responding). */
  notInExport: number;
}

/**
 * One group's response: a customer responds with a purchase dated from the day after `since` through
 * `since + days` (both inclusive); the group's revenue is every entry dated in that window.
 */
export function groupResponse(
  ids: string[],
  entriesOf: (id: string) => Entry[] | undefined,
  since: number,
  days: number,
): GroupResult {
  let responders = 0;
  let revenue = 0;
  let missing = 0;
  for (const id of ids) {
    const entries = entriesOf(id);
    if (!entries) {
      missing++;
      continue;
    }
    let responded = false;
    for (const e of entries) {
      if (e.day <= since || e.day > since + days) continue;
      revenue += e.amount;
      if (e.isPurchase) responded = true;
    }
    if (responded) responders++;
  }
  const n = ids.length;
  return { customers: n, responders, rate: n ? responders / n : 0, revenue, notInExport: missing };
}

/** z of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Wilson's score interval of a proportion x/n ([0, 1] for n = 0). */
export function wilson(x: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The difference of two proportions x1/n1 − x2/n2 with its 95% interval by Newcombe's hybrid score method
 * (Newcombe 1998, method 10: from the two Wilson intervals), which keeps within [−1, 1] and behaves at rates
 * near 0 or 1 and at small n, where the Wald interval does not.
 */
export function newcombe(x1: number, n1: number, x2: number, n2: number, z = Z95) {
  const p1 = n1 ? x1 / n1 : 0;
  const p2 = n2 ? x2 / n2 : 0;
  const [l1, u1] = wilson(x1, n1, z);
  const [l2, u2] = wilson(x2, n2, z);
  const d = p1 - p2;
  return {
    difference: d,
    low: d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
    high: d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
  };
}
