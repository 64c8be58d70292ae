/** Formatting of values for output: money to cents, days as dates. Rounding happens only here. */
import { MONEY_SCALE, formatDay } from '../io/cells';

/** Money units → `1234.50` (half away from zero, to the cent). */
export function money(units: number): string {
  const a = Math.round(Math.abs(units) / (MONEY_SCALE / 100));
  const whole = Math.floor(a / 100);
  const c = a - whole * 100;
  const s = (c < 10 ? `${whole}.0` : `${whole}.`) + c;
  return units < 0 && a > 0 ? `-${s}` : s;
}

/** A number with at most `digits` decimals, no trailing zeros. */
export function num(v: number | null, digits = 2): string {
  if (v === null || Number.isNaN(v)) return '';
  return String(Number(v.toFixed(digits)));
}

/** A day number as `YYYY-MM-DD` (remembered: a few thousand distinct days are formatted per run). */
const days = new Map<number, string>();
export function day(d: number): string {
  let s = days.get(d);
  if (s === undefined) days.set(d, (s = formatDay(d)));
  return s;
}

/** Mean days between purchases, one decimal: the span over the gaps (remembered per span and gap count). */
const gaps = new Map<number, string>();
export function meanGap(spanDays: number, orders: number): string {
  if (orders < 2) return '';
  const k = spanDays * 4096 + Math.min(orders, 4095);
  let s = orders < 4096 ? gaps.get(k) : undefined;
  if (s === undefined) {
    s = num(spanDays / (orders - 1), 1);
    if (orders < 4096) gaps.set(k, s);
  }
  return s;
}

/** Display formats of tables and reports (not CSV): a count with thousands separators, a share as a percent
 * with one decimal, an amount in currency with separators and two decimals. */
export const count = (v: number): string => v.toLocaleString('en-US');
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
export const amount = (v: number): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * JSON text of a result whose ratios are kept exact: shares, rates and the Gini coefficient are written with
 * 4 decimals, rounded once here (a terminal or report shows the same exact values through `pct`).
 */
export function jsonText(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (key, v: unknown) =>
        typeof v === 'number' && !Number.isInteger(v) && /share|rate|gini/i.test(key)
          ? Number(v.toFixed(4))
          : Array.isArray(v) && /share/i.test(key)
            ? v.map((x: unknown) => (typeof x === 'number' ? Number(x.toFixed(4)) : x))
            : v,
      2,
    ) + '\n'
  );
}
