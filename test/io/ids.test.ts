/** Customer ids are clean text, over the whole file: never two customers printed with one id, never a NUL. */
import * as iconv from 'iconv-lite';
import { CustomerIds } from '../../src/model/ids';
import { rfm, tmpFile } from '../helpers';

/** 3,000 clean rows (past the 64 KB the encoding is detected on), then the given rows. */
function late(rows: Buffer[]): Buffer {
  const head = ['customer,date,amount'];
  for (let i = 0; i < 3000; i++) head.push(`customer-${i},2024-01-${String(1 + (i % 28)).padStart(2, '0')},10.00`);
  return Buffer.concat([Buffer.from(head.join('\n') + '\n'), ...rows]);
}

test('bytes that are not UTF-8 after the first 64 KB stop the run with the line and the flag', async () => {
  const file = tmpFile('late.csv', late([iconv.encode('José,2024-02-01,5\nJosè,2024-02-02,6\n', 'win1252')]));
  const r = await rfm(['profiles', file]);
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/late\.csv:3002: customer id 'José' is not UTF-8 text: .* --encoding/);
  const ok = await rfm(['profiles', file, '--encoding', 'windows-1252', '--format', 'csv', '-q']);
  expect(ok.out).toMatch(/\nJosé,/);
  expect(ok.out).toMatch(/\nJosè,/);
});

test('a NUL in an id after the first 64 KB stops the run', async () => {
  const r = await rfm(['profiles', tmpFile('nul.csv', late([Buffer.from('c\0x,2024-02-01,5\n')]))]);
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/nul\.csv:3002: a NUL byte in customer id 'c\\u0000x'/);
});

test('firstUnclean: two broken ids that join into a valid sequence are still caught', () => {
  const ids = new CustomerIds();
  for (const b of [Buffer.from('ok'), Buffer.from([0x61, 0xe4]), Buffer.from([0xb8, 0xad])])
    ids.idOfBytes(b, 0, b.length);
  expect(ids.firstUnclean()).toEqual({ c: 2, why: 'not UTF-8' });
  const clean = new CustomerIds();
  for (const s of ['何丽', 'a', '😀']) clean.idOfBytes(Buffer.from(s), 0, Buffer.byteLength(s));
  expect(clean.firstUnclean()).toBeNull();
});
