/** `rfm log FILE…`: write the purchase log, one row per purchase or return, for loading into another engine. */
import type { Command } from 'commander';
import { InputFlags, OutputFlags } from '../options';
import { writeCsv } from '../report/render';
import { logColumns } from '../report/log';
import { emit, loadCustomers } from './common';
import type { Runtime } from '../runtime';
import { UsageError } from '../errors';

export const meta = {
  name: 'log',
  summary: 'write the purchase log (one row per purchase or return) for DuckDB, Postgres or a warehouse (rfm sql)',
};

export const FORMATS = ['csv' as const];

export function configure(cmd: Command): void {
  cmd
    .option('--shop <name>', 'add a shop column with this value (to load many shops into one table)')
    .option('--traits', 'add mobile, discount, region and seq columns (for the mobile, discount and province: tags)');
}

export const HELP = `
Columns (the contract rfm sql reads; a warehouse maps its orders table onto it with a view):
  customer_id  the customer id as text
  order_id     the order's export and first line (file.csv:17): unique per order
  order_date   YYYY-MM-DD, the shop's day (--tz)
  amount       exact decimal, net of refunds; negative for a return
  kind         purchase | return
  refund       refunded amount netted into a purchase (0.00 for none, and for a return)
  mobile, discount, region, seq
               with --traits: placed from a phone, with a discount (1/0), the shipping province, the
               entry's position (rfm sql --traits reads them for the mobile, discount and province: tags)
  shop         --shop's value, when given
Only purchases and returns are written: unpaid, cancelled, refunded and excluded orders are not (rfm inspect
counts them). With --as-of, later orders are left out.
`;

/** Load the export and write its purchase log as CSV. */
export async function run(
  files: string[],
  flags: InputFlags & OutputFlags & { shop?: string; traits?: boolean },
  rt: Runtime,
) {
  if (flags.shop !== undefined && flags.shop.trim() === '') throw new UsageError('--shop: expected a name');
  const { loaded } = await loadCustomers(files, flags, rt);
  const cols = logColumns(loaded, flags.shop, flags.traits);
  const rows = Int32Array.from({ length: loaded.log.size }, (_, i) => i);
  // No BOM by default, even for a Chinese export: engines read the header's first name with it.
  await emit(flags, rt, 'en', (_f, w) => writeCsv(cols, rows, w), 'csv');
  return { loaded };
}
