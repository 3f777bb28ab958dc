/**
 * Reading an upload's bytes the same way in Node and in a browser: little-endian integers through a
 * `DataView`, signatures and joins on plain `Uint8Array`s.
 */

/**
 * Little-endian integers at byte offsets of one byte array. A read past either end throws a RangeError
 * (as `DataView` does); the walks check their offsets first, so one that gets through is a bug that
 * `inspectContainer` turns into a refusal.
 */
export class ByteView {
  readonly length: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.length = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u16(at: number): number {
    return this.view.getUint16(at, true);
  }

  u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  i32(at: number): number {
    return this.view.getInt32(at, true);
  }

  /** The `Int32` at `at`, or null when it would run past the end (a short last sector). */
  i32OrNull(at: number): number | null {
    return at + 4 <= this.length ? this.view.getInt32(at, true) : null;
  }
}

/** Whether `bytes` holds `magic` at offset `at`. */
export function startsWith(bytes: Uint8Array, magic: ArrayLike<number>, at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

/** The offset of the last occurrence of `needle` in `bytes`, or -1. */
export function lastIndexOf(bytes: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return bytes.length;
  for (let at = bytes.lastIndexOf(needle[0]!, bytes.length - needle.length); at >= 0; ) {
    if (startsWith(bytes, needle, at)) return at;
    at = at === 0 ? -1 : bytes.lastIndexOf(needle[0]!, at - 1);
  }
  return -1;
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWith(a, b);
}

/** The parts one after the other, cut to at most `limit` bytes (only what is kept is copied). */
export function concatBytes(parts: readonly Uint8Array[], limit = Number.POSITIVE_INFINITY): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(Math.max(0, Math.min(total, limit)));
  let at = 0;
  for (const part of parts) {
    if (at >= out.length) break;
    const kept = part.subarray(0, out.length - at);
    out.set(kept, at);
    at += kept.length;
  }
  return out;
}
