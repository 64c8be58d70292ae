/**
 * CustomerIds: a dictionary of customer ids held as bytes in one arena, numbered 0..size−1 in order of first
 * appearance, looked up by their bytes through an open-addressing index — no string is made per row or per
 * customer while reading. Texts are decoded once, for the customers that end up in an output.
 */

import { isUtf8 } from 'buffer';
import { byteOrder } from './order';

/** A dictionary's ids as plain data (views, not copies), to pass between threads or sources. */
export interface IdsPart {
  size: number;
  arena: Uint8Array;
  keyAt: Int32Array;
  keyLen: Int32Array;
}

export class CustomerIds {
  private count = 0;
  private slots: Int32Array = new Int32Array(1 << 12).fill(-1);
  private keyHash: Int32Array = new Int32Array(1024);
  private keyAt: Int32Array = new Int32Array(1024);
  private keyLen: Int32Array = new Int32Array(1024);
  private arena: Buffer = Buffer.alloc(1 << 16);
  private arenaUsed = 0;
  // Where find() stopped without a match: the id's hash and the free index slot.
  private missHash = 0;
  private missSlot = 0;

  get size(): number {
    return this.count;
  }

  /** The number of the id whose bytes are `b[s..e)`, added if new. */
  idOfBytes(b: Uint8Array, s: number, e: number): number {
    const c = this.find(b, s, e);
    return c >= 0 ? c : this.add(b, s, e, this.missHash, this.missSlot);
  }

  /** The number of the id whose bytes are `b[s..e)`, or −1 (not added). */
  find(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const mask = this.slots.length - 1;
    const len = e - s;
    for (let i = (h ^ (h >>> 15)) & mask; ; i = (i + 1) & mask) {
      const c = this.slots[i];
      if (c < 0) {
        this.missHash = h;
        this.missSlot = i;
        return -1;
      }
      if (this.keyHash[c] === h && this.keyLen[c] === len && this.sameBytes(this.keyAt[c], b, s, len)) return c;
    }
  }

  /** The bytes of id `c` (a view into the arena). */
  bytes(c: number): Uint8Array {
    return this.arena.subarray(this.keyAt[c], this.keyAt[c] + this.keyLen[c]);
  }

  /**
   * The ids `cs` as text: their bytes joined by NUL bytes and decoded in one call (one by one when an id
   * holds a NUL itself, or a decoder swallowed one).
   */
  texts(cs: ArrayLike<number>, decode: (b: Uint8Array) => string): string[] {
    let len = 0;
    for (let i = 0; i < cs.length; i++) len += this.keyLen[cs[i]] + 1;
    const b = Buffer.allocUnsafe(len);
    const a = this.arena;
    let at = 0;
    for (let j = 0; j < cs.length; j++) {
      const c = cs[j];
      for (let i = this.keyAt[c], e = i + this.keyLen[c]; i < e; i++) b[at++] = a[i];
      b[at++] = 0;
    }
    const parts = cs.length ? decode(b.subarray(0, at - 1)).split('\0') : [];
    if (parts.length === cs.length) return parts;
    return Array.from(cs, (c) => decode(this.bytes(c)));
  }

  /**
   * Positions 0..n−1 of the ids `cs` in text (code-unit) order, sorted by their bytes in the arena: UTF-8 byte
   * order is code-unit order unless a character above U+FFFF (a lead byte ≥ F0) meets one in U+E000–U+FFFF, so
   * null when an id holds such a byte (the caller sorts the texts instead). Ids are distinct: no ties.
   */
  order(cs: Int32Array): Int32Array | null {
    const n = cs.length;
    const at = new Int32Array(n);
    const len = new Int32Array(n);
    const a = this.arena;
    for (let k = 0; k < n; k++) {
      const c = cs[k];
      const s = this.keyAt[c];
      const e = s + this.keyLen[c];
      for (let i = s; i < e; i++) if (a[i] >= 0xf0) return null;
      at[k] = s;
      len[k] = e - s;
    }
    return byteOrder(a, at, len);
  }

  /**
   * The first id (by number) that is not clean UTF-8 text — invalid bytes, or a NUL — with what is wrong;
   * null when every id is clean (checked on the whole arena at once, then id by id only if needed).
   */
  firstUnclean(): { c: number; why: 'not UTF-8' | 'NUL' } | null {
    const a = this.arena.subarray(0, this.arenaUsed);
    const whole = isUtf8(a) && a.indexOf(0) < 0;
    for (let c = 0; c < this.count; c++) {
      const b = this.bytes(c);
      // A clean arena can still join two broken ids into one valid sequence: an id must not start mid-character.
      if (whole && !(b.length && b[0] >= 0x80 && b[0] < 0xc0)) continue;
      if (b.indexOf(0) >= 0) return { c, why: 'NUL' };
      if (!isUtf8(b)) return { c, why: 'not UTF-8' };
    }
    return null;
  }

  /** The dictionary as plain data (views of its arrays cut to size). */
  part(): IdsPart {
    const n = this.count;
    return {
      size: n,
      arena: this.arena.subarray(0, this.arenaUsed),
      keyAt: this.keyAt.subarray(0, n),
      keyLen: this.keyLen.subarray(0, n),
    };
  }

  /**
   * Number the ids of another dictionary here: the map from its numbers to ours. `recode` turns its bytes
   * into ours (an export in another encoding: its ids re-encoded as UTF-8); without it the bytes are taken
   * as they are.
   */
  absorb(p: IdsPart, recode?: (b: Uint8Array) => Uint8Array): Int32Array {
    const map = new Int32Array(p.size);
    for (let c = 0; c < p.size; c++) {
      const s = p.keyAt[c];
      const e = s + p.keyLen[c];
      if (recode) {
        const b = recode(p.arena.subarray(s, e));
        map[c] = this.idOfBytes(b, 0, b.length);
      } else map[c] = this.idOfBytes(p.arena, s, e);
    }
    return map;
  }

  private add(b: Uint8Array, s: number, e: number, h: number, i: number): number {
    const len = e - s;
    const c = this.count++;
    if (c === this.keyAt.length) {
      const n = c * 2;
      this.keyHash = grow(this.keyHash, n);
      this.keyAt = grow(this.keyAt, n);
      this.keyLen = grow(this.keyLen, n);
    }
    if (this.arenaUsed + len > this.arena.length) {
      const a = Buffer.alloc(Math.max(this.arena.length * 2, this.arenaUsed + len));
      this.arena.copy(a, 0, 0, this.arenaUsed);
      this.arena = a;
    }
    this.arena.set(b.subarray(s, e), this.arenaUsed);
    this.keyAt[c] = this.arenaUsed;
    this.keyLen[c] = len;
    this.keyHash[c] = h;
    this.arenaUsed += len;
    this.slots[i] = c;
    if ((c + 1) * 2 > this.slots.length) this.rehash();
    return c;
  }

  private sameBytes(at: number, b: Uint8Array, s: number, len: number): boolean {
    const a = this.arena;
    for (let k = 0; k < len; k++) if (a[at + k] !== b[s + k]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let c = 0; c < this.count; c++) {
      const h = this.keyHash[c];
      let i = (h ^ (h >>> 15)) & mask;
      while (slots[i] >= 0) i = (i + 1) & mask;
      slots[i] = c;
    }
    this.slots = slots;
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
