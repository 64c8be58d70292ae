/**
 * The shop's currency: what the export's currency column says when every order agrees, else what its platform
 * sells in (CNY for the Chinese platforms), else unknown. Amounts in different currencies are never added up.
 */
import { DataError } from '../errors';

/** A currency code as `--currency` takes it: three letters, upper-cased. */
export const CURRENCY_CODE = /^[A-Za-z]{3}$/;

/**
 * The one currency of a run. `found`: orders per currency code in the currency column; `flag`: `--currency`
 * (orders in other currencies were left out); `platform`: the preset's currency. Several currencies without
 * `--currency`, or a `--currency` no order has, stop the run (exit 4).
 */
export function shopCurrency(
  found: Map<string, number>,
  flag: string | undefined,
  platform: string | undefined,
  file: string,
): string | undefined {
  const list = [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const said = list.map(([c, n]) => `${c} (${n.toLocaleString('en-US')} orders)`).join(', ');
  if (flag !== undefined) {
    if (list.length > 0 && !found.has(flag))
      throw new DataError(`${file}: --currency ${flag}: no order is in ${flag}; the currency column has ${said}`);
    return flag;
  }
  if (list.length > 1)
    throw new DataError(
      `${file}: orders in ${list.length} currencies, ${said}: amounts in different currencies are not added up; ` +
        `analyse one at a time with --currency ${list[0][0]} (orders in other currencies are then left out)`,
    );
  return list.length === 1 ? list[0][0] : platform;
}
