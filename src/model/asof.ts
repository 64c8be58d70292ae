/**
 * Without --as-of, the as-of day is the latest purchase in the input. One mistyped year (2042) would then move
 * it years ahead and make nearly every customer "lost": such a day is flagged, never silently used.
 */
import { PURCHASE, PurchaseLog } from './log';

/** Days the latest purchase may stand apart from the one before it before it is suspicious. */
export const LONE_LATEST_DAYS = 90;

/**
 * Why the latest purchase day is doubtful as the as-of day (null when it is not): it lies after `today`, or
 * more than LONE_LATEST_DAYS after every other purchase day.
 */
export function latestDayDoubt(
  log: PurchaseLog,
  today: number,
): { day: number; why: string; after: number | null } | null {
  let last = -Infinity;
  let before = -Infinity;
  for (let i = 0; i < log.size; i++) {
    if (log.kind[i] !== PURCHASE) continue;
    const d = log.day[i];
    if (d > last) {
      if (last > before) before = last;
      last = d;
    } else if (d < last && d > before) before = d;
  }
  if (last === -Infinity) return null;
  if (last > today) return { day: last, why: 'is after today', after: null };
  if (before !== -Infinity && last - before > LONE_LATEST_DAYS)
    return { day: last, why: `lies ${last - before} days after every other purchase`, after: last - before };
  return null;
}
