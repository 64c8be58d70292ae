/** Column specs: one list per result type drives CSV, JSON and table output alike. */

export interface Column<T> {
  name: string;
  /**
   * `number` cells are written bare; `text` cells are escaped and neutralised against formula injection;
   * `plain` cells are text we make that never needs either (dates, score codes, stage names).
   */
  kind: 'text' | 'number' | 'plain';
  get: (row: T) => string | number | null;
  /** An amount of money: a number in CSV and JSON, in the shop's currency format in a workbook. */
  money?: boolean;
}

/** Shorthands for building column lists. */
export const text = <T>(name: string, get: (r: T) => string | null): Column<T> => ({ name, kind: 'text', get });
export const plain = <T>(name: string, get: (r: T) => string | null): Column<T> => ({ name, kind: 'plain', get });
export const number = <T>(name: string, get: (r: T) => string | number | null): Column<T> => ({
  name,
  kind: 'number',
  get,
});
/** A money column: money() text, written as a number (CSV, JSON) or a currency cell (xlsx). */
export const moneyCol = <T>(name: string, get: (r: T) => string | number | null): Column<T> => ({
  name,
  kind: 'number',
  get,
  money: true,
});
