/**
 * Bytes as text, without Node's `Buffer`, using only the two decoders every `TextDecoder` has (UTF-8 and
 * UTF-16LE; Node built without ICU included). Each function says how it treats bytes that are not text,
 * because the guard must see what SheetJS sees.
 */

const CHUNK = 64 * 1024;
const CODE_UNITS_PER_CALL = 8192;

// A byte-order mark is kept as U+FEFF, as Buffer kept it: the sniffer strips the one it expects itself.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const utf16Decoder = new TextDecoder("utf-16le", { ignoreBOM: true });

/**
 * Bytes as ISO-8859-1, one character per byte (U+0000–U+00FF), exactly, so that offsets in the text are
 * offsets in the bytes: how SheetJS reads zip entry names, and how a part is scanned. ASCII (most parts)
 * is decoded as the UTF-8 it also is; anything else is widened to UTF-16 code units, a chunk at a time.
 */
export function latin1(bytes: Uint8Array): string {
  if (isAscii(bytes)) return utf8Decoder.decode(bytes);
  let out = "";
  for (let at = 0; at < bytes.length; at += CHUNK) {
    out += utf16Decoder.decode(new Uint16Array(bytes.subarray(at, at + CHUNK)));
  }
  return out;
}

function isAscii(bytes: Uint8Array): boolean {
  const length = bytes.length;
  let i = 0;
  const lead = (4 - (bytes.byteOffset & 3)) & 3;
  if (length >= lead + 4) {
    // Byte by byte up to a four-byte boundary, then four bytes a step.
    for (; i < lead; i++) if (bytes[i]! & 0x80) return false;
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (length - i) >> 2);
    for (let k = 0; k < words.length; k++) if (words[k]! & 0x80808080) return false;
    i += words.length * 4;
  }
  for (; i < length; i++) if (bytes[i]! & 0x80) return false;
  return true;
}

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
  for (let at = 0; at < units.length; at += CODE_UNITS_PER_CALL) {
    out += String.fromCharCode(...units.subarray(at, at + CODE_UNITS_PER_CALL));
  }
  return out;
}

/** The first bytes in hex, `50 4b 03 04 …`, for a detail. */
export function hexPrefix(bytes: Uint8Array, count = 8): string {
  return Array.from(bytes.subarray(0, count), (byte) => byte.toString(16).padStart(2, "0")).join(" ");
}
