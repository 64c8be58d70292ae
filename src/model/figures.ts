/** The headline figures of a set of profiles: totals, repurchase, concentration. */
import type { ProfileTable } from './profile';
import { money } from '../report/format';

export interface Figures {
  customers: number;
  purchases: number;
  revenue: number;
  aov: number;
  repurchaseRate: number;
  returningRevenueShare: number;
  top20RevenueShare: number;
  gini: number;
  newCustomers: number;
}

/** The headline figures of a profile table (revenue in money units). */
export function figures(t: ProfileTable, asOf: number, newDays: number): Figures {
  const n = t.size;
  let purchases = 0;
  let revenue = 0;
  let repeat = 0;
  let repeatRevenue = 0;
  let fresh = 0;
  const rev = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const orders = t.orders[i];
    purchases += orders;
    revenue += t.revenue[i];
    rev[i] = t.revenue[i];
    if (orders >= 2) {
      repeat++;
      repeatRevenue += t.revenue[i];
    }
    if (asOf - t.first[i] <= newDays) fresh++;
  }
  rev.sort();
  const top = Math.ceil(n * 0.2);
  let topRevenue = 0;
  for (let i = n - top; i < n; i++) topRevenue += rev[i];
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * rev[i];
  const gini = n && revenue ? (2 * weighted) / (n * revenue) - (n + 1) / n : 0;
  return {
    customers: n,
    purchases,
    revenue: Number(money(revenue)),
    aov: purchases ? Number(money(revenue / purchases)) : 0,
    // Exact ratios: rounded once, where they are shown (pct) or written (jsonText).
    repurchaseRate: n ? repeat / n : 0,
    returningRevenueShare: revenue ? repeatRevenue / revenue : 0,
    top20RevenueShare: revenue ? topRevenue / revenue : 0,
    gini,
    newCustomers: fresh,
  };
}
