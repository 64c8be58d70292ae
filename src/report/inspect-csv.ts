/** `rfm inspect --format csv`: the header's columns and the role each was given, one row per column. */
import type { Detection } from '../io/detect';
import { ROLES } from '../io/presets';
import { Column, number, plain, text } from './columns';

export interface ColumnRow {
  /** 1-based column number. */
  no: number;
  name: string;
  role: string;
  /** How the role was decided: preset (the platform's names), flag (--…-col), or empty for no role. */
  from: string;
  /** The decimal mark read in a number column, else empty. */
  decimal: string;
}

/** Every column of the (first) export's header, in order, with its role; unused columns have an empty role. */
export function columnRows(d: Detection): ColumnRow[] {
  const rows: ColumnRow[] = d.columns.map((name, i) => ({ no: i + 1, name, role: '', from: '', decimal: '' }));
  for (const role of ROLES) {
    const i = d.roles[role];
    if (i === undefined || !rows[i]) continue;
    // A column can serve two roles (the paid time as the date): both are named.
    rows[i].role = rows[i].role ? `${rows[i].role};${role}` : role;
    rows[i].from ||= d.roleSource[role] ?? '';
    const mark = d.decimals[role]?.mark;
    if (mark) rows[i].decimal = mark === ',' ? 'comma' : 'point';
  }
  return rows;
}

export const COLUMN_ROWS: Column<ColumnRow>[] = [
  number('column_no', (r) => r.no),
  text('column', (r) => r.name),
  plain('role', (r) => r.role),
  plain('from', (r) => r.from),
  plain('decimal', (r) => r.decimal),
];
