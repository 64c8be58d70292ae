/** `rfm tiers --previous FILE`: a tiers file written earlier (possibly re-saved by a spreadsheet), read back. */
import { csvSync } from '../lazy';
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../errors';
import { daysFromCivil } from './cells';
import { decodeWhole } from './encoding';

/** Read a previous tiers file: its rows by customer id, their level numbers, and its as-of day. */
export function readPrevious(
  file: string,
  cwd: string,
): { levels: Map<string, number>; rows: Map<string, Record<string, string>>; asOf: number } {
  let text: string;
  try {
    text = decodeWhole(fs.readFileSync(path.resolve(cwd, file)));
  } catch (e) {
    throw new InputError(`--previous ${file}: cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  let rows: Record<string, string>[];
  try {
    rows = csvSync().parse(text, { columns: true });
  } catch (e) {
    throw new InputError(`--previous ${file}: not a CSV (${(e as Error).message})`);
  }
  const need = ['customer_id', 'level_no', 'as_of'];
  const miss = need.filter((k) => rows.length && !(k in rows[0]));
  if (!rows.length || miss.length)
    throw new InputError(
      `--previous ${file}: expected a file written by rfm tiers (columns ${need.join(', ')})${miss.length ? `; missing ${miss.join(', ')}` : ''}`,
    );
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(rows[0].as_of);
  if (!m)
    throw new InputError(`--previous ${file}:2: column as_of: expected a date YYYY-MM-DD, got '${rows[0].as_of}'`);
  const asOf = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  const levels = new Map<string, number>();
  const byId = new Map<string, Record<string, string>>();
  rows.forEach((r, i) => {
    const n = Number(r.level_no);
    if (!/^[0-4]$/.test(r.level_no))
      throw new InputError(`--previous ${file}:${i + 2}: column level_no: expected 0 to 4, got '${r.level_no}'`);
    // Our CSV guards text starting like a formula with a leading ': an id written as 'x was read as x.
    const id = /^'[=+\-@\t\r]/.test(r.customer_id) ? r.customer_id.slice(1) : r.customer_id;
    levels.set(id, n);
    byId.set(id, r);
  });
  return { levels, rows: byId, asOf };
}
