/** Column specs: one list per result type drives CSV, JSON and table output alike. */

export interface Column<T> {
  name: string;
  /**
   * `number` cells are written bare; `text` cells are escaped and neutralised against formula injection;
   * `plain` cells are text we make that never needs either (dates, score codes, stage names).
   */
  kind: 'text' | 'number' | 'plain';
  get: (row: T) => string | number | null;
}

/** Shorthands for building column lists. */
export const text = <T>(name: string, get: (r: T) => string | null): Column<T> => ({ name, kind: 'text', get });
export const plain = <T>(name: string, get: (r: T) => string | null): Column<T> => ({ name, kind: 'plain', get });
export const number = <T>(name: string, get: (r: T) => string | number | null): Column<T> => ({
  name,
  kind: 'number',
  get,
});
