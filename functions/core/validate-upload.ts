import { documentGrid } from "./document/document-grid";
import { diagnosisInDocumentTerms, inDocumentTerms } from "./document/places";
import type { DocumentKind } from "./document/problems";
import { documentProblemFinding } from "./document/problems";
import {
  type DocumentRead,
  readDocxDocument,
  readHtmlDocument,
  readMhtmlDocument,
} from "./document/read-document";
import {
  unreadable,
  type ValidateOptions,
  type Validation,
  validateSheets,
  validateWorkbook,
} from "./validate";
import { isWordPackage } from "./workbook/container/docx";
import { decodeSample, whatTextIs } from "./workbook/container/sniff";
import { DEFAULT_LIMITS, type UploadLimits } from "./workbook/limits";
import { SheetView } from "./workbook/sheet-view";

/**
 * The one entry point for an upload, whatever the department saved: the bytes are sniffed — a workbook
 * (`.xlsx`, `.xls`), a Word document (`.docx`), a web page (`.html`, `.htm`) or a page saved as one file
 * (`.mhtml`) — and read into the same grid, so locating, values, rules and the findings are the same code
 * and the same `Validation` comes back. Anything else (a `.doc`, a PDF, a picture) is refused by the
 * workbook guard, with a message saying what to save it as. Pure: no files, no network, no clock.
 */

export type UploadKind = "workbook" | "docx" | "html" | "mhtml";

export interface UploadOptions extends Omit<ValidateOptions, "limits"> {
  limits?: Partial<UploadLimits>;
}

export type UploadValidation = Validation & { kind: UploadKind };

/** What the bytes are, by their content (never the file's name). */
export function uploadKind(bytes: Uint8Array): UploadKind {
  // Sniffed whatever the size (the central directory, the first 64 KB): each reader refuses an upload
  // over the size cap itself, in the words of what it is.
  if (bytes.length === 0) return "workbook";
  if (isWordPackage(bytes)) return "docx";
  const text = decodeSample(bytes);
  if (text === null) return "workbook";
  const [looksLike, what] = whatTextIs(text);
  if (looksLike !== "html") return "workbook";
  return /MHTML/.test(what) ? "mhtml" : "html";
}

export async function validateUpload(
  bytes: Uint8Array,
  options: UploadOptions = {},
): Promise<UploadValidation> {
  const limits: UploadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const settings: ValidateOptions = { ...options, limits };
  const kind = uploadKind(bytes);
  switch (kind) {
    case "workbook":
      return { ...validateWorkbook(bytes, settings), kind };
    case "docx":
      return { ...validateDocument(readDocxDocument(bytes, limits), settings), kind };
    case "html":
      return { ...validateDocument(readHtmlDocument(bytes, limits), settings), kind };
    case "mhtml":
      return { ...validateDocument(await readMhtmlDocument(bytes, limits), settings), kind };
  }
}

const GRID_NAMES: Record<DocumentKind, string> = { docx: "Word 文档", html: "网页" };

/** A document read → the validation, its places in the document's own terms. */
export function validateDocument(read: DocumentRead, options: ValidateOptions): Validation {
  if (!read.ok) return unreadable([documentProblemFinding(read.kind, read.problem)], options);
  const document = documentGrid(read.document, GRID_NAMES[read.kind]);
  if (document.tableCount === 0) {
    return unreadable(
      [
        documentProblemFinding(
          read.kind,
          read.document.embedded
            ? { code: "no_tables", detail: "the body is an embedded chunk (w:altChunk)", embedded: true }
            : { code: "no_tables", detail: "the document holds no table" },
        ),
      ],
      options,
    );
  }
  const { validation, location } = validateSheets(
    [new SheetView(document.grid)],
    options,
    diagnosisInDocumentTerms(document),
  );
  return inDocumentTerms(validation, location, document);
}
