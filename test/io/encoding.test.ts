/** Encodings told by their BOM or their bytes, read like the same text in UTF-8. */
import * as iconv from 'iconv-lite';
import { rfm, tmpFile } from '../helpers';

const TEXT = 'customer_id,order_date,amount\n张三,2024-01-05,10.50\nbob,2024-02-01,3\n张三,2024-03-01,1\n';
const bom = (b: number[], body: Buffer) => Buffer.concat([Buffer.from(b), body]);

test.each([
  ['UTF-16LE without a BOM', iconv.encode(TEXT, 'utf16le')],
  ['UTF-16BE without a BOM', iconv.encode(TEXT, 'utf16be')],
  ['UTF-32LE with its BOM', bom([0xff, 0xfe, 0, 0], iconv.encode(TEXT, 'utf32le'))],
  ['GB18030 with its BOM', bom([0x84, 0x31, 0x95, 0x33], iconv.encode(TEXT, 'gb18030'))],
])('%s reads as the UTF-8 text', async (_label, bytes) => {
  const want = await rfm(['profiles', tmpFile('u8.csv', TEXT), '--format', 'csv', '-q']);
  const got = await rfm(['profiles', tmpFile('x.csv', bytes), '--format', 'csv', '-q']);
  expect(got.err).toBe('');
  expect(got.out).toBe(want.out);
});

test('a role past column 4,096: the message says only the first columns are read', async () => {
  const head = [...Array.from({ length: 5000 }, (_, i) => `x${i}`), 'customer_id', 'order_date', 'amount'];
  const row = [...Array.from({ length: 5000 }, () => ''), 'a', '2024-01-01', '1'];
  const r = await rfm(['profiles', tmpFile('wide.csv', head.join(',') + '\n' + row.join(',') + '\n')]);
  expect(r.code).toBe(4);
  expect(r.err).toMatch(/only the first 4096 of its 5003 columns are read/);
});

test('a legacy .xls workbook (OLE2) is named, with what to do, not called binary', async () => {
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);
  const r = await rfm(['profiles', tmpFile('orders.xls', ole)]);
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/orders\.xls: a legacy Excel 97–2003 workbook \(\.xls\).*save it as \.xlsx or CSV/);
});
