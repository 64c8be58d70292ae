/**
 * The in-memory zip reader: entries from the central directory (archive comment, ZIP64), stored and deflated
 * content streamed in pieces, and a clear error for every way an archive can be broken.
 */
import * as zlib from 'zlib';
import { ZipError, ZipEntry, entryChunks, zipEntries } from '../../src/io/zip';
import { crc32, deflateRepeated, zip } from './zip-writer';

async function content(z: Buffer, e: ZipEntry): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const p of entryChunks(z, e)) pieces.push(p);
  return Buffer.concat(pieces);
}

async function failure(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(ZipError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

const text = (n: number) => Array.from({ length: n }, (_, i) => `行${i},`).join('');

describe('zip reader', () => {
  test('crc32 of the test writer is the standard one', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('6789'), crc32(Buffer.from('12345')))).toBe(0xcbf43926);
  });

  test('lists the entries with their method and sizes and reads stored and deflated content', async () => {
    const a = text(5000);
    const z = zip([
      { name: 'a.txt', data: a },
      { name: 'dir/b.bin', data: Buffer.from([0, 1, 2, 255]), method: 0 },
      { name: 'empty', data: '' },
      { name: '名前.xml', data: '<x/>', method: 0 },
    ]);
    const entries = zipEntries(z);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['a.txt', 8, Buffer.byteLength(a)],
      ['dir/b.bin', 0, 4],
      ['empty', 8, 0],
      ['名前.xml', 0, 4],
    ]);
    expect(entries[0].compressedSize).toBeLessThan(entries[0].size);
    expect((await content(z, entries[0])).toString()).toBe(a);
    expect([...(await content(z, entries[1]))]).toEqual([0, 1, 2, 255]);
    expect((await content(z, entries[2])).length).toBe(0);
    expect((await content(z, entries[3])).toString()).toBe('<x/>');
  });

  test('an archive comment after the end record, even one holding the record signature', async () => {
    // The signature in the comment comes first when searching backwards: its fields do not fit, so it is passed.
    const z = zip([{ name: 'a', data: 'hello' }], { comment: 'PK\x05\x06' + 'x'.repeat(40) });
    const [e] = zipEntries(z);
    expect((await content(z, e)).toString()).toBe('hello');
  });

  test('ZIP64: the end record, its locator and the entries’ extra fields give sizes and offsets', async () => {
    const z = zip(
      [
        { name: 'one', data: text(100) },
        { name: 'two', data: 'second', method: 0 },
      ],
      { zip64: true },
    );
    const entries = zipEntries(z);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['one', Buffer.byteLength(text(100))],
      ['two', 6],
    ]);
    expect(entries[1].offset).toBeGreaterThan(0);
    expect((await content(z, entries[0])).toString()).toBe(text(100));
    expect((await content(z, entries[1])).toString()).toBe('second');
  });

  test('a large entry is inflated in pieces, never whole in memory', async () => {
    // 256 MiB of text compressed to a few hundred KB.
    const big = await deflateRepeated('', 'abcdefgh'.repeat(8192), 4096, '');
    const z = zip([{ name: 'big', deflated: big }]);
    const [e] = zipEntries(z);
    expect(e.size).toBe(256 * 1048576);
    const before = process.memoryUsage();
    let total = 0;
    let largest = 0;
    let peak = 0;
    for await (const p of entryChunks(z, e)) {
      total += p.length;
      largest = Math.max(largest, p.length);
      const m = process.memoryUsage();
      peak = Math.max(peak, m.arrayBuffers - before.arrayBuffers);
    }
    expect(total).toBe(e.size);
    expect(largest).toBeLessThanOrEqual(1 << 18);
    expect(peak).toBeLessThan(64 * 1048576);
  });

  test('leaving the loop early stops the inflater', async () => {
    const big = await deflateRepeated('', 'x'.repeat(65536), 1024, '');
    const z = zip([{ name: 'big', deflated: big }]);
    let n = 0;
    for await (const p of entryChunks(z, zipEntries(z)[0])) {
      n += p.length;
      if (n > 1 << 20) break;
    }
    expect(n).toBeLessThan(4 << 20);
  });

  test('a truncated archive has no end record; a damaged directory or local header is named', async () => {
    const z = zip([{ name: 'a', data: text(1000) }]);
    expect(await failure(() => zipEntries(z.subarray(0, z.length - 30)))).toMatch(/no end of central directory/);
    expect(await failure(() => zipEntries(Buffer.from('PK\x03\x04')))).toMatch(/too short/);
    const dir = Buffer.from(z);
    dir.writeUInt32LE(0, z.indexOf(Buffer.from([0x50, 0x4b, 1, 2])));
    expect(await failure(() => zipEntries(dir))).toMatch(/no end of central directory|damaged/);
    const local = Buffer.from(z);
    local.writeUInt32LE(0, 0);
    expect(await failure(() => content(local, zipEntries(local)[0]))).toMatch(/^a: local header missing/);
  });

  test('data cut short, corrupt deflate data, encryption and other methods are errors naming the entry', async () => {
    const z = zip([{ name: 'a.xml', data: text(20000) }]);
    const [e] = zipEntries(z);
    // The entry's data claimed longer than the file.
    expect(await failure(() => content(z, { ...e, compressedSize: z.length }))).toMatch(
      /^a\.xml: data runs past the end of the file/,
    );
    // The deflate stream cut in half.
    expect(await failure(() => content(z, { ...e, compressedSize: e.compressedSize >> 1 }))).toMatch(
      /^a\.xml: corrupt compressed data \(unexpected end of file\)/,
    );
    const garbage = zip([{ name: 'g', deflated: { bytes: Buffer.from([0xff, 0xff, 0xff, 0xff]), crc: 0, size: 10 } }]);
    expect(await failure(() => content(garbage, zipEntries(garbage)[0]))).toMatch(/^g: corrupt compressed data/);
    const locked = zip([{ name: 'secret.xml', data: 'x', flags: 1 }]);
    expect(await failure(() => content(locked, zipEntries(locked)[0]))).toMatch(/^secret\.xml: encrypted/);
    const bzip = zip([{ name: 'b.xml', data: 'x', method: 12 }]);
    expect(await failure(() => content(bzip, zipEntries(bzip)[0]))).toBe(
      'b.xml: compression method 12 is not supported (only stored and deflate)',
    );
  });

  test('raw inflate of what zlib deflated (the writer is checked against the reader)', () => {
    const raw = Buffer.from(text(300));
    expect(zlib.inflateRawSync(zlib.deflateRawSync(raw)).equals(raw)).toBe(true);
  });
});
