/**
 * Bytes as text, without Node's `Buffer`. Each decoder says how it treats bytes that are not text, because
 * the guard must see what SheetJS sees.
 */

const LATIN1_CHUNK = 8192;

/**
 * Bytes as ISO-8859-1, one character per byte (U+0000–U+00FF), exactly: how SheetJS reads zip entry names.
 * For short strings (names); a whole part goes through `partText`.
 */
export function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let at = 0; at < bytes.length; at += LATIN1_CHUNK) {
    out += String.fromCharCode(...bytes.subarray(at, at + LATIN1_CHUNK));
  }
  return out;
}

// WHATWG's "latin1" is windows-1252: still one character per byte and ASCII as itself, so offsets in the
// text are offsets in the bytes and every ASCII pattern matches where it would in ISO-8859-1. Only bytes
// 0x80–0x9F read differently (0x80 is "€"), which can change the wording of a detail, never a verdict.
const partDecoder = new TextDecoder("latin1");

/** A whole XML part as text to scan, one character per byte (see above), fast for megabytes. */
export function partText(bytes: Uint8Array): string {
  return partDecoder.decode(bytes);
}

// A byte-order mark is kept as U+FEFF, as Buffer kept it: the sniffer strips the one it expects itself.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Bytes as UTF-8; invalid sequences become U+FFFD. */
export function utf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Bytes as UTF-16 code units (a trailing odd byte is dropped); lone surrogates are kept as they are. */
export function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < units.length; i++) {
    const a = bytes[2 * i]!;
    const b = bytes[2 * i + 1]!;
    units[i] = littleEndian ? a | (b << 8) : (a << 8) | b;
  }
  let out = "";
  for (let at = 0; at < units.length; at += LATIN1_CHUNK) {
    out += String.fromCharCode(...units.subarray(at, at + LATIN1_CHUNK));
  }
  return out;
}

/** The first bytes in hex, `50 4b 03 04 …`, for a detail. */
export function hexPrefix(bytes: Uint8Array, count = 8): string {
  return Array.from(bytes.subarray(0, count), (byte) => byte.toString(16).padStart(2, "0")).join(" ");
}
