import { csvCell } from '../../src/report/render';

/** The rule as regexes, written independently: formula-like starts get `'`, then `"` `,` CR LF mean quotes. */
function reference(v: string): string {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

describe('csvCell', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['a"b', '"a""b"'],
    ['a\nb', '"a\nb"'],
    ['何丽丽_1', '何丽丽_1'],
    ['', ''],
    ['a-b', 'a-b'],
  ])('text %p → %p', (v, want) => expect(csvCell(v, 'text')).toBe(want));

  it('agrees with the regex rule on random cells; numbers bare, plain text untouched', () => {
    const chars = ['=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', '1', ' ', '何', ';', "'"];
    let x = 9;
    const rnd = (k: number) => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % k;
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let k = rnd(6); k >= 0; k--) s += chars[rnd(chars.length)];
      expect(csvCell(s, 'text')).toBe(reference(s));
    }
    expect(csvCell(-1.5, 'number')).toBe('-1.5');
    expect(csvCell('-1.50', 'number')).toBe('-1.50');
    expect(csvCell('=x', 'plain')).toBe('=x');
    expect(csvCell(null, 'text')).toBe('');
  });
});
