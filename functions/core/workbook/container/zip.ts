import { type ByteView, lastIndexOf, sameBytes } from "./bytes";
import { latin1 } from "./text";
import { refuse } from "./verdict";

/**
 * The zip container of an xlsx, walked as SheetJS walks it: the last end-of-central-directory record, the
 * central directory it points at, and each entry's local header, which SheetJS names and decodes the
 * entry from. Every offset is checked against the file before it is read.
 */

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const EOCD_SIGNATURE = new Uint8Array([0x50, 0x4b, 0x05, 0x06]);
/** Bits 0 (encrypted), 6 (strong encryption), 13 (masked local headers); SheetJS refuses the same. */
const FLAG_ENCRYPTED = 0x2041;
const FLAG_DESCRIPTOR = 0x0008;

/** One entry of the central directory, with where its data lies once its local header is checked. */
export interface ZipEntry {
  /** the name as SheetJS sees it: bytes as Latin-1 */
  name: string;
  /** lower case, `\` as `/`: SheetJS looks parts up this way */
  key: string;
  nameBytes: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** set by `checkLocalHeaders` */
  dataStart: number;
  /** set by `checkLocalHeaders`: the end of the data and of its descriptor, if any */
  dataEnd: number;
}

/** Where the central directory lies, from the end record. */
interface EndRecord {
  count: number;
  cdOffset: number;
  cdSize: number;
}

/** The central directory's entries, in order; refuses ZIP64, split, encrypted and non-deflate archives. */
export function readCentralDirectory(zip: ByteView): { entries: ZipEntry[]; cdOffset: number } {
  const end = readEndRecord(zip);
  const entries: ZipEntry[] = [];
  const cdEnd = end.cdOffset + end.cdSize;
  for (let i = 0, p = end.cdOffset; i < end.count; i++) {
    const entry = readCentralEntry(zip, p, cdEnd, i);
    entries.push(entry.entry);
    p = entry.next;
  }
  return { entries, cdOffset: end.cdOffset };
}

function readEndRecord(zip: ByteView): EndRecord {
  // SheetJS takes the last end-of-central-directory signature in the file; take the same one.
  const eocd = lastIndexOf(zip.bytes, EOCD_SIGNATURE);
  if (eocd < 0) {
    refuse("zip_corrupt", "no end-of-central-directory record: the file is cut short (an interrupted copy?)");
  }
  if (eocd + 22 > zip.length || eocd < zip.length - 22 - 0xffff) {
    refuse("zip_corrupt", `the end-of-central-directory record at ${eocd} is not at the end of the file`);
  }
  const disk = zip.u16(eocd + 4);
  const cdDisk = zip.u16(eocd + 6);
  const entriesHere = zip.u16(eocd + 8);
  const count = zip.u16(eocd + 10);
  const cdSize = zip.u32(eocd + 12);
  const cdOffset = zip.u32(eocd + 16);
  const commentLength = zip.u16(eocd + 20);
  if (
    count === 0xffff ||
    cdSize === 0xffffffff ||
    cdOffset === 0xffffffff ||
    (eocd >= 20 && zip.u32(eocd - 20) === SIG_ZIP64_LOCATOR)
  ) {
    refuse("unsupported_zip", "a ZIP64 archive (Excel never writes one for a workbook this size)");
  }
  if (disk !== 0 || cdDisk !== 0) refuse("unsupported_zip", "a split (multi-volume) zip archive");
  if (eocd + 22 + commentLength > zip.length) {
    refuse("zip_corrupt", "the zip comment runs past the end of the file");
  }
  if (entriesHere !== count)
    refuse("zip_corrupt", `the end record counts ${entriesHere} and ${count} entries`);
  if (cdOffset + cdSize > eocd) {
    refuse("zip_corrupt", "the central directory runs past its end record: the file is cut short or spliced");
  }
  if (count * 46 > cdSize)
    refuse("zip_corrupt", `${count} entries cannot fit a ${cdSize}-byte central directory`);
  return { count, cdOffset, cdSize };
}

function readCentralEntry(
  zip: ByteView,
  p: number,
  cdEnd: number,
  i: number,
): { entry: ZipEntry; next: number } {
  if (p + 46 > cdEnd || zip.u32(p) !== SIG_CENTRAL) {
    refuse("zip_corrupt", `central directory entry ${i} is missing or damaged`);
  }
  const flags = zip.u16(p + 8);
  const method = zip.u16(p + 10);
  const nameLength = zip.u16(p + 28);
  const extraLength = zip.u16(p + 30);
  const commentLength = zip.u16(p + 32);
  const next = p + 46 + nameLength + extraLength + commentLength;
  if (next > cdEnd) refuse("zip_corrupt", `central directory entry ${i} runs past the directory`);
  if (nameLength === 0) refuse("zip_corrupt", `central directory entry ${i} has no name`);
  const nameBytes = zip.bytes.subarray(p + 46, p + 46 + nameLength);
  const name = latin1(nameBytes);
  if (hasZip64Extra(zip, p + 46 + nameLength, extraLength)) {
    refuse("unsupported_zip", `"${name}" uses ZIP64 sizes`);
  }
  if (flags & FLAG_ENCRYPTED) {
    refuse("unsupported_zip", `"${name}" is encrypted inside the zip (a password-protected archive)`);
  }
  if (method !== 0 && method !== 8) {
    refuse(
      "unsupported_zip",
      `"${name}" uses compression method ${method}; only stored and deflate are read`,
    );
  }
  const entry: ZipEntry = {
    name,
    key: name.toLowerCase().replace(/\\/g, "/"),
    nameBytes,
    flags,
    method,
    crc: zip.u32(p + 16),
    compressedSize: zip.u32(p + 20),
    size: zip.u32(p + 24),
    localOffset: zip.u32(p + 42),
    dataStart: 0,
    dataEnd: 0,
  };
  return { entry, next };
}

/** Walks an extra field the way SheetJS does, looking for the ZIP64 block (id 1) it would honour. */
function hasZip64Extra(zip: ByteView, start: number, length: number): boolean {
  const end = start + length;
  let q = start;
  for (let guard = 0; q <= end - 4 && guard < 0x4000; guard++) {
    if (zip.u16(q) === 0x0001) return true;
    q += 4 + zip.u16(q + 2);
  }
  return false;
}

/** The entries by lookup key; refuses two entries SheetJS would take for one. */
export function entriesByKey(entries: readonly ZipEntry[]): Map<string, ZipEntry> {
  const byKey = new Map<string, ZipEntry>();
  for (const entry of entries) {
    if (byKey.has(entry.key)) refuse("zip_corrupt", `two entries are both named "${entry.name}"`);
    byKey.set(entry.key, entry);
  }
  return byKey;
}

/**
 * Checks that each entry's local header says what the central directory says, and sets where its data
 * lies; then that no two entries share bytes.
 */
export function checkLocalHeaders(zip: ByteView, entries: readonly ZipEntry[], cdOffset: number): void {
  for (const entry of entries) checkLocalHeader(zip, entry, cdOffset);
  // Entries sharing bytes are how a few KB are made to inflate many times over; no writer does it.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1]!;
    const entry = byOffset[i]!;
    if (entry.localOffset < previous.dataEnd) {
      refuse("zip_corrupt", `"${entry.name}" overlaps the data of "${previous.name}"`);
    }
  }
}

function checkLocalHeader(zip: ByteView, entry: ZipEntry, cdOffset: number): void {
  const lh = entry.localOffset;
  if (lh + 30 > cdOffset || zip.u32(lh) !== SIG_LOCAL) {
    refuse("zip_corrupt", `"${entry.name}" has no local header where the central directory says`);
  }
  const flags = zip.u16(lh + 6);
  const method = zip.u16(lh + 8);
  const nameLength = zip.u16(lh + 26);
  const extraLength = zip.u16(lh + 28);
  if (lh + 30 + nameLength + extraLength > cdOffset) {
    refuse("zip_corrupt", `"${entry.name}" has a local header running into the central directory`);
  }
  // SheetJS names and decodes each entry from its local header: it must say what the directory says.
  const localName = zip.bytes.subarray(lh + 30, lh + 30 + nameLength);
  if (!sameBytes(localName, entry.nameBytes)) {
    refuse("zip_corrupt", `the local header of "${entry.name}" names "${latin1(localName)}"`);
  }
  const checked = FLAG_ENCRYPTED | FLAG_DESCRIPTOR;
  if (method !== entry.method || (flags & checked) !== (entry.flags & checked)) {
    refuse(
      "zip_corrupt",
      `the local header of "${entry.name}" disagrees with the central directory on its method or flags`,
    );
  }
  if (hasZip64Extra(zip, lh + 30 + nameLength, extraLength)) {
    refuse("unsupported_zip", `"${entry.name}" uses ZIP64 sizes`);
  }
  entry.dataStart = lh + 30 + nameLength + extraLength;
  entry.dataEnd = entry.dataStart + entry.compressedSize;
  if (entry.dataEnd > cdOffset)
    refuse("zip_corrupt", `the data of "${entry.name}" runs into the central directory`);
  if (flags & FLAG_DESCRIPTOR) {
    entry.dataEnd = checkDescriptor(zip, entry, cdOffset);
  } else if (!sameSizes(zip, lh + 14, entry)) {
    refuse(
      "zip_corrupt",
      `the local header of "${entry.name}" disagrees with the central directory on its sizes`,
    );
  }
}

/** The data descriptor after an entry's data must repeat the directory's CRC and sizes; returns its end. */
function checkDescriptor(zip: ByteView, entry: ZipEntry, cdOffset: number): number {
  let d = entry.dataEnd;
  if (d + 4 <= cdOffset && zip.u32(d) === SIG_DESCRIPTOR) d += 4;
  if (d + 12 > cdOffset) refuse("zip_corrupt", `the data descriptor of "${entry.name}" is missing`);
  if (!sameSizes(zip, d, entry)) {
    refuse("zip_corrupt", `the data descriptor of "${entry.name}" disagrees with the central directory`);
  }
  return d + 12;
}

/** Whether the CRC, compressed size and size at `at` are the directory's. */
function sameSizes(zip: ByteView, at: number, entry: ZipEntry): boolean {
  return (
    zip.u32(at) === entry.crc && zip.u32(at + 4) === entry.compressedSize && zip.u32(at + 8) === entry.size
  );
}
