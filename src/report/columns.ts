/** Column specs: one list per result type drives CSV, JSON and table output alike. */

export interface Column<T> {
  name: string;
  /** `number` cells are written bare; `text` cells are escaped and neutralised against formula injection. */
  kind: 'text' | 'number';
  get: (row: T) => string | number | null;
}

/** Shorthands for building column lists. */
export const text = <T>(name: string, get: (r: T) => string | null): Column<T> => ({ name, kind: 'text', get });
export const number = <T>(name: string, get: (r: T) => string | number | null): Column<T> => ({ name, kind: 'number', get });
