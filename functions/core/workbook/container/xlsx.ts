import type { WorkbookLimits } from "../limits";
import { ByteView } from "./bytes";
import { hiddenRowsOf, sheetPartKeys } from "./hidden-rows";
import {
  CONTENT_TYPES_KEY,
  checkSheetRelationships,
  checkWorksheetParts,
  classifyPackage,
  countDeclaredSheets,
  relationshipsPart,
  workbookPart,
} from "./ooxml-package";
import { scanPart } from "./ooxml-parts";
import { latin1, utf8 } from "./text";
import { type ContainerVerdict, refuse } from "./verdict";
import { checkLocalHeaders, entriesByKey, readCentralDirectory } from "./zip";
import { checkDeclaredSizes, readEntryData } from "./zip-data";

/**
 * An xlsx, from the outside in: the zip's directory, what the package is, the sizes it declares, the local
 * headers, then every entry inflated within the caps (SheetJS inflates them all) and every XML part
 * scanned. The order decides which problem a file with several is refused for.
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
  // only the workbook and its relationships.
  const typesEntry = byKey.get(CONTENT_TYPES_KEY)!;
  const contentTypes = readEntryData(zip, typesEntry, limits, 0);
  let inflated = contentTypes.length;
  const workbookKey = workbookPart(utf8(contentTypes), byKey);
  const relsKey = relationshipsPart(workbookKey);
  const notes: string[] = [];
  let workbookXml = "";
  let workbookRels = "";
  const hiddenByPart = new Map<string, number[]>();
  for (const entry of entries) {
    if (entry === typesEntry) continue;
    const data = readEntryData(zip, entry, limits, inflated);
    inflated += data.length;
    if (entry.key === workbookKey) workbookXml = utf8(data);
    if (entry.key === relsKey) workbookRels = utf8(data);
    if (!entry.key.endsWith(".xml")) continue;
    const text = latin1(data);
    scanPart(entry.name, text, limits, notes);
    const hidden = hiddenRowsOf(text, limits.maxRows);
    if (hidden.length > 0) hiddenByPart.set(entry.key, hidden);
  }
  checkSheetRelationships(workbookRels);
  const sheetCount = countDeclaredSheets(workbookXml, workbookKey, limits);
  if (hiddenByPart.size === 0) return { ok: true, kind: "xlsx", sheetCount, notes };
  const hiddenRows = sheetPartKeys(workbookXml, workbookRels, workbookKey).map((key) =>
    key === undefined ? [] : (hiddenByPart.get(key) ?? []),
  );
  return { ok: true, kind: "xlsx", sheetCount, notes, hiddenRows };
}
