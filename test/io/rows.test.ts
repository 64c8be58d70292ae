/** Rows longer than a chunk, from a file and from stdin: read whole, the first data row included. */
import * as fs from 'fs';
import { rfm, tmpFile } from '../helpers';

const text = (cell: number) =>
  `customer,date,amount,note\na,2024-01-01,3,${'y'.repeat(cell)}\nb,2024-01-02,4,${'z'.repeat(cell)}\nc,2024-01-03,5,-\n`;

describe('a row longer than a chunk', () => {
  test.each([[500_000], [3_000_000]])('cells of %d bytes: every row read, from a file and from stdin', async (n) => {
    const file = tmpFile('long.csv', text(n));
    const want = 'customer_id,first_purchase,last_purchase,orders,revenue\na,2024-01-01,2024-01-01,1,3.00\n';
    for (const r of [
      await rfm(['profiles', file, '--format', 'csv', '-q', '--no-bom']),
      await rfm(['profiles', '-', '--format', 'csv', '-q', '--no-bom'], fs.readFileSync(file)),
    ]) {
      expect(r.err).toBe('');
      const lines = r.out.trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(
        lines
          .slice(0, 2)
          .map((l) => l.split(',').slice(0, 5).join(','))
          .join('\n') + '\n',
      ).toBe(want);
    }
  });

  test('an unterminated quote is named with its line, not taken for a long row', async () => {
    const r = await rfm(['profiles', '-'], 'customer,date,amount\na,2024-01-01,"3\n' + 'x,'.repeat(1_000_000));
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^rfm: stdin:2: field 3: unterminated quoted field/);
  });
});
