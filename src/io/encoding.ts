/**
 * Encoding: detected from a BOM (UTF-8, UTF-16, UTF-32, GB18030), else UTF-16 by its NUL pattern, else strict
 * UTF-8, else GB18030 (a superset of GBK/GB2312) when the bytes read as Chinese text, else Mac Roman for
 * classic-Mac CR-only files, else Windows-1252. `--encoding` forces it.
 */
import { isUtf8 } from 'buffer';
import * as iconv from 'iconv-lite';
import { UsageError } from '../errors';

export interface EncodingDecision {
  /** iconv-lite name. */
  name: string;
  bomLength: number;
  source: 'BOM' | 'detected' | '--encoding';
  /** The row scanner can work on these bytes directly (delimiters, quotes and line ends are plain ASCII). */
  byteSafe: boolean;
}

/** Encodings whose multi-byte characters never contain a byte below 0x40 (or are single-byte). */
const BYTE_SAFE =
  /^(utf8|gb18030|gbk|gb2312|cp936|big5|big5hkscs|shiftjis|eucjp|euckr|cp949|latin1|binary|ascii|iso88591\d*|windows125\d|cp125\d|macintosh|macroman)$/;

function canonical(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Decide the encoding of a sample of the input's first bytes. */
export function detectEncoding(sample: Buffer, forced?: string): EncodingDecision {
  let bomLength = 0;
  let name: string | undefined;
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    name = 'utf8';
    bomLength = 3;
  } else if (sample[0] === 0xff && sample[1] === 0xfe && sample[2] === 0 && sample[3] === 0) {
    name = 'utf32le';
    bomLength = 4;
  } else if (sample[0] === 0 && sample[1] === 0 && sample[2] === 0xfe && sample[3] === 0xff) {
    name = 'utf32be';
    bomLength = 4;
  } else if (sample[0] === 0x84 && sample[1] === 0x31 && sample[2] === 0x95 && sample[3] === 0x33) {
    name = 'gb18030';
    bomLength = 4;
  } else if (sample[0] === 0xff && sample[1] === 0xfe) {
    name = 'utf16le';
    bomLength = 2;
  } else if (sample[0] === 0xfe && sample[1] === 0xff) {
    name = 'utf16be';
    bomLength = 2;
  }
  if (forced) {
    if (!iconv.encodingExists(forced))
      throw new UsageError(
        `--encoding: unknown encoding '${forced}' (try utf8, gb18030, gbk, utf16le, macintosh, windows-1252)`,
      );
    const c = canonical(forced);
    const bomMatches = name !== undefined && canonical(name) === c.replace('utf-8', 'utf8');
    return { name: c, bomLength: bomMatches ? bomLength : 0, source: '--encoding', byteSafe: BYTE_SAFE.test(c) };
  }
  if (name) return { name, bomLength, source: 'BOM', byteSafe: name === 'utf8' || name === 'gb18030' };
  const wide = utf16Without(sample);
  if (wide) return { name: wide, bomLength: 0, source: 'detected', byteSafe: false };
  return { name: sniff(sample), bomLength: 0, source: 'detected', byteSafe: true };
}

/**
 * UTF-16 without a BOM (some Windows tools write it): text whose every other byte is NUL — the high bytes of
 * ASCII characters — odd positions for little-endian, even for big-endian.
 */
function utf16Without(sample: Buffer): string | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 8) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.4 && even < pairs * 0.05) return 'utf16le';
  if (even > pairs * 0.4 && odd < pairs * 0.05) return 'utf16be';
  return null;
}

function sniff(sample: Buffer): string {
  // Cut at the last line end so a character split by the sample's edge does not fail the UTF-8 test.
  const cut = Math.max(sample.lastIndexOf(10), sample.lastIndexOf(13));
  const body = cut > 0 ? sample.subarray(0, cut) : sample;
  if (isUtf8(body)) return 'utf8';
  // Classic-Mac CR-only line ends come with Mac Roman; no Chinese platform writes them.
  if (body.indexOf(13) >= 0 && body.indexOf(10) < 0) return 'macintosh';
  const text = iconv.decode(body, 'gb18030');
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 128) continue;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) cjk++;
    else other++;
  }
  return cjk > 0 && cjk >= 4 * other ? 'gb18030' : 'windows1252';
}

/** Decode bytes of the input's encoding into text. */
export function decoderFor(name: string): (bytes: Uint8Array) => string {
  if (name === 'utf8') return (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  return (b) => iconv.decode(Buffer.from(b.buffer, b.byteOffset, b.byteLength), name);
}

/**
 * A whole small text file (a previous output re-saved by a spreadsheet, a rules file) as text: its encoding
 * from the BOM, else judged on all of its bytes (Excel on Chinese Windows saves CSV as GBK).
 */
export function decodeWhole(bytes: Buffer): string {
  const e = detectEncoding(bytes);
  return decoderFor(e.name)(bytes.subarray(e.bomLength)).replace(/^\uFEFF/, '');
}
