import { startsWith } from "./bytes";
import { hexPrefix, utf8, utf16 } from "./text";
import type { LooksLike, WorkbookProblem } from "./verdict";

/**
 * Telling the two containers apart by their first bytes, and saying what anything else is instead (a PDF,
 * a CSV, a web page saved under an .xls name), so the clerk's message can say what to do with it.
 */

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The first 64 KB is what the sniffer (and the dimension note) looks at. */
export const SNIFF_BYTES = 64 * 1024;

/** SheetJS sends `PK` followed by two bytes below 9 to its zip reader; so do we. */
export function isZipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2]! < 9 && bytes[3]! < 9;
}

/** An OLE compound file: an .xls, a password-protected .xlsx, or another Office 97 document. */
export function isCompoundFileMagic(bytes: Uint8Array): boolean {
  return startsWith(bytes, OLE_MAGIC);
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
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], looksLike: "old_word", what: "an RTF document" },
];

/** The problem with a file that is neither a zip nor a compound file: always a refusal. */
export function nonWorkbookProblem(bytes: Uint8Array): WorkbookProblem {
  for (const { magic, at, looksLike, what } of BINARY_MAGICS) {
    if (startsWith(bytes, magic, at ?? 0)) return notAWorkbookProblem(looksLike, what);
  }
  // BIFF2–4 worksheets (Excel 2.x–4.x) are a bare record stream starting with a BOF record.
  if (
    bytes.length >= 4 &&
    bytes[0] === 0x09 &&
    (bytes[1] === 0x00 || bytes[1] === 0x02 || bytes[1] === 0x04)
  ) {
    return notAWorkbookProblem("old_excel", "an Excel 2.x-4.x worksheet (BIFF2-4)");
  }
  if (isBlank(bytes))
    return { code: "empty", detail: `the file's ${bytes.length} bytes are all blanks or NUL bytes` };
  const text = decodeSample(bytes);
  if (text === null)
    return notAWorkbookProblem("unknown", `unrecognised binary data starting ${hexPrefix(bytes)}`);
  const [looksLike, what] = whatTextIs(text);
  return notAWorkbookProblem(looksLike, what);
}

function notAWorkbookProblem(looksLike: LooksLike, what: string): WorkbookProblem {
  return { code: "not_a_workbook", detail: `not an Excel workbook: it looks like ${what}`, looksLike };
}

function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x00 && b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/** The first 64 KB as text, or null when it is binary (control bytes other than tab/CR/LF/FF/ESC). */
export function decodeSample(bytes: Uint8Array): string | null {
  let sample = bytes.subarray(0, SNIFF_BYTES);
  let text: string;
  if (sample[0] === 0xff && sample[1] === 0xfe) {
    text = utf16(sample.subarray(2), true);
  } else if (sample[0] === 0xfe && sample[1] === 0xff) {
    text = utf16(sample.subarray(2), false);
  } else {
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) sample = sample.subarray(3);
    // GBK text decodes to replacement characters here, which are still "text" for sniffing.
    text = utf8(sample);
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) control++;
  }
  return control > text.length / 100 ? null : text;
}

/** What a text file is: a web page, XML, an Excel 2003 XML spreadsheet, CSV, or plain text. */
export function whatTextIs(text: string): [LooksLike, string] {
  const head = text.slice(0, 4096).trimStart().toLowerCase();
  const sample = text.slice(0, SNIFF_BYTES).toLowerCase();
  // A browser's `.mhtml` starts with mail headers (`From: <Saved by Blink>`, `MIME-Version`, a multipart type).
  const headers = head.split(/\r?\n\r?\n/, 1)[0] ?? "";
  if (/^mime-version:/m.test(headers) && /^content-type:\s*multipart\/related/m.test(headers)) {
    return ["html", "a single-file web page (MHTML), which some systems save under an .xls name"];
  }
  if (head.startsWith("mime-version:") || /^content-type:\s*multipart\/related/.test(head)) {
    return ["html", "a single-file web page (MHTML), which some systems save under an .xls name"];
  }
  if (head.startsWith("<?xml") || head.startsWith("<workbook")) {
    if (
      sample.includes("urn:schemas-microsoft-com:office:spreadsheet") ||
      /<(\w+:)?workbook[\s>]/.test(sample)
    ) {
      return ["xml_spreadsheet", "an Excel 2003 XML spreadsheet (SpreadsheetML)"];
    }
    if (!/<(\w+:)?(html|table)[\s>]/.test(sample)) return ["xml", "an XML document"];
  }
  if (head.startsWith("<") && /<(!doctype\s+html|html|head|body|table|meta|tr|td)[\s>/]/.test(sample)) {
    return ["html", "an HTML web page or table, which some systems save under an .xls name"];
  }
  const lines = text
    .slice(0, 8192)
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== "")
    .slice(0, 20);
  const delimited = lines.filter((line) => /[,\t;，]/.test(line)).length;
  if (lines.length > 0 && delimited >= Math.ceil(lines.length / 2)) {
    return ["csv", "CSV (comma- or tab-separated) text"];
  }
  return ["text", "a plain text file"];
}
