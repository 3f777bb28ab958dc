/**
 * CRC-32 as zip uses it (ISO-HDLC: reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF),
 * the standard table-driven way, eight bytes a step ("slicing by 8": one table per byte position, so the
 * loop does eight lookups and no shifts between them). The byte-at-a-time loop is three times slower, and
 * the guard checks the CRC of every entry of every upload.
 */

const POLYNOMIAL = 0xedb88320;

/** Tk[b]: the CRC of byte b followed by k zero bytes. */
const [T0, T1, T2, T3, T4, T5, T6, T7] = buildTables();

type Tables = [
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
];

function buildTables(): Tables {
  const first = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    first[n] = c;
  }
  const tables = [first];
  for (let k = 1; k < 8; k++) {
    const previous = tables[k - 1]!;
    const table = new Int32Array(256);
    for (let n = 0; n < 256; n++) table[n] = first[previous[n]! & 0xff]! ^ (previous[n]! >>> 8);
    tables.push(table);
  }
  return tables as Tables;
}

/** The CRC-32 of `bytes`, as an unsigned 32-bit number (what a zip header stores). */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  let i = 0;
  for (const end = bytes.length - 7; i < end; i += 8) {
    const low = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      T7[low & 0xff]! ^
      T6[(low >>> 8) & 0xff]! ^
      T5[(low >>> 16) & 0xff]! ^
      T4[low >>> 24]! ^
      T3[bytes[i + 4]!]! ^
      T2[bytes[i + 5]!]! ^
      T1[bytes[i + 6]!]! ^
      T0[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) c = T0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
