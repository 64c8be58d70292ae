/**
 * A tiny zip writer for tests: entries in the order given, stored or deflated (zlib raw deflate), with the CRC-32
 * a reader may check, an optional archive comment and optional ZIP64 records — enough to build workbooks whose
 * parts come in any order, and broken ones.
 */
import * as zlib from 'zlib';

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (as in zip and gzip), continued from `crc` for data given in parts. */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export interface ZipInput {
  name: string;
  /** The content; or, for a large one, its compressed bytes with its CRC and size already known. */
  data?: Buffer | string;
  deflated?: { bytes: Buffer; crc: number; size: number };
  /** 0 stored, 8 deflate (default), anything else written as given with the data stored. */
  method?: number;
  flags?: number;
}

export interface ZipOptions {
  comment?: string;
  /** Write ZIP64 records: sizes and offsets all ones in the classic fields, real values in the extras. */
  zip64?: boolean;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/** A zip archive of the entries, in the order given. */
export function zip(entries: ZipInput[], opts: ZipOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const method = e.method ?? 8;
    let body: Buffer;
    let crc: number;
    let size: number;
    if (e.deflated) {
      ({ bytes: body, crc, size } = e.deflated);
    } else {
      const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '');
      body = method === 8 ? zlib.deflateRawSync(raw) : raw;
      crc = crc32(raw);
      size = raw.length;
    }
    const flags = (e.flags ?? 0) | 0x800;
    const z = opts.zip64;
    const localExtra = z ? Buffer.concat([u16(1), u16(16), u64(size), u64(body.length)]) : Buffer.alloc(0);
    const local = Buffer.concat([
      u32(0x04034b50),
      u16(z ? 45 : 20),
      u16(flags),
      u16(method),
      u16(0),
      u16(0x21),
      u32(crc),
      u32(z ? 0xffffffff : body.length),
      u32(z ? 0xffffffff : size),
      u16(name.length),
      u16(localExtra.length),
      name,
      localExtra,
    ]);
    const extra = z ? Buffer.concat([u16(1), u16(24), u64(size), u64(body.length), u64(offset)]) : Buffer.alloc(0);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(z ? 45 : 20),
        u16(z ? 45 : 20),
        u16(flags),
        u16(method),
        u16(0),
        u16(0x21),
        u32(crc),
        u32(z ? 0xffffffff : body.length),
        u32(z ? 0xffffffff : size),
        u16(name.length),
        u16(extra.length),
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(z ? 0xffffffff : offset),
        name,
        extra,
      ]),
    );
    parts.push(local, body);
    offset += local.length + body.length;
  }
  const dir = Buffer.concat(central);
  const comment = Buffer.from(opts.comment ?? '');
  const tail: Buffer[] = [];
  if (opts.zip64) {
    const at = offset + dir.length;
    tail.push(
      Buffer.concat([
        u32(0x06064b50),
        u64(44),
        u16(45),
        u16(45),
        u32(0),
        u32(0),
        u64(entries.length),
        u64(entries.length),
        u64(dir.length),
        u64(offset),
      ]),
      Buffer.concat([u32(0x07064b50), u32(0), u64(at), u32(1)]),
    );
  }
  const eocd = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(opts.zip64 ? 0xffff : entries.length),
    u16(opts.zip64 ? 0xffff : entries.length),
    u32(opts.zip64 ? 0xffffffff : dir.length),
    u32(opts.zip64 ? 0xffffffff : offset),
    u16(comment.length),
    comment,
  ]);
  return Buffer.concat([...parts, dir, ...tail, eocd]);
}

/** Deflate `times` copies of `chunk` (and `head` before, `tail` after) without building the whole text. */
export async function deflateRepeated(
  head: string,
  chunk: string,
  times: number,
  tail: string,
): Promise<{ bytes: Buffer; crc: number; size: number }> {
  const d = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((r) => d.on('end', r));
  // Copies of the chunk are written a block of at least 64 KB at a time.
  const per = Math.max(1, Math.ceil(65536 / Buffer.byteLength(chunk)));
  const block = Buffer.from(chunk.repeat(per));
  const one = Buffer.from(chunk);
  let crc = crc32(Buffer.from(head));
  d.write(head);
  for (let i = 0; i < times;) {
    const c = times - i >= per ? block : one;
    i += c === block ? per : 1;
    crc = crc32(c, crc);
    if (!d.write(c)) await new Promise((r) => d.once('drain', r));
  }
  crc = crc32(Buffer.from(tail), crc);
  d.end(tail);
  await done;
  return {
    bytes: Buffer.concat(out),
    crc,
    size: Buffer.byteLength(head) + one.length * times + Buffer.byteLength(tail),
  };
}

/** The entries of an archive in another order (or some left out), re-zipped: each part's content as read. */
export function rezip(entries: { name: string; data: Buffer }[], order: string[], method = 8): Buffer {
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  return zip(order.map((name) => ({ name, data: byName.get(name)!, method })));
}
