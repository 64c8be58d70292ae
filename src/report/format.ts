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
  shown ? shown.format(v) : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The currency amounts are shown in (set once per run by `showCurrency`), and its formatter. */
let shown: { code: string; format: (v: number) => string; prefix: string; suffix: string } | null = null;

/**
 * Show amounts in a currency from now on (undefined: plain numbers): `$1,234.50`, `€1,234.50`, `CHF 1,234.50`,
 * and `¥1,234.50` for CNY (the symbol Chinese sellers read; en-US would write CN¥). Always two decimals.
 */
export function showCurrency(code: string | undefined): void {
  if (!code) {
    shown = null;
    return;
  }
  let nf: Intl.NumberFormat;
  try {
    nf = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: code,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  } catch {
    nf = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    shown = { code, format: (v) => `${nf.format(v)} ${code}`, prefix: '', suffix: ` ${code}` };
    return;
  }
  const parts = nf.formatToParts(1);
  const at = parts.findIndex((p) => p.type === 'integer');
  const sym = (p: Intl.NumberFormatPart) => (p.type === 'currency' && code === 'CNY' ? '¥' : p.value);
  const prefix = parts.slice(0, at).map(sym).join('');
  const suffix = parts
    .slice(parts.findIndex((p) => p.type === 'fraction') + 1)
    .map(sym)
    .join('');
  shown = {
    code,
    prefix,
    suffix,
    format: (v) =>
      nf
        .formatToParts(v)
        .map((p) => sym(p))
        .join(''),
  };
}

/** The currency amounts are shown in, if any. */
export const currencyShown = (): string | undefined => shown?.code;

/** The number format of money cells in a workbook: `"$"#,##0.00`, `"CHF "#,##0.00`; none without a currency. */
export function moneyNumberFormat(): string | undefined {
  if (!shown) return undefined;
  const q = (s: string) => (s ? `"${s.replace(/"/g, '')}"` : '');
  return `${q(shown.prefix)}#,##0.00${q(shown.suffix)}`;
}

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
