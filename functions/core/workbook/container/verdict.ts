/**
 * What the guard says about a file: a verdict, and for a refusal the problem in technical terms (the
 * clerk's message is made from it by `../problems.ts`).
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
  /** a binary Word or WPS document (.doc, .wps) or RTF: readable once saved as .docx */
  | "old_word"
  | "presentation"
  | "ofd"
  | "opendocument"
  | "xlsb"
  | "numbers"
  | "old_excel"
  | "image"
  | "archive"
  | "unknown";

/** Why the guard refused a file. */
export interface WorkbookProblem {
  code: WorkbookProblemCode;
  /** What was found, for logs and support (English, technical; never a stack trace). */
  detail: string;
  limit?: number;
  actual?: number;
  /** For `not_a_workbook` and `not_spreadsheet_zip`. */
  looksLike?: LooksLike;
}

/**
 * One entry of an xlsx's zip as the guard read it, for SheetJS to parse without reading the zip again:
 * an XML part as the text the guard scanned (one character per byte, as SheetJS reads it), others as bytes.
 */
export type PackagePart = { name: string; text: string } | { name: string; bytes: Uint8Array };

/** The guard's answer: a workbook SheetJS may parse, or the problem that stops it. */
export type ContainerVerdict =
  | {
      ok: true;
      kind: "xlsx" | "xls";
      sheetCount: number;
      /** Things the reader should know but that are no reason to refuse (a claimed 17-billion-cell dimension). */
      notes: string[];
      /** The rows each sheet hides, 0-based, in the order the sheets are declared (xlsx; SheetJS says an xls's). */
      hiddenRows?: readonly (readonly number[])[];
      /** The columns each sheet hides, 0-based, in the same order (xlsx; not read from an xls). */
      hiddenColumns?: readonly (readonly number[])[];
      /** An xlsx's entries, inflated and checked, in the zip's order. */
      parts?: readonly PackagePart[];
    }
  | { ok: false; problem: WorkbookProblem };

/**
 * Thrown inside the guard only, to leave a nested walk with a verdict; `inspectContainer` catches it, so
 * nothing outside the guard ever sees one.
 */
export class Refusal {
  constructor(readonly problem: WorkbookProblem) {}
}

/** Ends the inspection with a problem. */
export function refuse(
  code: WorkbookProblemCode,
  detail: string,
  extra: Partial<WorkbookProblem> = {},
): never {
  throw new Refusal({ code, detail, ...extra });
}

/** Ends the inspection of a file that is no workbook at all, saying what it looks like. */
export function notAWorkbook(looksLike: LooksLike, what: string): never {
  refuse("not_a_workbook", `not an Excel workbook: it looks like ${what}`, { looksLike });
}

/** Runs one step of the inspection: the problem it refused with, or null when it passed. */
export function refusalOf(step: () => unknown): WorkbookProblem | null {
  try {
    step();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.problem;
    throw error;
  }
}
