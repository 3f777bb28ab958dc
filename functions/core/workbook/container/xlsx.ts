import type { WorkbookLimits } from "../limits";
import { ByteView } from "./bytes";
import { hiddenColumnsOf } from "./hidden-columns";
import { hiddenRowsOf, sheetPartKeys } from "./hidden-rows";
import {
  CONTENT_TYPES_KEY,
  checkSheetRelationships,
  checkWorksheetParts,
  classifyPackage,
  countDeclaredSheets,
  relationshipsPart,
  unreadParts,
  workbookPart,
} from "./ooxml-package";
import { scanPart } from "./ooxml-parts";
import { latin1, utf8 } from "./text";
import { type ContainerVerdict, type PackagePart, refuse } from "./verdict";
import { checkLocalHeaders, entriesByKey, readCentralDirectory, type ZipEntry } from "./zip";
import { checkDeclaredSizes, readEntryData } from "./zip-data";

/**
 * An xlsx, from the outside in: the zip's directory, what the package is, the sizes it declares, the local
 * headers, then every entry inflated within the caps and every XML part scanned. The parts go to SheetJS
 * as inflated and read here, so it parses exactly what was checked and inflates nothing again. The order
 * decides which problem a file with several is refused for.
 */
export function inspectXlsx(bytes: Uint8Array, limits: WorkbookLimits): ContainerVerdict {
  const zip = new ByteView(bytes);
  const { entries, cdOffset } = readCentralDirectory(zip);
  const byKey = entriesByKey(entries);
  classifyPackage(byKey);
  checkWorksheetParts(entries, limits);
  if (entries.length > limits.maxZipEntries) {
    refuse("too_many_entries", `the zip has ${entries.length} entries`, {
      limit: limits.maxZipEntries,
      actual: entries.length,
    });
  }
  checkDeclaredSizes(entries, limits);
  checkLocalHeaders(zip, entries, cdOffset);

  // The content types say which part is the workbook; read them first, then inflate everything, keeping
  // the workbook and its relationships, and every part for SheetJS (which then reads no zip itself).
  const typesEntry = byKey.get(CONTENT_TYPES_KEY)!;
  const contentTypes = readEntryData(zip, typesEntry, limits, 0);
  let inflated = contentTypes.length;
  const typesXml = utf8(contentTypes);
  const workbookKey = workbookPart(typesXml, byKey);
  const relsKey = relationshipsPart(workbookKey);
  const notes: string[] = [];
  let workbookXml = "";
  let workbookRels = "";
  const hiddenByPart = new Map<string, number[]>();
  const hiddenColumnsByPart = new Map<string, number[]>();
  const parts: PackagePart[] = [];
  for (const entry of entries) {
    if (entry === typesEntry) {
      refuseUtf16(entry, contentTypes);
      parts.push({ name: entry.name, text: latin1(contentTypes) });
      continue;
    }
    const data = readEntryData(zip, entry, limits, inflated);
    inflated += data.length;
    refuseUtf16(entry, data);
    if (entry.key === workbookKey) workbookXml = utf8(data);
    if (entry.key === relsKey) workbookRels = utf8(data);
    if (!entry.key.endsWith(".xml")) {
      parts.push({ name: entry.name, bytes: data });
      continue;
    }
    const text = latin1(data);
    parts.push({ name: entry.name, text });
    scanPart(entry.name, text, limits, notes);
    const hidden = hiddenRowsOf(text, limits.maxRows);
    if (hidden.length > 0) hiddenByPart.set(entry.key, hidden);
    const hiddenColumns = hiddenColumnsOf(text, limits.maxColumns);
    if (hiddenColumns.length > 0) hiddenColumnsByPart.set(entry.key, hiddenColumns);
  }
  checkSheetRelationships(workbookRels);
  const sheetCount = countDeclaredSheets(workbookXml, workbookKey, limits);
  // Handed over empty, they cost SheetJS nothing (their checks above were made all the same).
  const unread = unreadParts(typesXml, workbookRels);
  for (const [i, entry] of entries.entries()) {
    if (unread.has(entry.key)) parts[i] = { name: entry.name, text: "" };
  }
  if (hiddenByPart.size === 0 && hiddenColumnsByPart.size === 0)
    return { ok: true, kind: "xlsx", sheetCount, notes, parts };
  const keys = sheetPartKeys(workbookXml, workbookRels, workbookKey);
  const perSheet = (byPart: ReadonlyMap<string, number[]>) =>
    keys.map((key) => (key === undefined ? [] : (byPart.get(key) ?? [])));
  return {
    ok: true,
    kind: "xlsx",
    sheetCount,
    notes,
    ...(hiddenByPart.size > 0 ? { hiddenRows: perSheet(hiddenByPart) } : {}),
    ...(hiddenColumnsByPart.size > 0 ? { hiddenColumns: perSheet(hiddenColumnsByPart) } : {}),
    parts,
  };
}

/**
 * SheetJS decodes a part that starts with a UTF-16 byte-order mark as UTF-16; the scans above read parts
 * byte for byte and would find none of their needles in it (a UTF-16 sheet of one full-sheet hyperlink
 * ran SheetJS out of memory). Excel writes every part in UTF-8; a `.bin` part is not text.
 */
function refuseUtf16(entry: ZipEntry, data: Uint8Array): void {
  if (data.length < 2 || entry.key.endsWith(".bin")) return;
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
    refuse("unsupported_zip", `"${entry.name}" is written in UTF-16; Excel writes every part in UTF-8`);
  }
}
