import * as iconv from 'iconv-lite';
import { CustomerIds } from '../../src/model/ids';
import { PURCHASE, PurchaseLog } from '../../src/model/log';
import { buildProfiles } from '../../src/model/profile';
import { byteOrder, textOrder } from '../../src/model/order';
import { decoderFor } from '../../src/io/encoding';

/** A log with one purchase per id (given as bytes). */
function logOf(idBytes: Buffer[]): { log: PurchaseLog; ids: CustomerIds } {
  const ids = new CustomerIds();
  const cs = idBytes.map((b) => ids.idOfBytes(b, 0, b.length));
  const log = new PurchaseLog(cs.length, ids.size, []);
  for (const c of cs) log.push(c, 19000, 100, 0, PURCHASE, 0, -1, 0, 1);
  return { log, ids };
}

/** Its profiles' ids. */
function profileIds(idBytes: Buffer[], encoding = 'utf8'): string[] {
  const { log, ids } = logOf(idBytes);
  return buildProfiles(log, ids, decoderFor(encoding)).map((p) => p.id);
}

/** Seeded pseudo-random ids mixing ASCII, CJK, characters above U+FFFF, U+E000–U+FFFF and shared prefixes. */
function randomIds(n: number, seed: number): string[] {
  let x = seed;
  const rnd = (k: number) => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % k;
  const alphabet = [
    'a',
    'b',
    'Z',
    '0',
    '9',
    '_',
    '-',
    ' ',
    '何',
    '丽',
    '王',
    '\uFF01',
    '\uE000',
    '\uFFFD',
    '😀',
    '𠀀',
    'é',
  ];
  const prefixes = ['', 'tb_', '何丽丽_', 'user', '😀'];
  const out = new Set<string>();
  while (out.size < n) {
    let s = prefixes[rnd(prefixes.length)];
    for (let k = rnd(8); k >= 0; k--) s += alphabet[rnd(alphabet.length)];
    out.add(s);
  }
  return [...out];
}

describe('buildProfiles: customers in id order', () => {
  it('orders UTF-8 ids as JavaScript sorts their text', () => {
    for (const seed of [1, 2, 3]) {
      const ids = randomIds(3000, seed).filter((s) => !/[😀𠀀\uFFFD]/u.test(s));
      expect(profileIds(ids.map((s) => Buffer.from(s)))).toEqual([...ids].sort());
    }
  });

  it('orders ids whose byte order is not their text order (characters above U+FFFF, GB18030)', () => {
    const ids = randomIds(3000, 7);
    expect(ids.some((s) => /😀/u.test(s)) && ids.some((s) => /\uFF01/.test(s))).toBe(true);
    expect(profileIds(ids.map((s) => Buffer.from(s)))).toEqual([...ids].sort());
    const zh = ids.filter((s) => !/[😀𠀀\uFFFD\uE000é]/u.test(s));
    expect(
      profileIds(
        zh.map((s) => iconv.encode(s, 'gb18030')),
        'gb18030',
      ),
    ).toEqual([...zh].sort());
  });

  it('checks the byte order when the dictionary holds another encoding (GBK 丁 D2BB… sorts before 一 B6A1)', () => {
    const zh = ['一', '丁', 'a', '一丁', '丁一'];
    expect(zh.map((s) => iconv.encode(s, 'gbk')).every((b) => b.every((x) => x < 0xf0))).toBe(true);
    expect(
      profileIds(
        zh.map((s) => iconv.encode(s, 'gbk')),
        'gbk',
      ),
    ).toEqual([...zh].sort());
  });

  it('keeps two customers whose different bytes read as the same text', () => {
    const { log, ids } = logOf([[0x61, 0xff], [0x62], [0x61, 0xfe], [0x61]].map((x) => Buffer.from(x)));
    expect(buildProfiles(log, ids, decoderFor('utf8')).map((p) => [p.id, p.index])).toEqual([
      ['a', 3],
      ['a\uFFFD', 0],
      ['a\uFFFD', 2],
      ['b', 1],
    ]);
  });

  it('byteOrder orders keys as their bytes compare; textOrder as JavaScript compares texts, equal ones stable', () => {
    const texts = randomIds(5000, 11);
    const bytes = texts.map((s) => Buffer.from(s));
    const all = Buffer.concat(bytes);
    const at = new Int32Array(bytes.length);
    const len = Int32Array.from(bytes, (b) => b.length);
    for (let i = 1; i < at.length; i++) at[i] = at[i - 1] + len[i - 1];
    const keys = Array.from(texts.keys());
    expect(Array.from(byteOrder(all, at, len))).toEqual(
      keys.slice().sort((x, y) => Buffer.compare(bytes[x], bytes[y])),
    );
    const withTies = [...texts, ...texts.slice(0, 50), 'a\0b', 'a'];
    const byText = (x: number, y: number) => (withTies[x] < withTies[y] ? -1 : withTies[x] > withTies[y] ? 1 : x - y);
    expect(Array.from(textOrder(withTies))).toEqual(Array.from(withTies.keys()).sort(byText));
    const bmp = texts.filter((s) => !/[😀𠀀]/u.test(s));
    expect(Array.from(textOrder(bmp))).toEqual(Array.from(bmp.keys()).sort((x, y) => (bmp[x] < bmp[y] ? -1 : 1)));
  });
});
