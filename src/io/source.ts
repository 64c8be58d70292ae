/**
 * Input bytes: a file path or `-` for stdin, read in large chunks; gzip is decompressed on the fly; an .xlsx
 * workbook (told by its zip signature, whatever its name) is read as CSV text of its order sheet.
 */
import * as fs from 'fs';
import { resolve } from 'path';
import { Readable } from 'stream';
import * as zlib from 'zlib';
import { InputError } from '../errors';
import { SheetInfo, XlsxOptions, isZip, xlsxAsCsv } from './xlsx';

/** Chunk size of file reads: large chunks keep per-chunk overhead out of the per-row budget. */
export const CHUNK = 1 << 20;

export interface Source {
  /** Name used in messages: the path as given, or `stdin`. */
  name: string;
  /** Size in bytes when known (a file), for progress and throughput figures. */
  size?: number;
  chunks: AsyncIterator<Buffer>;
  gzip: boolean;
  /**
   * For a plain file: read the next bytes straight into `buf` at `off` (0 at the end). Once used, `chunks`
   * must not be read again. Lets the loader reuse one buffer instead of allocating and joining chunks.
   */
  readInto?: (buf: Buffer, off: number, len: number) => number;
  /** Bytes of the file read so far (a file only). */
  rawBytes?: () => number;
  /** For an .xlsx workbook: the sheet read (its chunks are that sheet as CSV text). */
  sheet?: SheetInfo;
}

/** An open file read sequentially; closed at its end. */
class FileReader {
  private fd: number | null;
  /** Bytes read from the file so far (progress: also under gzip and .xlsx, whose text is larger). */
  pos = 0;
  /** @param at the file offset to read from */
  constructor(
    path: string,
    private at = 0,
  ) {
    this.fd = fs.openSync(path, 'r');
  }

  read(buf: Buffer, off: number, len: number): number {
    if (this.fd === null) return 0;
    const n = fs.readSync(this.fd, buf, off, len, this.at);
    this.at += n;
    this.pos += n;
    if (n === 0) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
    return n;
  }

  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const b = Buffer.allocUnsafe(CHUNK);
      const n = this.read(b, 0, CHUNK);
      if (n === 0) return;
      yield n < CHUNK ? b.subarray(0, n) : b;
    }
  }
}

/** A plain file read from byte `start` on (a part of the file scanned by a worker thread). */
export function openRange(path: string, start: number): Source {
  const file = new FileReader(path, start);
  return {
    name: path,
    size: fs.statSync(path).size,
    chunks: file.chunks(),
    gzip: false,
    rawBytes: () => file.pos,
    readInto: (b, o, l) => file.read(b, o, l),
  };
}

async function* streamChunks(stream: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  for await (const c of stream) yield typeof c === 'string' ? Buffer.from(c) : c;
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Open a path (or `-` for stdin); missing files, folders and unreadable files are input errors. */
export async function openSource(path: string, stdin: Readable, xlsx?: XlsxOptions, cwd?: string): Promise<Source> {
  const full = cwd && path !== '-' ? resolve(cwd, path) : path;
  let raw: AsyncIterator<Buffer>;
  let size: number | undefined;
  let file: FileReader | undefined;
  const name = path === '-' ? 'stdin' : path;
  if (path === '-') {
    raw = streamChunks(stdin);
  } else {
    let st: fs.Stats;
    try {
      st = fs.statSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
    }
    if (st.isDirectory()) throw new InputError(`${path}: is a folder, not a file`);
    try {
      fs.accessSync(full, fs.constants.R_OK);
    } catch {
      throw new InputError(`${path}: cannot read (permission denied)`);
    }
    if (st.isFile()) {
      size = st.size;
      file = new FileReader(full);
      raw = file.chunks();
    } else {
      // A pipe by name (`<(…)`, `/dev/stdin` fed by a pipe, a FIFO) or a device: read as a stream, as stdin is.
      raw = streamChunks(streamOf(fs.createReadStream(full, { highWaterMark: CHUNK }), path));
    }
  }
  const first = await raw.next();
  const rawBytes = file && (() => file!.pos);
  if (first.done) return { name, size, chunks: raw, gzip: false, rawBytes };
  const head = first.value;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = Readable.from(prepend(head, raw)).pipe(zlib.createGunzip({ chunkSize: CHUNK }));
    gunzip.on('error', () => undefined); // surfaced by the iterator below
    return { name, size, chunks: gzipChunks(name, gunzip), gzip: true, rawBytes };
  }
  if (isZip(head)) {
    const sheet: SheetInfo = { name: '', index: 0, skipped: [], rows: 0, cols: 0, lostIds: 0 };
    const opts: XlsxOptions = xlsx ?? { detect: {}, isHeader: () => true };
    return {
      name,
      size,
      // A plain file is read into one buffer of its size (the zip is read whole): no chunks to join.
      chunks: xlsxAsCsv(
        file && size !== undefined ? readRest(file, head, size) : Readable.from(prepend(head, raw)),
        name,
        opts,
        sheet,
      ),
      gzip: false,
      sheet,
      rawBytes,
    };
  }
  return {
    name,
    size,
    chunks: prepend(head, raw),
    gzip: false,
    rawBytes,
    readInto: file && ((b, o, l) => file!.read(b, o, l)),
  };
}

/** The whole of a file whose first bytes were read, in one buffer. */
function readRest(file: FileReader, head: Buffer, size: number): Buffer {
  const buf = Buffer.allocUnsafe(Math.max(size, head.length));
  head.copy(buf);
  let off = head.length;
  for (let n = 1; off < buf.length && n > 0; off += n) n = file.read(buf, off, buf.length - off);
  // A file that grew while being read: the rest in chunks.
  const more: Buffer[] = [];
  for (
    let b = Buffer.allocUnsafe(CHUNK), n = file.read(b, 0, CHUNK);
    n > 0;
    b = Buffer.allocUnsafe(CHUNK), n = file.read(b, 0, CHUNK)
  )
    more.push(b.subarray(0, n));
  return more.length ? Buffer.concat([buf.subarray(0, off), ...more]) : buf.subarray(0, off);
}

/** A read stream whose errors become input errors naming the file. */
async function* streamOf(stream: fs.ReadStream, name: string): AsyncGenerator<Buffer> {
  try {
    for await (const c of stream) yield c as Buffer;
  } catch (e) {
    throw new InputError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

async function* gzipChunks(name: string, gunzip: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const c of gunzip) yield c as Buffer;
  } catch (e) {
    throw new InputError(`${name}: corrupt gzip data (${(e as Error).message})`);
  }
}
