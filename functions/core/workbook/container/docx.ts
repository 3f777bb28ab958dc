import { SaxesParser } from "saxes";
import type { WorkbookLimits } from "../limits";
import { ByteView } from "./bytes";
import { isZipMagic } from "./sniff";
import { utf8 } from "./text";
import { Refusal, refuse, type WorkbookProblem } from "./verdict";
import { checkLocalHeaders, entriesByKey, readCentralDirectory, type ZipEntry } from "./zip";
import { checkDeclaredSizes, readEntryData } from "./zip-data";

/**
 * A `.docx` (or a WPS document saved as one) from the outside in, with the same zip walk and caps as an
 * xlsx: the central directory, the sizes declared, the local headers; then only the main document part
 * is inflated (within `maxEntryInflatedBytes`, measured by inflating) — pictures and the rest are never
 * touched. Pure and portable, never throws.
 */

const MAIN_DOCUMENT_TYPES = new Set([
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  "application/vnd.ms-word.document.macroenabled.main+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
  "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
]);

export type DocxVerdict = { ok: true; documentXml: string } | { ok: false; problem: WorkbookProblem };

/** A zip whose parts are a Word document's (`word/…`, no workbook), as the workbook guard tells one. */
export function isWordPackage(bytes: Uint8Array): boolean {
  if (!isZipMagic(bytes)) return false;
  try {
    const { entries } = readCentralDirectory(new ByteView(bytes));
    const keys = entries.map((entry) => entry.key);
    return keys.some((key) => key.startsWith("word/")) && !keys.some((key) => key.startsWith("xl/"));
  } catch {
    // A zip too broken to list is the workbook guard's to describe.
    return false;
  }
}

export function inspectDocx(upload: Uint8Array, limits: WorkbookLimits): DocxVerdict {
  const bytes = new Uint8Array(upload.buffer, upload.byteOffset, upload.byteLength);
  try {
    if (bytes.length > limits.maxBytes) {
      refuse("too_large", `the file has ${bytes.length} bytes`, {
        limit: limits.maxBytes,
        actual: bytes.length,
      });
    }
    const zip = new ByteView(bytes);
    const { entries, cdOffset } = readCentralDirectory(zip);
    const byKey = entriesByKey(entries);
    if (entries.length > limits.maxZipEntries) {
      refuse("too_many_entries", `the zip has ${entries.length} entries`, {
        limit: limits.maxZipEntries,
        actual: entries.length,
      });
    }
    checkDeclaredSizes(entries, limits);
    checkLocalHeaders(zip, entries, cdOffset);
    const types = byKey.get("[content_types].xml");
    let inflated = 0;
    let main: ZipEntry | undefined;
    if (types) {
      const data = readEntryData(zip, types, limits, 0);
      inflated += data.length;
      const part = mainDocumentPart(utf8(data));
      main = part ? byKey.get(part) : undefined;
    }
    main ??= byKey.get("word/document.xml");
    if (!main) refuse("zip_corrupt", "the package has no main document part (word/document.xml)");
    return { ok: true, documentXml: utf8(readEntryData(zip, main, limits, inflated)) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { code: "unreadable", detail: `container check failed: ${message}` } };
  }
}

/** The part the content types name as the main document, as a zip key; read with a real XML parser. */
function mainDocumentPart(contentTypes: string): string | undefined {
  let part: string | undefined;
  const parser = new SaxesParser({ position: false });
  parser.on("doctype", () => refuse("zip_corrupt", "the content types declare a DOCTYPE"));
  parser.on("error", (error) => refuse("zip_corrupt", `the content types are not XML: ${error.message}`));
  parser.on("opentag", (tag) => {
    if (part || !/(^|:)Override$/.test(tag.name)) return;
    const type = String(tag.attributes.ContentType ?? "").toLowerCase();
    const name = String(tag.attributes.PartName ?? "");
    if (MAIN_DOCUMENT_TYPES.has(type)) part = name.replace(/^\//, "").toLowerCase().replace(/\\/g, "/");
  });
  parser.write(contentTypes).close();
  return part;
}
