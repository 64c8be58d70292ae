/**
 * The heap a run's customers take, checked before it is taken: a run that cannot fit stops with the setting that
 * lets it (exit 4), instead of dying in V8's "JavaScript heap out of memory". Per-customer columns are typed
 * arrays, outside the heap; what the heap holds per customer is its id text, and a record when a command makes one.
 */
import { DataError } from './errors';

/** Heap per customer with columns only (id text ≈ 46 bytes measured at 190,411 customers; the rest margin). */
export const HEAP_PER_CUSTOMER = 120;

/**
 * Heap per customer of the lists and the report (records of the listed customers, their contact details, the
 * segments' member lists: at 193,391 customers dormant and report needed 56 MB of heap, i.e. a V8 limit of 104 MB).
 */
export const HEAP_PER_LIST = 500;

/** Heap per customer record (a profile or a scored customer: ≈ 250 bytes measured). */
export const HEAP_PER_RECORD = 320;

/** Stop (exit 4) when `customers` would not fit in the heap left; names NODE_OPTIONS with a size that fits. */
export function checkHeap(
  customers: number,
  h: { heap_size_limit: number; used_heap_size: number },
  perCustomer = HEAP_PER_CUSTOMER,
): void {
  const need = customers * perCustomer;
  if (need <= h.heap_size_limit - h.used_heap_size) return;
  const mb = (b: number) => Math.ceil(b / 2 ** 20);
  const size = Math.ceil((mb(need + h.used_heap_size) * 1.25) / 1024) * 1024;
  throw new DataError(
    `${customers.toLocaleString('en-US')} customers need about ${mb(need).toLocaleString('en-US')} MB of memory ` +
      `for their results, more than Node.js allows this run (heap limit ${mb(h.heap_size_limit).toLocaleString('en-US')} MB): ` +
      `run with NODE_OPTIONS=--max-old-space-size=${size} (MB; the machine needs that much free memory), ` +
      'or score in DuckDB: rfm log FILE -o purchases.csv, then rfm segment purchases.csv --engine duckdb',
  );
}
