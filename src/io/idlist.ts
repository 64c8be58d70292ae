/** A customer list written earlier by a list command (`rfm crowd|dormant -o`), read back for its ids. */
import { csvSync } from '../lazy';
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../errors';
import { decodeWhole } from './encoding';

/**
 * The distinct customer ids of a list, in file order: the `customer_id` column of a CSV (possibly re-saved by a
 * spreadsheet, any encoding), or of the rows of a JSON list (`[{…}]` or `{"rows": […]}`). Our CSV guards text
 * that starts like a formula with a leading `'`: such an id is read without it.
 */
export function readIdList(flag: string, file: string, cwd: string): string[] {
  let text: string;
  try {
    text = decodeWhole(fs.readFileSync(path.resolve(cwd, file)));
  } catch (e) {
    throw new InputError(`${flag} ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const rows = /^\s*[[{]/.test(text) ? jsonRows(flag, file, text) : csvRows(flag, file, text);
  const ids: string[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const v = r.customer_id;
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new InputError(`${flag} ${file}: row ${i + 1} has no customer_id`);
    const s = String(v);
    const id = /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
    if (id === '' || seen.has(id)) return;
    seen.add(id);
    ids.push(id);
  });
  return ids;
}

function csvRows(flag: string, file: string, text: string): Record<string, unknown>[] {
  let rows: Record<string, string>[];
  try {
    rows = csvSync().parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true });
  } catch (e) {
    throw new InputError(`${flag} ${file}: not a CSV (${(e as Error).message})`);
  }
  if (rows.length && !('customer_id' in rows[0]))
    throw new InputError(
      `${flag} ${file}: no customer_id column (expected a list written by rfm crowd or rfm dormant)`,
    );
  return rows;
}

function jsonRows(flag: string, file: string, text: string): Record<string, unknown>[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${flag} ${file}: not JSON (${(e as Error).message})`);
  }
  const rows = Array.isArray(v) ? v : (v as { rows?: unknown }).rows;
  if (!Array.isArray(rows))
    throw new InputError(`${flag} ${file}: expected a JSON list of customers (an array, or an object with rows)`);
  return rows as Record<string, unknown>[];
}
