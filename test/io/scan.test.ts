import { parse } from 'csv-parse/sync';
import { MalformedRow, RowScanner, WHITESPACE, unescapeQuotes } from '../../src/io/scan';
import { chooseDelimiter, records } from '../../src/io/load';

/** Scan a whole text with every column located, as arrays of strings, feeding it in chunks of `chunk` bytes. */
function scanAll(text: string, delim = 44, chunk = 1 << 30): string[][] {
  const bytes = Buffer.from(text, 'utf8');
  const n = 64;
  const sc = new RowScanner(
    delim,
    34,
    new Int16Array(n).map((_, i) => i),
    n,
  );
  const rows: string[][] = [];
  let buf = Buffer.alloc(0);
  let pos = 0;
  let fed = 0;
  for (;;) {
    const done = fed >= bytes.length;
    const r = pos < buf.length || done ? sc.scanRow(buf, pos, buf.length, done) : -1;
    if (r >= 0 && !(done && pos >= buf.length)) {
      if (!sc.blank) {
        const row: string[] = [];
        for (let i = 0; i < sc.fields; i++) {
          const s = sc.start[i];
          row.push(
            (sc.escaped[i] ? unescapeQuotes(buf, s, sc.end[i], 34) : buf.subarray(s, sc.end[i])).toString('utf8'),
          );
        }
        rows.push(row);
      }
      pos = r;
      continue;
    }
    if (done) return rows;
    buf = Buffer.concat([buf.subarray(pos), bytes.subarray(fed, fed + chunk)]);
    fed += chunk;
    pos = 0;
  }
}

const reference = (text: string) =>
  parse(text, { relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];

describe('RowScanner', () => {
  test('reads quoted commas, doubled quotes, embedded line ends and CRLF', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n1,,3';
    expect(scanAll(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['1', '', '3'],
    ]);
  });
  test('keeps Taobao\'s unquoted ="…" guard as text', () => {
    expect(scanAll('="2024000000000538492",买家\n')).toEqual([['="2024000000000538492"', '买家']]);
  });
  test('reads CR-only line ends (classic Mac) and no trailing newline', () => {
    expect(scanAll('a,b\r1,2\r3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });
  test('splits whitespace-aligned text (CDNOW style)', () => {
    expect(
      scanAll(' customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n', WHITESPACE),
    ).toEqual([
      ['customer_id', 'date', 'number_of_cds', 'dollar_value'],
      ['00001', '19970101', '1', '11.77'],
    ]);
  });
  test('an unterminated quote is an error naming its line', () => {
    expect(() => scanAll('a,b\n1,"open\n2,3\n')).toThrow(MalformedRow);
    try {
      scanAll('a,b\n1,"open\n2,3\n');
    } catch (e) {
      expect((e as MalformedRow).line).toBe(2);
    }
  });
  test('agrees with csv-parse on fuzzed inputs, whatever the chunk size', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pieces = ['a', '中文', 'x y', '', '1.5', '"q,1"', '"a""b"', '"l\nm"', '="9"', "'7"];
    for (let t = 0; t < 300; t++) {
      const rows: string[] = [];
      const cols = 1 + Math.floor(rand() * 5);
      for (let r = 0; r < 1 + Math.floor(rand() * 8); r++) {
        const cells: string[] = [];
        for (let c = 0; c < cols; c++) cells.push(pieces[Math.floor(rand() * pieces.length)]);
        if (!cells.some((x) => x !== '')) cells[0] = 'z';
        rows.push(cells.join(','));
      }
      const eol = rand() < 0.5 ? '\n' : '\r\n';
      const text = rows.join(eol) + (rand() < 0.5 ? eol : '');
      const want = reference(text);
      expect(scanAll(text)).toEqual(want);
      expect(scanAll(text, 44, 1 + Math.floor(rand() * 7))).toEqual(want);
    }
  });
});

describe('chooseDelimiter counts delimiters per record, not per physical line', () => {
  test('quoted notes with line ends (a Shopify export) still read as commas', () => {
    const note = '"leave at the door\nring twice please\nthank you"';
    const rows = [
      'Name,Billing Name,Notes,Total',
      ...Array.from({ length: 8 }, (_, i) => `#10${i},Ann Lee ${i},${note},${i}.00 USD`),
    ];
    expect(chooseDelimiter(rows.join('\n') + '\n')).toBe(44);
  });
  test('records() keeps a quoted line end inside its record', () => {
    expect(records('a,"b\nc",d\r\ne,f\n', 10)).toEqual(['a,"b\nc",d', 'e,f']);
  });
});
