import { Buffer } from "node:buffer";
import { crc32, inflateRawSync } from "node:zlib";
import type { WorkbookLimits } from "./limits";

/**
 * The guard that looks at an upload's bytes before SheetJS does. SheetJS trusts what a file says about
 * itself: it inflates zip entries with no cap (a 312 KB shared-strings table becomes 1.6 GB), visits every
 * cell a hyperlink's range names (`A1:XFD1048576` is 17 billion), follows compound-file sector chains
 * without a cycle check, and reads text, HTML and PDF as if they were spreadsheets. This module walks the
 * container itself — zip central directory and local headers, or the OLE compound file's FAT and
 * directory — with every loop bounded and every offset checked, inflates each entry with a hard cap on
 * the bytes actually produced, and says in a clerk's terms what is wrong. It reads the same records
 * SheetJS reads (the last end-of-central-directory record, the local header's name and method, the
 * root `Workbook` stream), so what passes here is what SheetJS will parse.
 *
 * Pure: bytes in, verdict out; no file system, no network, never throws.
 */

export type WorkbookProblemCode =
  /** zero bytes, or only blanks / NUL bytes */
  | "empty"
  /** more bytes than `maxBytes` */
  | "too_large"
  /** not a zip or OLE file at all; `looksLike` says what it is instead */
  | "not_a_workbook"
  /** a zip, but not an OOXML spreadsheet (a .docx, .ods, .xlsb, OFD, a plain archive) */
  | "not_spreadsheet_zip"
  /** a truncated or inconsistent zip */
  | "zip_corrupt"
  /** zip entries inflate past `maxEntryInflatedBytes` / `maxInflatedBytes` */
  | "zip_bomb"
  /** zip64, split archives, encrypted entries, compression other than stored/deflate */
  | "unsupported_zip"
  /** more zip entries (or compound-file directory entries) than `maxZipEntries` */
  | "too_many_entries"
  | "too_many_sheets"
  /** a sheet with more merged ranges than `maxMerges` */
  | "too_many_merges"
  /** hyperlinks whose ranges cover more than `maxCells` cells of one sheet */
  | "hyperlink_range"
  /** a sheet with more multi-cell array formulas than SheetJS can check in time */
  | "too_many_array_formulas"
  /** comments piled on one cell, or more comments than `maxCells` in a part */
  | "too_many_comments"
  /** a chart caching points at indexes that add up past `maxCells` */
  | "chart_range"
  /** a workbook that declares no sheet */
  | "no_sheets"
  /** password-protected: an encrypted OOXML package in an OLE file, or an .xls with a FILEPASS record */
  | "encrypted"
  /** an OLE compound file (.xls) whose sectors, directory or records are broken or crafted */
  | "xls_corrupt"
  /** more cells than `maxCells` over the workbook (found by the reader, after parsing) */
  | "too_many_cells"
  /** SheetJS failed on a file that passed the guard (see `sheetjsErrorProblem`) */
  | "unreadable";

/** What a file that is not a workbook appears to be, so the message can say what to do with it. */
export type LooksLike =
  | "csv"
  | "text"
  | "html"
  | "xml"
  | "xml_spreadsheet"
  | "pdf"
  | "word"
  | "presentation"
  | "ofd"
  | "opendocument"
  | "xlsb"
  | "numbers"
  | "old_excel"
  | "image"
  | "archive"
  | "unknown";

export interface WorkbookProblem {
  code: WorkbookProblemCode;
  /** What was found, for logs and support (English, technical; never a stack trace). */
  detail: string;
  limit?: number;
  actual?: number;
  /** For `not_a_workbook` and `not_spreadsheet_zip`. */
  looksLike?: LooksLike;
}

export type ContainerVerdict =
  | {
      ok: true;
      kind: "xlsx" | "xls";
      sheetCount: number;
      /** Things the reader should know but that are no reason to refuse (a claimed 17-billion-cell dimension). */
      notes: string[];
    }
  | { ok: false; problem: WorkbookProblem };

/** Thrown inside this module only, to leave a nested walk with a verdict. */
class Refusal {
  constructor(readonly problem: WorkbookProblem) {}
}

function refuse(code: WorkbookProblemCode, detail: string, extra: Partial<WorkbookProblem> = {}): never {
  throw new Refusal({ code, detail, ...extra });
}

export function inspectContainer(bytes: Uint8Array, limits: WorkbookLimits): ContainerVerdict {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length === 0) refuse("empty", "the file has 0 bytes", { actual: 0 });
    if (buf.length > limits.maxBytes) {
      refuse("too_large", `the file has ${buf.length} bytes, over the limit of ${limits.maxBytes}`, {
        limit: limits.maxBytes,
        actual: buf.length,
      });
    }
    if (isZipMagic(buf)) return inspectZip(buf, limits);
    if (startsWith(buf, OLE_MAGIC)) return inspectCompoundFile(buf, limits);
    return refuseUnknown(buf);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    // A bug here must not let the file through to SheetJS unguarded.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { code: "unreadable", detail: `container check failed: ${message}` } };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sniffing what a non-workbook is

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(buf: Buffer, magic: readonly number[], at = 0): boolean {
  if (buf.length < at + magic.length) return false;
  return magic.every((byte, i) => buf[at + i] === byte);
}

/** SheetJS sends `PK` followed by two bytes below 9 to its zip reader; so do we. */
function isZipMagic(buf: Buffer): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2]! < 9 && buf[3]! < 9;
}

const BINARY_MAGICS: ReadonlyArray<{
  magic: readonly number[];
  at?: number;
  looksLike: LooksLike;
  what: string;
}> = [
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], looksLike: "pdf", what: "a PDF document" },
  { magic: [0x89, 0x50, 0x4e, 0x47], looksLike: "image", what: "a PNG image" },
  { magic: [0xff, 0xd8, 0xff], looksLike: "image", what: "a JPEG image" },
  { magic: [0x47, 0x49, 0x46, 0x38], looksLike: "image", what: "a GIF image" },
  { magic: [0x42, 0x4d], looksLike: "image", what: "a BMP image" },
  { magic: [0x49, 0x49, 0x2a, 0x00], looksLike: "image", what: "a TIFF image" },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], looksLike: "image", what: "a TIFF image" },
  { magic: [0x57, 0x45, 0x42, 0x50], at: 8, looksLike: "image", what: "a WebP image" },
  { magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], looksLike: "archive", what: "a RAR archive" },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], looksLike: "archive", what: "a 7-Zip archive" },
  { magic: [0x1f, 0x8b], looksLike: "archive", what: "a gzip archive" },
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], looksLike: "word", what: "an RTF document" },
];

const SNIFF_BYTES = 64 * 1024;

function refuseUnknown(buf: Buffer): never {
  for (const { magic, at, looksLike, what } of BINARY_MAGICS) {
    if (startsWith(buf, magic, at ?? 0)) notAWorkbook(looksLike, what);
  }
  // BIFF2–4 worksheets (Excel 2.x–4.x) are a bare record stream starting with a BOF record.
  if (buf.length >= 4 && buf[0] === 0x09 && (buf[1] === 0x00 || buf[1] === 0x02 || buf[1] === 0x04)) {
    notAWorkbook("old_excel", "an Excel 2.x-4.x worksheet (BIFF2-4)");
  }
  if (isBlank(buf)) refuse("empty", `the file's ${buf.length} bytes are all blanks or NUL bytes`);
  const text = decodeSample(buf);
  if (text === null) notAWorkbook("unknown", `unrecognised binary data starting ${hexPrefix(buf)}`);
  sniffText(text);
}

function notAWorkbook(looksLike: LooksLike, what: string): never {
  refuse("not_a_workbook", `not an Excel workbook: it looks like ${what}`, { looksLike });
}

function isBlank(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b !== 0x00 && b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

function hexPrefix(buf: Buffer): string {
  return buf.subarray(0, 8).toString("hex").replace(/(..)/g, "$1 ").trim();
}

/** The first 64 KB as text, or null when it is binary (control bytes other than tab/CR/LF/FF/ESC). */
function decodeSample(buf: Buffer): string | null {
  let sample = buf.subarray(0, SNIFF_BYTES);
  let text: string;
  if (sample[0] === 0xff && sample[1] === 0xfe) {
    text = sample.subarray(2, sample.length & ~1).toString("utf16le");
  } else if (sample[0] === 0xfe && sample[1] === 0xff) {
    const swapped = Buffer.from(sample.subarray(2, sample.length & ~1));
    text = swapped.swap16().toString("utf16le");
  } else {
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) sample = sample.subarray(3);
    // GBK text decodes to replacement characters here, which are still "text" for sniffing.
    text = sample.toString("utf8");
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) control++;
  }
  return control > text.length / 100 ? null : text;
}

function sniffText(text: string): never {
  const head = text.slice(0, 4096).trimStart().toLowerCase();
  const sample = text.slice(0, SNIFF_BYTES).toLowerCase();
  if (head.startsWith("mime-version:") || /^content-type:\s*multipart\/related/.test(head)) {
    notAWorkbook("html", "a single-file web page (MHTML), which some systems save under an .xls name");
  }
  if (head.startsWith("<?xml") || head.startsWith("<workbook")) {
    if (
      sample.includes("urn:schemas-microsoft-com:office:spreadsheet") ||
      /<(\w+:)?workbook[\s>]/.test(sample)
    ) {
      notAWorkbook("xml_spreadsheet", "an Excel 2003 XML spreadsheet (SpreadsheetML)");
    }
    if (!/<(\w+:)?(html|table)[\s>]/.test(sample)) notAWorkbook("xml", "an XML document");
  }
  if (head.startsWith("<") && /<(!doctype\s+html|html|head|body|table|meta|tr|td)[\s>/]/.test(sample)) {
    notAWorkbook("html", "an HTML web page or table, which some systems save under an .xls name");
  }
  const lines = text
    .slice(0, 8192)
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== "")
    .slice(0, 20);
  const delimited = lines.filter((line) => /[,\t;，]/.test(line)).length;
  if (lines.length > 0 && delimited >= Math.ceil(lines.length / 2)) {
    notAWorkbook("csv", "CSV (comma- or tab-separated) text");
  }
  notAWorkbook("text", "a plain text file");
}

// ---------------------------------------------------------------------------------------------------------
// Zip (xlsx)

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const EOCD_BYTES = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** Bits 0 (encrypted), 6 (strong encryption), 13 (masked local headers); SheetJS refuses the same. */
const FLAG_ENCRYPTED = 0x2041;
const FLAG_DESCRIPTOR = 0x0008;

interface ZipEntry {
  /** the name as SheetJS sees it: bytes as Latin-1 */
  name: string;
  /** lower case, `\` as `/`: SheetJS looks parts up this way */
  key: string;
  nameBytes: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  dataStart: number;
  dataEnd: number;
}

const WORKBOOK_CONTENT_TYPES = new Set([
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
  "application/vnd.ms-excel.sheet.macroenabled.main+xml",
  "application/vnd.ms-excel.sheet.binary.macroenabled.main",
  "application/vnd.ms-excel.addin.macroenabled.main+xml",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
]);

function inspectZip(buf: Buffer, limits: WorkbookLimits): ContainerVerdict {
  const { entries, cdOffset } = readCentralDirectory(buf);
  const byKey = new Map<string, ZipEntry>();
  for (const entry of entries) {
    if (byKey.has(entry.key)) refuse("zip_corrupt", `two entries are both named "${entry.name}"`);
    byKey.set(entry.key, entry);
  }

  classifyZip(byKey);

  const worksheetParts = entries.filter((entry) => /(^|\/)worksheets\/[^/]+\.xml$/.test(entry.key)).length;
  if (worksheetParts > limits.maxSheets) {
    refuse("too_many_sheets", `the package holds ${worksheetParts} worksheet parts`, {
      limit: limits.maxSheets,
      actual: worksheetParts,
    });
  }
  if (entries.length > limits.maxZipEntries) {
    refuse("too_many_entries", `the zip has ${entries.length} entries`, {
      limit: limits.maxZipEntries,
      actual: entries.length,
    });
  }

  let claimed = 0;
  for (const entry of entries) {
    // A size no deflate stream of this length can produce (at most 1032:1) is a damaged header, not a bomb.
    if (
      entry.method === 0
        ? entry.size !== entry.compressedSize
        : entry.size > entry.compressedSize * 1032 + 1024
    ) {
      refuse(
        "zip_corrupt",
        `"${entry.name}" claims ${entry.size} bytes from ${entry.compressedSize} compressed`,
      );
    }
    claimed += entry.size;
    if (entry.size > limits.maxEntryInflatedBytes) {
      refuse("zip_bomb", `"${entry.name}" declares ${entry.size} bytes inflated`, {
        limit: limits.maxEntryInflatedBytes,
        actual: entry.size,
      });
    }
  }
  if (claimed > limits.maxInflatedBytes) {
    refuse("zip_bomb", `the entries declare ${claimed} bytes inflated in all`, {
      limit: limits.maxInflatedBytes,
      actual: claimed,
    });
  }

  checkLocalHeaders(buf, entries, cdOffset);

  // The content types say which part is the workbook; read them first, then inflate everything (SheetJS
  // does), keeping only the workbook and its relationships.
  const typesEntry = byKey.get("[content_types].xml")!;
  const contentTypes = inflateEntry(buf, typesEntry, limits, 0);
  let total = contentTypes.length;
  const workbookKey = workbookPart(contentTypes.toString("utf8"), byKey);
  if (workbookKey.endsWith(".bin")) {
    refuse("not_spreadsheet_zip", "an Excel binary workbook (.xlsb)", { looksLike: "xlsb" });
  }
  const relsKey = workbookKey.replace(/^(.*\/)?([^/]*)$/, "$1_rels/$2.rels");
  const notes: string[] = [];
  let workbookXml = "";
  let workbookRels = "";
  for (const entry of entries) {
    if (entry === typesEntry) continue;
    const data = inflateEntry(buf, entry, limits, total);
    total += data.length;
    if (entry.key === workbookKey) workbookXml = data.toString("utf8");
    if (entry.key === relsKey) workbookRels = data.toString("utf8");
    if (entry.key.endsWith(".xml")) scanPart(entry.name, data, limits, notes);
  }

  // SheetJS reads a sheet part whose name ends in `.bin` with its xlsb parser, whatever it holds.
  for (const tag of workbookRels.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    const target = /\bTarget\s*=\s*["']([^"']*)["']/.exec(tag)?.[1] ?? "";
    const type = /\bType\s*=\s*["']([^"']*)["']/.exec(tag)?.[1] ?? "";
    const sheetType = /\/(worksheet|chartsheet|dialogsheet|xlMacrosheet)$/.test(type);
    if (sheetType && target.toLowerCase().endsWith(".bin")) {
      refuse("not_spreadsheet_zip", `the workbook links a binary part ${target} (an .xlsb part)`, {
        looksLike: "xlsb",
      });
    }
  }

  const sheetCount = countMatches(workbookXml, /<(?:\w+:)?sheet[\s/>]/g);
  if (sheetCount === 0) refuse("no_sheets", `${workbookKey} declares no <sheet>`);
  if (sheetCount > limits.maxSheets) {
    refuse("too_many_sheets", `${workbookKey} declares ${sheetCount} sheets`, {
      limit: limits.maxSheets,
      actual: sheetCount,
    });
  }
  return { ok: true, kind: "xlsx", sheetCount, notes };
}

function readCentralDirectory(buf: Buffer): { entries: ZipEntry[]; cdOffset: number } {
  // SheetJS takes the last end-of-central-directory signature in the file; take the same one.
  const eocd = buf.lastIndexOf(EOCD_BYTES);
  if (eocd < 0) {
    refuse("zip_corrupt", "no end-of-central-directory record: the file is cut short (an interrupted copy?)");
  }
  if (eocd + 22 > buf.length || eocd < buf.length - 22 - 0xffff) {
    refuse("zip_corrupt", `the end-of-central-directory record at ${eocd} is not at the end of the file`);
  }
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const entriesHere = buf.readUInt16LE(eocd + 8);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  const commentLength = buf.readUInt16LE(eocd + 20);
  if (
    count === 0xffff ||
    cdSize === 0xffffffff ||
    cdOffset === 0xffffffff ||
    (eocd >= 20 && buf.readUInt32LE(eocd - 20) === SIG_ZIP64_LOCATOR)
  ) {
    refuse("unsupported_zip", "a ZIP64 archive (Excel never writes one for a workbook this size)");
  }
  if (disk !== 0 || cdDisk !== 0) refuse("unsupported_zip", "a split (multi-volume) zip archive");
  if (eocd + 22 + commentLength > buf.length) {
    refuse("zip_corrupt", "the zip comment runs past the end of the file");
  }
  if (entriesHere !== count)
    refuse("zip_corrupt", `the end record counts ${entriesHere} and ${count} entries`);
  if (cdOffset + cdSize > eocd) {
    refuse("zip_corrupt", "the central directory runs past its end record: the file is cut short or spliced");
  }
  if (count * 46 > cdSize)
    refuse("zip_corrupt", `${count} entries cannot fit a ${cdSize}-byte central directory`);

  const entries: ZipEntry[] = [];
  const cdEnd = cdOffset + cdSize;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdEnd || buf.readUInt32LE(p) !== SIG_CENTRAL) {
      refuse("zip_corrupt", `central directory entry ${i} is missing or damaged`);
    }
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const end = p + 46 + nameLength + extraLength + commentLen;
    if (end > cdEnd) refuse("zip_corrupt", `central directory entry ${i} runs past the directory`);
    if (nameLength === 0) refuse("zip_corrupt", `central directory entry ${i} has no name`);
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLength);
    const name = nameBytes.toString("latin1");
    if (hasZip64Extra(buf, p + 46 + nameLength, extraLength)) {
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
    entries.push({
      name,
      key: name.toLowerCase().replace(/\\/g, "/"),
      nameBytes,
      flags,
      method,
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      dataStart: 0,
      dataEnd: 0,
    });
    p = end;
  }
  return { entries, cdOffset };
}

/** Walks an extra field the way SheetJS does, looking for the ZIP64 block (id 1) it would honour. */
function hasZip64Extra(buf: Buffer, start: number, length: number): boolean {
  const end = start + length;
  let q = start;
  for (let guard = 0; q <= end - 4 && guard < 0x4000; guard++) {
    if (buf.readUInt16LE(q) === 0x0001) return true;
    q += 4 + buf.readUInt16LE(q + 2);
  }
  return false;
}

function classifyZip(byKey: ReadonlyMap<string, ZipEntry>): void {
  const has = (key: string) => byKey.has(key);
  const under = (prefix: string) => [...byKey.keys()].some((key) => key.startsWith(prefix));
  const notSpreadsheet = (looksLike: LooksLike, what: string): never =>
    refuse("not_spreadsheet_zip", `a zip that is not an Excel workbook: it looks like ${what}`, {
      looksLike,
    });
  // SheetJS reads any package with a manifest as OpenDocument, before looking for an xlsx.
  if (has("meta-inf/manifest.xml") || has("mimetype")) {
    notSpreadsheet("opendocument", "an OpenDocument file (.ods/.odt)");
  }
  if (has("index/document.iwa") || has("index.xml") || has("index.xml.gz")) {
    notSpreadsheet("numbers", "an Apple Numbers/iWork file");
  }
  if (has("ofd.xml")) notSpreadsheet("ofd", "an OFD document");
  if (has("word/document.xml") || under("word/")) notSpreadsheet("word", "a Word document (.docx/.wps)");
  if (has("ppt/presentation.xml") || under("ppt/"))
    notSpreadsheet("presentation", "a PowerPoint presentation");
  if (has("xl/workbook.bin") && !has("xl/workbook.xml"))
    notSpreadsheet("xlsb", "an Excel binary workbook (.xlsb)");
  if (!has("[content_types].xml")) notSpreadsheet("archive", "a zip archive of other files");
  if (!under("xl/")) notSpreadsheet("archive", "an Office package that holds no workbook");
}

function checkLocalHeaders(buf: Buffer, entries: ZipEntry[], cdOffset: number): void {
  for (const entry of entries) {
    const lh = entry.localOffset;
    if (lh + 30 > cdOffset || buf.readUInt32LE(lh) !== SIG_LOCAL) {
      refuse("zip_corrupt", `"${entry.name}" has no local header where the central directory says`);
    }
    const flags = buf.readUInt16LE(lh + 6);
    const method = buf.readUInt16LE(lh + 8);
    const nameLength = buf.readUInt16LE(lh + 26);
    const extraLength = buf.readUInt16LE(lh + 28);
    if (lh + 30 + nameLength + extraLength > cdOffset) {
      refuse("zip_corrupt", `"${entry.name}" has a local header running into the central directory`);
    }
    // SheetJS names and decodes each entry from its local header: it must say what the directory says.
    const localName = buf.subarray(lh + 30, lh + 30 + nameLength);
    if (!localName.equals(entry.nameBytes)) {
      refuse("zip_corrupt", `the local header of "${entry.name}" names "${localName.toString("latin1")}"`);
    }
    if (
      method !== entry.method ||
      (flags & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR)) !== (entry.flags & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR))
    ) {
      refuse(
        "zip_corrupt",
        `the local header of "${entry.name}" disagrees with the central directory on its method or flags`,
      );
    }
    if (hasZip64Extra(buf, lh + 30 + nameLength, extraLength)) {
      refuse("unsupported_zip", `"${entry.name}" uses ZIP64 sizes`);
    }
    entry.dataStart = lh + 30 + nameLength + extraLength;
    entry.dataEnd = entry.dataStart + entry.compressedSize;
    if (entry.dataEnd > cdOffset)
      refuse("zip_corrupt", `the data of "${entry.name}" runs into the central directory`);
    if (flags & FLAG_DESCRIPTOR) {
      let d = entry.dataEnd;
      if (d + 4 <= cdOffset && buf.readUInt32LE(d) === SIG_DESCRIPTOR) d += 4;
      if (d + 12 > cdOffset) refuse("zip_corrupt", `the data descriptor of "${entry.name}" is missing`);
      if (
        buf.readUInt32LE(d) !== entry.crc ||
        buf.readUInt32LE(d + 4) !== entry.compressedSize ||
        buf.readUInt32LE(d + 8) !== entry.size
      ) {
        refuse("zip_corrupt", `the data descriptor of "${entry.name}" disagrees with the central directory`);
      }
      entry.dataEnd = d + 12;
    } else if (
      buf.readUInt32LE(lh + 14) !== entry.crc ||
      buf.readUInt32LE(lh + 18) !== entry.compressedSize ||
      buf.readUInt32LE(lh + 22) !== entry.size
    ) {
      refuse(
        "zip_corrupt",
        `the local header of "${entry.name}" disagrees with the central directory on its sizes`,
      );
    }
  }
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

/** Inflates one entry, producing at most what is left of the caps; the headers' sizes are only compared. */
function inflateEntry(buf: Buffer, entry: ZipEntry, limits: WorkbookLimits, inflatedSoFar: number): Buffer {
  const raw = buf.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const perEntry = limits.maxEntryInflatedBytes <= limits.maxInflatedBytes - inflatedSoFar;
  const budget = perEntry ? limits.maxEntryInflatedBytes : limits.maxInflatedBytes - inflatedSoFar;
  const limit = perEntry ? limits.maxEntryInflatedBytes : limits.maxInflatedBytes;
  const tooBig = (what: string): never =>
    refuse(
      "zip_bomb",
      `"${entry.name}" ${what}, past the ${perEntry ? "per-entry" : "total"} cap of ${limit} bytes`,
      {
        limit,
      },
    );
  let data: Buffer;
  if (entry.method === 0 || (entry.compressedSize === 0 && entry.size === 0)) {
    data = raw;
  } else {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) });
    } catch (error) {
      if (isTooLarge(error))
        tooBig(`inflates to more than ${budget} bytes (its headers claim ${entry.size})`);
      refuse(
        "zip_corrupt",
        `"${entry.name}" does not inflate: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (data.length > budget) tooBig(`holds ${data.length} bytes`);
  if (data.length !== entry.size) {
    refuse(
      "zip_corrupt",
      `"${entry.name}" inflates to ${data.length} bytes but its headers say ${entry.size}`,
    );
  }
  if (crc32(data) !== entry.crc) refuse("zip_corrupt", `"${entry.name}" fails its CRC-32 check`);
  return data;
}

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof RangeError ||
    (typeof error === "object" &&
      error !== null &&
      (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE")
  );
}

/** The workbook part, found as SheetJS finds it: the content types first, then `xl/workbook.xml`. */
function workbookPart(contentTypes: string, byKey: ReadonlyMap<string, ZipEntry>): string {
  for (const tag of contentTypes.match(/<(?:\w+:)?Override\b[^>]*>/g) ?? []) {
    const type = /\bContentType\s*=\s*["']([^"']*)["']/.exec(tag)?.[1]?.toLowerCase();
    const part = /\bPartName\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    if (type && part && WORKBOOK_CONTENT_TYPES.has(type)) {
      const key = part.replace(/^\//, "").toLowerCase().replace(/\\/g, "/");
      if (!byKey.has(key))
        refuse("zip_corrupt", `the content types name a workbook part ${part} that is missing`);
      return key;
    }
  }
  if (byKey.has("xl/workbook.xml")) return "xl/workbook.xml";
  if (byKey.has("xl/workbook.bin")) return "xl/workbook.bin";
  refuse("not_spreadsheet_zip", "an Office package without xl/workbook.xml", { looksLike: "archive" });
}

const MERGE_NEEDLE = Buffer.from("mergeCell ref=");
const ARRAY_FORMULA_NEEDLE = Buffer.from('t="array"');
const HYPERLINK_NEEDLE = Buffer.from("hyperlink ");
/**
 * Multi-cell array formulas one sheet may hold. Reading formulas, SheetJS compares every cell it reads with
 * every such formula seen before it, so 800,000 cells and as many array formulas would be 10^11 steps; a
 * report has none, a working sheet a handful.
 */
const MAX_ARRAY_FORMULAS = 100;

/**
 * What SheetJS will do with a part, from its bytes: it reads every `<mergeCell>` (ignoring `sheetRows`),
 * visits every cell each `<hyperlink ref>` covers (creating a cell object for each), and with
 * `cellFormula` compares every cell with every multi-cell array formula. A claimed `<dimension>` is only
 * noted: SheetJS clamps it to the rows it actually read.
 */
function scanPart(name: string, data: Buffer, limits: WorkbookLimits, notes: string[]): void {
  const merges = countNeedle(data, MERGE_NEEDLE, limits.maxMerges + 1);
  if (merges > limits.maxMerges) {
    refuse("too_many_merges", `${name} has more than ${limits.maxMerges} merged ranges`, {
      limit: limits.maxMerges,
      actual: merges,
    });
  }

  let arrays = 0;
  for (
    let at = data.indexOf(ARRAY_FORMULA_NEEDLE);
    at >= 0;
    at = data.indexOf(ARRAY_FORMULA_NEEDLE, at + 1)
  ) {
    const tag = enclosingTag(data, at);
    // SheetJS takes the cell's first `ref=`; one inside this tag without a colon is a one-cell formula.
    const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    if (ref === undefined || ref.includes(":")) arrays++;
    if (arrays > MAX_ARRAY_FORMULAS) {
      refuse(
        "too_many_array_formulas",
        `${name} has more than ${MAX_ARRAY_FORMULAS} multi-cell array formulas`,
        {
          limit: MAX_ARRAY_FORMULAS,
          actual: arrays,
        },
      );
    }
  }

  let linked = 0;
  for (let at = data.indexOf(HYPERLINK_NEEDLE); at >= 0; at = data.indexOf(HYPERLINK_NEEDLE, at + 1)) {
    const before = data[at - 1];
    if (before !== 0x3c && before !== 0x3a) continue; // `<hyperlink ` or `<x:hyperlink `
    const tag = enclosingTag(data, at);
    for (const match of tag.matchAll(/\bref\s*=\s*["']([^"']*)["']/g)) {
      linked += rangeArea(decodeRange(match[1]!));
      if (linked > limits.maxCells) {
        refuse(
          "hyperlink_range",
          `${name} has hyperlinks (${match[1]}) covering more than ${limits.maxCells} cells`,
          {
            limit: limits.maxCells,
            actual: linked,
          },
        );
      }
    }
  }

  if (data.includes(COMMENT_NEEDLE)) checkComments(name, data.toString("latin1"), limits);
  if (data.includes(CHART_POINT_NEEDLE)) checkChartPoints(name, data.toString("latin1"), limits);

  const head = data.toString("latin1", 0, Math.min(data.length, SNIFF_BYTES));
  const dimension = /<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*["']([^"']*)["']/.exec(head)?.[1];
  if (dimension !== undefined) {
    const range = decodeRange(dimension);
    const rows = range.er - range.sr + 1;
    const cols = range.ec - range.sc + 1;
    if (range.er >= limits.maxRows || range.ec >= limits.maxColumns) {
      notes.push(
        `${name} claims dimension ${dimension} (${rows} rows x ${cols} columns); ` +
          `read at most ${limits.maxRows} rows and ${limits.maxColumns} columns`,
      );
    }
  }
  if (merges > 0) {
    let reported = 0;
    for (const match of data.toString("latin1").matchAll(/<(?:\w+:)?mergeCell ref=["']([A-Z0-9:]+)['"]/g)) {
      const range = decodeRange(match[1]!);
      if ((range.er >= limits.maxRows || range.ec >= limits.maxColumns) && reported < 3) {
        notes.push(
          `${name} merges ${match[1]}, beyond the first ${limits.maxRows} rows x ${limits.maxColumns} columns`,
        );
        reported++;
      }
    }
  }
}

const COMMENT_NEEDLE = Buffer.from("omment");
const CHART_POINT_NEEDLE = Buffer.from("<c:pt idx=");
/** Comments (or threaded replies) on one cell; SheetJS scans a cell's comments for each one it adds. */
const MAX_COMMENTS_PER_CELL = 100;

function checkComments(name: string, text: string, limits: WorkbookLimits): void {
  const perCell = new Map<string, number>();
  let total = 0;
  for (const match of text.matchAll(/<(?:\w+:)?(?:threadedComment|comment)\b[^>]*>/g)) {
    const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(match[0])?.[1] ?? "";
    const count = (perCell.get(ref) ?? 0) + 1;
    perCell.set(ref, count);
    total++;
    if (count > MAX_COMMENTS_PER_CELL || total > limits.maxCells) {
      const over = count > MAX_COMMENTS_PER_CELL;
      refuse(
        "too_many_comments",
        over
          ? `${name} puts more than ${MAX_COMMENTS_PER_CELL} comments on ${ref}`
          : `${name} has more than ${limits.maxCells} comments`,
        over ? { limit: MAX_COMMENTS_PER_CELL, actual: count } : { limit: limits.maxCells, actual: total },
      );
    }
  }
}

/**
 * SheetJS puts a chart's cached points in an array at the index each names, then walks it with
 * `forEach`, which visits every index up to the largest: one point at 4,000,000,000 never finishes.
 */
function checkChartPoints(name: string, text: string, limits: WorkbookLimits): void {
  let total = 0;
  let largest = -1;
  for (const match of text.matchAll(/<c:numCache>|<c:pt idx="(\d*)"/g)) {
    if (match[1] === undefined) {
      total += largest + 1;
      largest = -1;
    } else {
      largest = Math.max(largest, Number(match[1]));
    }
    if (total + largest + 1 > limits.maxCells) {
      refuse("chart_range", `${name} caches chart points up to index ${largest}`, {
        limit: limits.maxCells,
        actual: total + largest + 1,
      });
    }
  }
}

/** The XML tag around a position: from the `<` before it to the `>` after it (at most 4 KB each way). */
function enclosingTag(data: Buffer, at: number): string {
  const open = data.lastIndexOf(0x3c, at);
  const start = open < 0 || at - open > 4096 ? at : open;
  const close = data.indexOf(0x3e, at);
  const end = close < 0 || close - at > 4096 ? Math.min(data.length, at + 4096) : close + 1;
  return data.toString("latin1", start, end);
}

function countNeedle(data: Buffer, needle: Buffer, stopAt: number): number {
  let count = 0;
  for (
    let at = data.indexOf(needle);
    at >= 0 && count < stopAt;
    at = data.indexOf(needle, at + needle.length)
  ) {
    count++;
  }
  return count;
}

function countMatches(text: string, pattern: RegExp): number {
  let count = 0;
  for (const _ of text.matchAll(pattern)) count++;
  return count;
}

interface DecodedRange {
  sr: number;
  sc: number;
  er: number;
  ec: number;
}

/**
 * A range as SheetJS's `safe_decode_range` reads it (0-based): upper-case letters then digits, no `$`,
 * no clamp to Excel's limits, so `A1:A99999999999` really is 10^11 rows to a loop over it.
 */
function decodeRange(ref: string): DecodedRange {
  let i = 0;
  const letters = (): number => {
    let n = 0;
    for (; i < ref.length; i++) {
      const cc = ref.charCodeAt(i) - 64;
      if (cc < 1 || cc > 26) break;
      n = 26 * n + cc;
    }
    return n - 1;
  };
  const digits = (): number => {
    let n = 0;
    for (; i < ref.length; i++) {
      const cc = ref.charCodeAt(i) - 48;
      if (cc < 0 || cc > 9) break;
      n = 10 * n + cc;
    }
    return n - 1;
  };
  const sc = letters();
  const sr = digits();
  if (i === ref.length || ref.charCodeAt(i) !== 58) return { sr, sc, er: sr, ec: sc };
  i++;
  const ec = letters();
  const er = digits();
  return { sr, sc, er, ec };
}

/** Cells a `for (R = s.r; R <= e.r) for (C = s.c; C <= e.c)` loop over the range visits. */
function rangeArea(range: DecodedRange): number {
  return Math.max(0, range.er - range.sr + 1) * Math.max(0, range.ec - range.sc + 1);
}

// ---------------------------------------------------------------------------------------------------------
// OLE compound file (xls, or a password-protected xlsx)

const ENDOFCHAIN = -2;
const MINI_CUTOFF = 4096;

interface DirEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

function inspectCompoundFile(buf: Buffer, limits: WorkbookLimits): ContainerVerdict {
  const cfb = readCompoundFile(buf, limits);
  const names = cfb.entries.map((entry) => entry.name.toLowerCase());
  const root = rootChildren(cfb.entries);
  const atRoot = (name: string) => root.some((entry) => entry.name.toLowerCase() === name);

  // SheetJS looks for `EncryptedPackage` anywhere and `/encryption` at the root, in that order.
  if (names.includes("encryptedpackage") || atRoot("encryptioninfo")) {
    refuse(
      "encrypted",
      "an encrypted OOXML package (EncryptionInfo/EncryptedPackage): the workbook has a password",
    );
  }
  if (atRoot("encryption")) refuse("encrypted", "a password-protected workbook (an `encryption` stream)");
  const rootStream = (name: string) =>
    root.find((entry) => entry.type === 2 && entry.name.toLowerCase() === name);
  const workbook = rootStream("workbook") ?? rootStream("book");
  if (!workbook) {
    if (atRoot("worddocument")) notAWorkbook("word", "a Word or WPS document (.doc/.wps)");
    if (atRoot("powerpoint document")) notAWorkbook("presentation", "a PowerPoint presentation (.ppt)");
    const shown = root
      .slice(0, 6)
      .map((entry) => JSON.stringify(entry.name))
      .join(", ");
    notAWorkbook("unknown", `an OLE compound file with no Workbook stream (it holds ${shown || "nothing"})`);
  }
  const biff = walkBiff(cfb.read(workbook), limits, true);
  // Workbooks embedded deeper (an OLE object) are checked for what SheetJS would expand, in case its path
  // resolution picks one of them.
  for (const entry of cfb.entries) {
    const name = entry.name.toLowerCase();
    if (entry !== workbook && entry.type === 2 && (name === "workbook" || name === "book")) {
      walkBiff(cfb.read(entry), limits, false);
    }
  }
  if (biff.sheetCount === 0) refuse("no_sheets", "the .xls declares no sheet (no BoundSheet8 record)");
  if (biff.sheetCount > limits.maxSheets) {
    refuse("too_many_sheets", `the .xls declares ${biff.sheetCount} sheets`, {
      limit: limits.maxSheets,
      actual: biff.sheetCount,
    });
  }
  return { ok: true, kind: "xls", sheetCount: biff.sheetCount, notes: biff.notes };
}

function corrupt(detail: string): never {
  refuse("xls_corrupt", detail);
}

interface CompoundFile {
  entries: DirEntry[];
  read(entry: DirEntry): Buffer;
}

function readCompoundFile(buf: Buffer, limits: WorkbookLimits): CompoundFile {
  if (buf.length < 512) corrupt(`the compound file has ${buf.length} bytes, less than its 512-byte header`);
  const major = buf.readUInt16LE(26);
  const shift = buf.readUInt16LE(30);
  if (!((major === 3 && shift === 9) || (major === 4 && shift === 12))) {
    corrupt(`unknown compound file version ${major} with sector shift ${shift}`);
  }
  if (buf.readUInt16LE(32) !== 6) corrupt("the mini sector size is not 64 bytes");
  const ssz = 1 << shift;
  const perSector = ssz / 4;
  // Sector n lives at (n + 1) * ssz; SheetJS cuts the file the same way (the last may be short).
  const sectorCount = Math.ceil(buf.length / ssz) - 1;
  const sectorAt = (n: number) => (n + 1) * ssz;
  const int32At = (offset: number): number | null =>
    offset + 4 <= buf.length ? buf.readInt32LE(offset) : null;

  // FAT sector locations: the header's 109, then the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const q = buf.readInt32LE(76 + i * 4);
    if (q < 0) break;
    fatSectors.push(q);
  }
  let difat = buf.readInt32LE(68);
  const difatSeen = new Set<number>();
  for (let remaining = buf.readInt32LE(72); difat >= 0 && remaining > 0; remaining--) {
    if (difat >= sectorCount || difatSeen.has(difat)) corrupt("the DIFAT chain leaves the file or loops");
    difatSeen.add(difat);
    for (let i = 0; i < perSector - 1; i++) {
      const q = int32At(sectorAt(difat) + i * 4);
      if (q === null || q === ENDOFCHAIN) break;
      fatSectors.push(q);
    }
    difat = int32At(sectorAt(difat) + ssz - 4) ?? ENDOFCHAIN;
  }

  // next[n]: the sector after n, or -1 where the chain ends (as SheetJS ends it: any negative entry, or a
  // FAT sector that does not exist).
  const next = new Int32Array(sectorCount).fill(-1);
  for (let n = 0; n < sectorCount; n++) {
    const fat = fatSectors[Math.floor(n / perSector)];
    if (fat === undefined || fat < 0 || fat >= sectorCount) continue;
    const value = int32At(sectorAt(fat) + (n % perSector) * 4);
    if (value === null || value < 0) continue;
    if (value >= sectorCount)
      next[n] = -2; // points outside the file
    else next[n] = value;
  }
  // length[n]: sectors in the chain from n; -1 for a chain that loops or leaves the file. Linear: every
  // sector is settled once.
  const length = new Int32Array(sectorCount); // 0 = not yet known
  const path: number[] = [];
  for (let s = 0; s < sectorCount; s++) {
    if (length[s] !== 0) continue;
    let n = s;
    let verdict = 0;
    while (true) {
      if (n === -1) break;
      if (n === -2) {
        verdict = -1;
        break;
      }
      const known = length[n]!;
      if (known === -3) {
        verdict = -1; // back on this walk: a loop
        break;
      }
      if (known !== 0) {
        verdict = known;
        break;
      }
      length[n] = -3;
      path.push(n);
      n = next[n]!;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      verdict = verdict < 0 ? -1 : verdict + 1;
      length[path[i]!] = verdict;
    }
    path.length = 0;
  }
  const chainOf = (start: number, what: string): number[] => {
    if (start < 0 || start >= sectorCount || length[start]! < 0)
      corrupt(`the sector chain of ${what} loops or leaves the file`);
    const chain: number[] = [];
    for (let n = start; n >= 0; n = next[n]!) chain.push(n);
    return chain;
  };
  const readChain = (chain: readonly number[], size: number): Buffer => {
    const parts = chain.map((n) => buf.subarray(sectorAt(n), Math.min(buf.length, sectorAt(n) + ssz)));
    return Buffer.concat(parts).subarray(0, size);
  };

  const dirChain = chainOf(buf.readInt32LE(48), "the directory");
  const dirCount = Math.floor((dirChain.length * ssz) / 128);
  if (dirCount > limits.maxZipEntries) {
    refuse("too_many_entries", `the compound file's directory has ${dirCount} entries`, {
      limit: limits.maxZipEntries,
      actual: dirCount,
    });
  }
  const dir = readChain(dirChain, dirCount * 128);
  const entries: DirEntry[] = [];
  for (let i = 0; i + 128 <= dir.length; i += 128) {
    const nameLength = Math.min(64, dir.readUInt16LE(i + 64));
    const name = dir
      .toString("utf16le", i, i + (nameLength & ~1))
      .split("")
      .filter((ch) => ch >= " ")
      .join("");
    const start = dir.readInt32LE(i + 116);
    const size = dir.readInt32LE(i + 120);
    entries.push({
      name,
      type: dir[i + 66]!,
      left: dir.readInt32LE(i + 68),
      right: dir.readInt32LE(i + 72),
      child: dir.readInt32LE(i + 76),
      start,
      size: Math.max(0, size),
    });
  }
  const root = entries[0];
  if (root?.type !== 5) corrupt("the compound file has no root entry");

  // What SheetJS materialises: every entry of 4096 bytes or more as a copy of its whole sector chain (a
  // fresh copy for each distinct start), every smaller one as up to its size from the mini stream.
  let materialised = 0;
  const starts = new Set<number>();
  for (let i = 1; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.size >= MINI_CUTOFF) {
      const chain = chainOf(entry.start, `"${entry.name}"`);
      if (!starts.has(entry.start)) materialised += chain.length * ssz;
      starts.add(entry.start);
    } else {
      materialised += entry.size;
    }
  }
  if (materialised > limits.maxInflatedBytes) {
    corrupt(
      `the streams share sectors: reading them would copy ${materialised} bytes from a ${buf.length}-byte file`,
    );
  }

  let mini: { stream: Buffer; fat: Buffer } | null = null;
  const readMini = (entry: DirEntry): Buffer => {
    if (!mini) {
      const miniFatStart = buf.readInt32LE(60);
      mini = {
        stream:
          root.start >= 0
            ? readChain(chainOf(root.start, "the mini stream"), Math.max(0, root.size))
            : Buffer.alloc(0),
        fat:
          miniFatStart >= 0
            ? readChain(chainOf(miniFatStart, "the mini FAT"), Number.MAX_SAFE_INTEGER)
            : Buffer.alloc(0),
      };
    }
    const { stream, fat } = mini;
    const parts: Buffer[] = [];
    let n = entry.start;
    for (let left = entry.size; left > 0 && n >= 0; left -= 64) {
      if ((n + 1) * 64 > stream.length || (n + 1) * 4 > fat.length) {
        corrupt(`the mini stream chain of "${entry.name}" leaves the file`);
      }
      parts.push(stream.subarray(n * 64, n * 64 + 64));
      n = fat.readInt32LE(n * 4);
    }
    return Buffer.concat(parts).subarray(0, entry.size);
  };

  return {
    entries,
    read(entry) {
      if (entry.size >= MINI_CUTOFF) return readChain(chainOf(entry.start, `"${entry.name}"`), entry.size);
      return readMini(entry);
    },
  };
}

/** The root storage's children: the red-black tree under the root's child, walked with a visited set. */
function rootChildren(entries: readonly DirEntry[]): DirEntry[] {
  const out: DirEntry[] = [];
  const seen = new Set<number>();
  const stack = [entries[0]?.child ?? -1];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id < 0 || id >= entries.length || seen.has(id)) continue;
    seen.add(id);
    const entry = entries[id]!;
    out.push(entry);
    stack.push(entry.left, entry.right);
  }
  return out;
}

interface BiffFacts {
  sheetCount: number;
  notes: string[];
}

const BIFF_BOF = 0x0809;
const BIFF_EOF = 0x000a;
const BIFF_FILEPASS = 0x002f;
const BIFF_BOUNDSHEET = 0x0085;
const BIFF_MERGECELLS = 0x00e5;
const BIFF_HLINK = 0x01b8;
const BIFF_HLINKTOOLTIP = 0x0800;
const BIFF_DIMENSIONS = 0x0200;

/**
 * Walks the record headers of the Workbook stream (cheap: 4 bytes a record): the globals' FILEPASS and
 * BoundSheet8 records, and per sheet what SheetJS expands (merged ranges, hyperlink ranges it loops over).
 */
function walkBiff(stream: Buffer, limits: WorkbookLimits, main: boolean): BiffFacts {
  if (stream.length < 4 || stream.readUInt16LE(0) !== BIFF_BOF) {
    if (!main) return { sheetCount: 0, notes: [] };
    refuse("xls_corrupt", "the Workbook stream does not start with a BOF record");
  }
  const notes: string[] = [];
  let sheetCount = 0;
  let substream = -1;
  let depth = 0;
  let merges = 0;
  let linked = 0;
  for (let p = 0; p + 4 <= stream.length; ) {
    const type = stream.readUInt16LE(p);
    const size = stream.readUInt16LE(p + 2);
    const data = p + 4;
    if (data + size > stream.length) break; // SheetJS stops at a short last record too
    switch (type) {
      case BIFF_BOF:
        if (depth === 0) {
          substream++;
          merges = 0;
          linked = 0;
        }
        depth++;
        break;
      case BIFF_EOF:
        depth = Math.max(0, depth - 1);
        break;
      case BIFF_FILEPASS:
        if (substream === 0 && main)
          refuse("encrypted", "the .xls has a FILEPASS record: it is password-protected");
        break;
      case BIFF_BOUNDSHEET:
        if (substream === 0) sheetCount++;
        break;
      case BIFF_MERGECELLS:
        if (size >= 2) merges += stream.readUInt16LE(data);
        if (merges > limits.maxMerges) {
          refuse(
            "too_many_merges",
            `sheet ${substream} of the .xls has more than ${limits.maxMerges} merged ranges`,
            {
              limit: limits.maxMerges,
              actual: merges,
            },
          );
        }
        break;
      case BIFF_HLINK:
      case BIFF_HLINKTOOLTIP: {
        const at = type === BIFF_HLINK ? data : data + 2;
        if (at + 8 <= data + size) {
          const rows = stream.readUInt16LE(at + 2) - stream.readUInt16LE(at) + 1;
          const cols = stream.readUInt16LE(at + 6) - stream.readUInt16LE(at + 4) + 1;
          if (rows > 0 && cols > 0) linked += rows * cols;
        }
        if (linked > limits.maxCells) {
          refuse(
            "hyperlink_range",
            `sheet ${substream} of the .xls has hyperlinks covering more than ${limits.maxCells} cells`,
            {
              limit: limits.maxCells,
              actual: linked,
            },
          );
        }
        break;
      }
      case BIFF_DIMENSIONS:
        if (size >= 12) {
          const rows = stream.readUInt32LE(data + 4);
          const cols = stream.readUInt16LE(data + 10);
          if (rows > limits.maxRows || cols > limits.maxColumns) {
            notes.push(`sheet ${substream} of the .xls claims ${rows} rows x ${cols} columns`);
          }
        }
        break;
    }
    p = data + size;
  }
  return { sheetCount, notes };
}
