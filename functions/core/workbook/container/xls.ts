import type { WorkbookLimits } from "../limits";
import { walkBiff } from "./biff";
import { type DirEntry, readCompoundFile, rootChildren } from "./compound-file";
import { type ContainerVerdict, notAWorkbook, refuse } from "./verdict";

/**
 * An .xls, from the outside in: the compound file's directory, what the file is (a password-protected
 * xlsx, a Word document, a workbook), then the BIFF records of the Workbook stream SheetJS will read and
 * of any workbook embedded deeper.
 */
export function inspectXls(bytes: Uint8Array, limits: WorkbookLimits): ContainerVerdict {
  const cfb = readCompoundFile(bytes, limits);
  const workbook = workbookStream(cfb.entries);
  const biff = walkBiff(cfb.read(workbook), limits, true);
  // Workbooks embedded deeper (an OLE object) are checked for what SheetJS would expand, in case its path
  // resolution picks one of them.
  for (const entry of cfb.entries) {
    if (entry !== workbook && isWorkbookStream(entry)) walkBiff(cfb.read(entry), limits, false);
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

function isWorkbookStream(entry: DirEntry): boolean {
  const name = entry.name.toLowerCase();
  return entry.type === 2 && (name === "workbook" || name === "book");
}

/** The root's `Workbook` (or BIFF5 `Book`) stream; refuses an encrypted package or another document. */
function workbookStream(entries: readonly DirEntry[]): DirEntry {
  const names = entries.map((entry) => entry.name.toLowerCase());
  const root = rootChildren(entries);
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
  if (workbook) return workbook;
  if (atRoot("worddocument")) notAWorkbook("old_word", "a binary Word or WPS document (.doc/.wps)");
  if (atRoot("powerpoint document")) notAWorkbook("presentation", "a PowerPoint presentation (.ppt)");
  const shown = root
    .slice(0, 6)
    .map((entry) => JSON.stringify(entry.name))
    .join(", ");
  notAWorkbook("unknown", `an OLE compound file with no Workbook stream (it holds ${shown || "nothing"})`);
}
