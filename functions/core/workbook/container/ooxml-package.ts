import type { WorkbookLimits } from "../limits";
import { type LooksLike, refuse } from "./verdict";
import type { ZipEntry } from "./zip";

/**
 * The zip as an Office package: what kind of document it is, which part is the workbook (as SheetJS finds
 * it), and what the workbook declares. The parts' contents are `ooxml-parts.ts`'s business.
 */

const WORKBOOK_CONTENT_TYPES = new Set([
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
  "application/vnd.ms-excel.sheet.macroenabled.main+xml",
  "application/vnd.ms-excel.sheet.binary.macroenabled.main",
  "application/vnd.ms-excel.addin.macroenabled.main+xml",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
]);

/** The key of the content types part, which every OOXML package has. */
export const CONTENT_TYPES_KEY = "[content_types].xml";

/** Refuses a zip that is not an Excel workbook, saying what it looks like (checked as SheetJS checks). */
export function classifyPackage(byKey: ReadonlyMap<string, ZipEntry>): void {
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
  if (!has(CONTENT_TYPES_KEY)) notSpreadsheet("archive", "a zip archive of other files");
  if (!under("xl/")) notSpreadsheet("archive", "an Office package that holds no workbook");
}

/** Refuses a package holding more worksheet parts than `maxSheets`, whatever the workbook declares. */
export function checkWorksheetParts(entries: readonly ZipEntry[], limits: WorkbookLimits): void {
  const worksheetParts = entries.filter((entry) => /(^|\/)worksheets\/[^/]+\.xml$/.test(entry.key)).length;
  if (worksheetParts > limits.maxSheets) {
    refuse("too_many_sheets", `the package holds ${worksheetParts} worksheet parts`, {
      limit: limits.maxSheets,
      actual: worksheetParts,
    });
  }
}

/**
 * The key of the workbook part, found as SheetJS finds it: the content types first, then
 * `xl/workbook.xml`. Refuses an .xlsb (a binary workbook part).
 */
export function workbookPart(contentTypes: string, byKey: ReadonlyMap<string, ZipEntry>): string {
  const key = declaredWorkbookPart(contentTypes, byKey);
  if (key.endsWith(".bin"))
    refuse("not_spreadsheet_zip", "an Excel binary workbook (.xlsb)", { looksLike: "xlsb" });
  return key;
}

function declaredWorkbookPart(contentTypes: string, byKey: ReadonlyMap<string, ZipEntry>): string {
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

/** The key of a part's relationships: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relationshipsPart(partKey: string): string {
  return partKey.replace(/^(.*\/)?([^/]*)$/, "$1_rels/$2.rels");
}

/** SheetJS reads a sheet part whose name ends in `.bin` with its xlsb parser, whatever it holds. */
export function checkSheetRelationships(workbookRels: string): void {
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
}

/** The sheets `workbook.xml` declares; refuses none, or more than `maxSheets`. */
export function countDeclaredSheets(
  workbookXml: string,
  workbookKey: string,
  limits: WorkbookLimits,
): number {
  let sheetCount = 0;
  for (const _ of workbookXml.matchAll(/<(?:\w+:)?sheet[\s/>]/g)) sheetCount++;
  if (sheetCount === 0) refuse("no_sheets", `${workbookKey} declares no <sheet>`);
  if (sheetCount > limits.maxSheets) {
    refuse("too_many_sheets", `${workbookKey} declares ${sheetCount} sheets`, {
      limit: limits.maxSheets,
      actual: sheetCount,
    });
  }
  return sheetCount;
}

/**
 * Parts SheetJS parses whatever the read options say, though nothing in them reaches a cell the reader
 * keeps: styles (number formats and fills: no cell text, styles or dates are read), sheet metadata (the
 * dynamic-array flag) and the document properties.
 */
const UNREAD_CONTENT_TYPES = new Set([
  "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
  "application/vnd.ms-excel.styles",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetmetadata+xml",
  "application/vnd.ms-excel.sheetmetadata",
  "application/vnd.openxmlformats-package.core-properties+xml",
  "application/vnd.openxmlformats-officedocument.extended-properties+xml",
]);

/**
 * The keys of the parts SheetJS may be handed empty (see `UNREAD_CONTENT_TYPES`): never one whose name a
 * sheet relationship of the workbook ends in, however SheetJS would resolve its path.
 */
export function unreadParts(contentTypes: string, workbookRels: string): Set<string> {
  const sheetNames = new Set<string>();
  for (const tag of workbookRels.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    const type = /\bType\s*=\s*["']([^"']*)["']/.exec(tag)?.[1] ?? "";
    if (/styles|sheetMetadata|properties$/i.test(type)) continue;
    const target = /\bTarget\s*=\s*["']([^"']*)["']/.exec(tag)?.[1] ?? "";
    sheetNames.add(lastSegment(target));
  }
  const keys = new Set<string>();
  for (const tag of contentTypes.match(/<(?:\w+:)?Override\b[^>]*>/g) ?? []) {
    const type = /\bContentType\s*=\s*["']([^"']*)["']/.exec(tag)?.[1]?.toLowerCase();
    const part = /\bPartName\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    if (!type || !part || !UNREAD_CONTENT_TYPES.has(type)) continue;
    const key = part.replace(/^\//, "").toLowerCase().replace(/\\/g, "/");
    if (!sheetNames.has(lastSegment(key))) keys.add(key);
  }
  return keys;
}

function lastSegment(path: string): string {
  return path.toLowerCase().replace(/\\/g, "/").replace(/^.*\//, "");
}
