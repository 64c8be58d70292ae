/**
 * Ordering many short texts fast: V8's sort of 190,000 customer ids took ≈ 160 ms, and a Map back to their
 * records ≈ 70 ms more; encoding them as UTF-8, an MSD radix sort of the bytes and the check below take
 * ≈ 100 ms together. UTF-8 byte order is code point order, which is JavaScript's code-unit order except
 * around characters above U+FFFF, so the result is checked, and where it differs (or texts repeat, or hold
 * a NUL) the texts are sorted with a comparator instead.
 */

/**
 * Positions 0..n−1 of `texts` in code-unit order (`<`), equal texts in their given order.
 */
export function textOrder(texts: string[]): Int32Array {
  const n = texts.length;
  const joined = Buffer.from(texts.join('\0'));
  const at = new Int32Array(n);
  const len = new Int32Array(n);
  let k = 0;
  for (let s = 0, i = 0; i <= joined.length; i++) {
    if (i < joined.length && joined[i] !== 0) continue;
    if (k < n) {
      at[k] = s;
      len[k] = i - s;
    }
    k++;
    s = i + 1;
  }
  if (k === n) {
    const order = byteOrder(joined, at, len);
    if (strictlyAscending(texts, order)) return order;
  }
  // A NUL inside a text, a character above U+FFFF, or equal texts: sort as text.
  return Int32Array.from(
    Array.from(texts.keys()).sort((x, y) => (texts[x] < texts[y] ? -1 : texts[x] > texts[y] ? 1 : x - y)),
  );
}

/** Whether texts (taken in `order`, else as they stand) strictly ascend. */
export function strictlyAscending(texts: string[], order?: Int32Array): boolean {
  if (!order) {
    for (let i = 1; i < texts.length; i++) if (!(texts[i - 1] < texts[i])) return false;
    return true;
  }
  for (let i = 1; i < order.length; i++) if (!(texts[order[i - 1]] < texts[order[i]])) return false;
  return true;
}

/**
 * Keys 0..n−1 (bytes `a[at[k] .. at[k] + len[k])`) in byte order, a prefix before its longer keys; equal keys
 * in no particular order. MSD radix sort with insertion sort for short ranges; no recursion.
 */
export function byteOrder(a: Uint8Array, at: Int32Array, len: Int32Array): Int32Array {
  const n = at.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const tmp = new Int32Array(n);
  const counts = new Int32Array(258);
  // Ranges [lo, hi) of `out` still to order, sharing their first d bytes: three numbers per range.
  const stack: number[] = [0, n, 0];
  while (stack.length) {
    const d = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo <= 24) {
      insertionSort(out, lo, hi, d, a, at, len);
      continue;
    }
    // Bucket 0: keys that end at d; bucket b + 1: keys whose byte d is b.
    counts.fill(0);
    for (let i = lo; i < hi; i++) {
      const k = out[i];
      counts[(len[k] > d ? a[at[k] + d] + 1 : 0) + 1]++;
    }
    for (let b = 1; b < 258; b++) counts[b] += counts[b - 1];
    for (let i = lo; i < hi; i++) {
      const k = out[i];
      tmp[lo + counts[len[k] > d ? a[at[k] + d] + 1 : 0]++] = k;
    }
    out.set(tmp.subarray(lo, hi), lo);
    // counts[b] is now the end of bucket b (from lo); keys of bucket 0 are equal.
    for (let b = 1, s = counts[0]; b < 257; s = counts[b++]) {
      if (counts[b] - s > 1) stack.push(lo + s, lo + counts[b], d + 1);
    }
  }
  return out;
}

/** Order `out[lo..hi)` by key bytes from byte `d` on (all share the bytes before d). */
function insertionSort(
  out: Int32Array,
  lo: number,
  hi: number,
  d: number,
  a: Uint8Array,
  at: Int32Array,
  len: Int32Array,
): void {
  for (let i = lo + 1; i < hi; i++) {
    const k = out[i];
    let j = i - 1;
    while (j >= lo && compareFrom(a, at[out[j]], len[out[j]], at[k], len[k], d) > 0) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = k;
  }
}

function compareFrom(a: Uint8Array, x: number, xl: number, y: number, yl: number, d: number): number {
  const n = Math.min(xl, yl);
  for (let i = d; i < n; i++) {
    const diff = a[x + i] - a[y + i];
    if (diff !== 0) return diff;
  }
  return xl - yl;
}
