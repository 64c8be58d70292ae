/** A run whose customers cannot fit in the heap stops with the setting that lets it, not V8's crash. */
import { HEAP_PER_CUSTOMER, HEAP_PER_RECORD, checkHeap } from '../../src/heap';

const MB = 2 ** 20;

function refusal(customers: number, per?: number): Error & { exitCode?: number } {
  try {
    checkHeap(customers, { heap_size_limit: 4096 * MB, used_heap_size: 200 * MB }, per);
  } catch (e) {
    return e as Error & { exitCode?: number };
  }
  throw new Error('not refused');
}

test('customers that fit pass; too many stop with exit 4, a NODE_OPTIONS size that fits and the DuckDB path', () => {
  // Columns only: the heap holds ids; 20 million customers fit the default 4 GB heap.
  expect(() => checkHeap(20_000_000, { heap_size_limit: 4096 * MB, used_heap_size: 100 * MB })).not.toThrow();
  const err = refusal(40_000_000);
  expect(err.exitCode).toBe(4);
  const size = Number(/max-old-space-size=(\d+)/.exec(err.message)![1]);
  expect(size * MB).toBeGreaterThan(40_000_000 * HEAP_PER_CUSTOMER + 200 * MB);
  const need = Math.ceil((40_000_000 * HEAP_PER_CUSTOMER) / MB).toLocaleString('en-US');
  expect(err.message).toMatch(new RegExp(`^40,000,000 customers need about ${need} MB .*\\(heap limit 4,096 MB\\)`));
  expect(err.message).toMatch(/rfm segment purchases\.csv --engine duckdb/);
  // Records (profiles, scored customers) cost more: 15 million of them do not fit.
  expect(() => checkHeap(15_000_000, { heap_size_limit: 4096 * MB, used_heap_size: 200 * MB })).not.toThrow();
  expect(refusal(15_000_000, HEAP_PER_RECORD).exitCode).toBe(4);
});
