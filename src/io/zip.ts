/**
 * A zip archive held in memory (an .xlsx workbook is one): its entries from the central directory at the end
 * of the file (ZIP64 included), and an entry's content as a stream of pieces — stored bytes are sliced, deflated
 * bytes inflated by zlib as they are read — so no entry is ever whole in memory. Random access means a part can
 * be read whatever its position in the archive. Failures are ZipErrors naming the entry.
 */
import * as zlib from 'zlib';

/** The archive cannot be read: truncated, not a zip, an unsupported or corrupt entry. */
export class ZipError extends Error {}

export interface ZipEntry {
  /** Path inside the archive, as stored (`xl/worksheets/sheet1.xml`). */
  name: string;
  /** 0 stored, 8 deflate (the only two read). */
  method: number;
  /** General-purpose flags (bit 0: encrypted). */
  flags: number;
  compressedSize: number;
  /** Uncompressed size as declared (a hint: the content is not checked against it). */
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const U16 = 0xffff;
const U32 = 0xffffffff;
/** Pieces of a stored entry, and the inflater's output pieces. */
const PIECE = 1 << 18;

/** A 64-bit little-endian field as a number (sizes and offsets beyond 2^53 cannot be in a Buffer anyway). */
function u64(b: Buffer, at: number): number {
  return b.readUInt32LE(at) + b.readUInt32LE(at + 4) * 0x100000000;
}

/** Where the central directory is and how many entries it holds. */
interface Directory {
  offset: number;
  size: number;
  count: number;
}

/** The end of central directory record: searched backwards from the end (an archive comment may follow it). */
function directory(zip: Buffer): Directory {
  const lowest = Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = zip.length - EOCD_SIZE; at >= lowest; at--) {
    if (zip.readUInt32LE(at) !== SIG_EOCD) continue;
    let dir: Directory = {
      count: zip.readUInt16LE(at + 10),
      size: zip.readUInt32LE(at + 12),
      offset: zip.readUInt32LE(at + 16),
    };
    let end = at;
    if (dir.count === U16 || dir.size === U32 || dir.offset === U32) {
      const z = zip64(zip, at);
      if (!z) continue;
      [dir, end] = z;
    }
    // A signature inside a comment or in entry data is not the record: its directory must fit before it.
    if (dir.offset + dir.size <= end && (dir.count === 0 || zip.readUInt32LE(dir.offset) === SIG_CENTRAL)) return dir;
  }
  throw new ZipError('no end of central directory record (truncated, or not a zip file)');
}

/** The ZIP64 end of central directory record named by the locator just before the classic record. */
function zip64(zip: Buffer, eocd: number): [Directory, number] | null {
  const loc = eocd - 20;
  if (loc < 0 || zip.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) return null;
  const at = u64(zip, loc + 8);
  if (at + 56 > loc || zip.readUInt32LE(at) !== SIG_ZIP64_EOCD) return null;
  return [{ count: u64(zip, at + 32), size: u64(zip, at + 40), offset: u64(zip, at + 48) }, at];
}

/** The ZIP64 extra field of a central directory entry replaces the 32-bit fields that are all ones, in order. */
function applyZip64Extra(zip: Buffer, from: number, to: number, e: ZipEntry): void {
  for (let at = from; at + 4 <= to;) {
    const id = zip.readUInt16LE(at);
    const len = zip.readUInt16LE(at + 2);
    if (id === 1) {
      let p = at + 4;
      const end = Math.min(p + len, to);
      const next = (): number => {
        if (p + 8 > end) throw new ZipError(`${e.name}: ZIP64 extra field too short`);
        const v = u64(zip, p);
        p += 8;
        return v;
      };
      if (e.size === U32) e.size = next();
      if (e.compressedSize === U32) e.compressedSize = next();
      if (e.offset === U32) e.offset = next();
      return;
    }
    at += 4 + len;
  }
}

/** The entries of a zip archive, in central directory order. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  if (zip.length < EOCD_SIZE) throw new ZipError('too short to be a zip file');
  const dir = directory(zip);
  const entries: ZipEntry[] = [];
  let at = dir.offset;
  const end = dir.offset + dir.size;
  for (let i = 0; i < dir.count; i++) {
    if (at + CENTRAL_SIZE > end || zip.readUInt32LE(at) !== SIG_CENTRAL)
      throw new ZipError(`central directory entry ${i + 1} of ${dir.count} is damaged`);
    const flags = zip.readUInt16LE(at + 8);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const nameAt = at + CENTRAL_SIZE;
    if (nameAt + nameLen + extraLen + commentLen > end)
      throw new ZipError(`central directory entry ${i + 1} of ${dir.count} is damaged`);
    const e: ZipEntry = {
      // Bit 11: the name is UTF-8; otherwise code page 437, of which part names use only the ASCII half.
      name: zip.toString(flags & 0x800 ? 'utf8' : 'latin1', nameAt, nameAt + nameLen),
      method: zip.readUInt16LE(at + 10),
      flags,
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    };
    applyZip64Extra(zip, nameAt + nameLen, nameAt + nameLen + extraLen, e);
    entries.push(e);
    at = nameAt + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Where an entry's compressed bytes start and end (after its local header), checked against the archive. */
function dataRange(zip: Buffer, e: ZipEntry): [number, number] {
  if (e.flags & 0x41) throw new ZipError(`${e.name}: encrypted (a password-protected file cannot be read)`);
  if (e.method !== 0 && e.method !== 8)
    throw new ZipError(`${e.name}: compression method ${e.method} is not supported (only stored and deflate)`);
  if (e.offset + LOCAL_SIZE > zip.length || zip.readUInt32LE(e.offset) !== SIG_LOCAL)
    throw new ZipError(`${e.name}: local header missing (truncated file?)`);
  const start = e.offset + LOCAL_SIZE + zip.readUInt16LE(e.offset + 26) + zip.readUInt16LE(e.offset + 28);
  const end = start + e.compressedSize;
  if (end > zip.length) throw new ZipError(`${e.name}: data runs past the end of the file (truncated file?)`);
  return [start, end];
}

/**
 * The content of an entry as a stream of pieces (up to 256 KiB each). Deflated data is inflated as it is
 * consumed (zlib's stream applies back-pressure), so memory stays at a few pieces whatever the entry's size.
 * Stop early by leaving the loop: the inflater is then destroyed.
 */
export async function* entryChunks(zip: Buffer, e: ZipEntry): AsyncGenerator<Buffer> {
  const [start, end] = dataRange(zip, e);
  if (e.method === 0) {
    for (let at = start; at < end; at += PIECE) yield zip.subarray(at, Math.min(end, at + PIECE));
    return;
  }
  const inflate = zlib.createInflateRaw({ chunkSize: PIECE });
  inflate.end(zip.subarray(start, end));
  try {
    for await (const piece of inflate) yield piece as Buffer;
  } catch (err) {
    throw new ZipError(`${e.name}: corrupt compressed data (${(err as Error).message})`);
  } finally {
    inflate.destroy();
  }
}
