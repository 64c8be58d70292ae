/** Data shown on a terminal: control characters escaped, colour kept only when we colour. */
import { termSafe } from '../../src/report/safe';
import { rfm, tmpFile } from '../helpers';

test('termSafe escapes OSC, CSI, CR, C1 and DEL; keeps LF, TAB and (with colour) SGR', () => {
  expect(termSafe('a\x1b]0;T\x07b\x1b[2Jc\rd\x9be\x7ff\ng\th')).toBe(
    'a\\x1b]0;T\\x07b\\x1b[2Jc\\x0dd\\x9be\\x7ff\ng\th',
  );
  expect(termSafe('\x1b[31mred\x1b[0m', true)).toBe('\x1b[31mred\x1b[0m');
  expect(termSafe('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m');
});

test('no ESC from the data reaches a table or a warning', async () => {
  const csv =
    'customer_id,order_id,order_date,amount\n"\x1b]0;PWNED\x07\x1b[2J\x1b[31mevil",o1,2024-01-01,100\n' +
    'bob,o2,2024-06-01,5\nx,o4,"2024-01-\x1b]52;c;ZWNobw==\x07",5\n';
  const file = tmpFile('esc.csv', csv);
  for (const args of [
    ['dormant', file, '--format', 'table'],
    ['profiles', file, '--format', 'table'],
    ['inspect', file],
  ]) {
    const r = await rfm(args);
    expect(r.out + r.err).not.toContain('\x1b');
    expect(r.out + r.err).toMatch(/\\x1b/);
  }
  const csvOut = await rfm(['profiles', file, '--format', 'csv', '-q']);
  expect(csvOut.out).toContain('\x1b]0;PWNED'); // the data itself is kept in CSV
});
