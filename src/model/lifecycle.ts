/** Lifecycle stages and activity, from a customer's first/last purchase and count as seen on a given day. */

export interface Windows {
  /** "new": first purchase at most this many days before the day. */
  newDays: number;
  /** "sleeping" from this many days since the last purchase … */
  sleepDays: number;
  /** … to this many (inclusive); beyond: "lost". */
  lostDays: number;
}

export type Lifecycle = 'new' | 'one-time' | 'repeat' | 'loyal';
export type Activity = 'active' | 'sleeping' | 'lost';
/** The stage `rfm summary` counts: the lifecycle, unless the customer is sleeping or lost. */
export type Stage = Lifecycle | 'sleeping' | 'lost';

export const STAGES: Stage[] = ['new', 'one-time', 'repeat', 'loyal', 'sleeping', 'lost'];

export function lifecycleOf(first: number, purchases: number, at: number, w: Windows): Lifecycle {
  return at - first <= w.newDays ? 'new' : purchases >= 3 ? 'loyal' : purchases === 2 ? 'repeat' : 'one-time';
}

export function activityOf(last: number, at: number, w: Windows): Activity {
  const age = at - last;
  return age < w.sleepDays ? 'active' : age <= w.lostDays ? 'sleeping' : 'lost';
}

export function stageOf(first: number, last: number, purchases: number, at: number, w: Windows): Stage {
  const a = activityOf(last, at, w);
  return a === 'active' ? lifecycleOf(first, purchases, at, w) : a;
}

/**
 * The stage of a customer on day `at` from their purchase days (newest first), or null when they had
 * not bought yet.
 */
export function stageFromDays(days: number[], at: number, w: Windows): Stage | null {
  let k = 0;
  while (k < days.length && days[k] > at) k++;
  if (k === days.length) return null;
  return stageOf(days[days.length - 1], days[k], days.length - k, at, w);
}
