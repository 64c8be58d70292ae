/** A run whose customers cannot fit in the heap stops with the setting that lets it, not V8's crash. */
import { HEAP_PER_CUSTOMER, checkHeap } from '../../src/commands/common';

const MB = 2 ** 20;

test('customers that fit pass; too many stop with exit 4 and a NODE_OPTIONS size that fits', () => {
  expect(() => checkHeap(1_000_000, { heap_size_limit: 4096 * MB, used_heap_size: 100 * MB })).not.toThrow();
  let err: (Error & { exitCode?: number }) | undefined;
  try {
    checkHeap(10_000_000, { heap_size_limit: 4096 * MB, used_heap_size: 200 * MB });
  } catch (e) {
    err = e as Error & { exitCode?: number };
  }
  expect(err?.exitCode).toBe(4);
  const size = Number(/max-old-space-size=(\d+)/.exec(err!.message)![1]);
  expect(size * MB).toBeGreaterThan(10_000_000 * HEAP_PER_CUSTOMER + 200 * MB);
  expect(err!.message).toMatch(/^10,000,000 customers need about 4,769 MB .*\(heap limit 4,096 MB\)/);
});
