/** Input bytes: a file path or `-` for stdin, read in large chunks; gzip is decompressed on the fly. */
import * as fs from 'fs';
import { Readable } from 'stream';
import * as zlib from 'zlib';
import { InputError } from '../errors';

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
}

/** An open file read sequentially; closed at its end. */
class FileReader {
  private fd: number | null;
  constructor(path: string) {
    this.fd = fs.openSync(path, 'r');
  }

  read(buf: Buffer, off: number, len: number): number {
    if (this.fd === null) return 0;
    const n = fs.readSync(this.fd, buf, off, len, null);
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
export async function openSource(path: string, stdin: Readable): Promise<Source> {
  let raw: AsyncIterator<Buffer>;
  let size: number | undefined;
  let file: FileReader | undefined;
  const name = path === '-' ? 'stdin' : path;
  if (path === '-') {
    raw = streamChunks(stdin);
  } else {
    let st: fs.Stats;
    try {
      st = fs.statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
    }
    if (st.isDirectory()) throw new InputError(`${path}: is a folder, not a file`);
    try {
      fs.accessSync(path, fs.constants.R_OK);
    } catch {
      throw new InputError(`${path}: cannot read (permission denied)`);
    }
    size = st.size;
    file = new FileReader(path);
    raw = file.chunks();
  }
  const first = await raw.next();
  if (first.done) return { name, size, chunks: raw, gzip: false };
  const head = first.value;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = Readable.from(prepend(head, raw)).pipe(zlib.createGunzip({ chunkSize: CHUNK }));
    gunzip.on('error', () => undefined); // surfaced by the iterator below
    return { name, size, chunks: gzipChunks(name, gunzip), gzip: true };
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new InputError(`${name}: this is an .xlsx (zip) workbook; reading .xlsx is not supported yet: save it as CSV (UTF-8 or GBK) and run again`);
  }
  return { name, size, chunks: prepend(head, raw), gzip: false, readInto: file && ((b, o, l) => file!.read(b, o, l)) };
}

async function* gzipChunks(name: string, gunzip: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const c of gunzip) yield c as Buffer;
  } catch (e) {
    throw new InputError(`${name}: corrupt gzip data (${(e as Error).message})`);
  }
}
