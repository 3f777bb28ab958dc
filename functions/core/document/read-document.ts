import PostalMime from "postal-mime";
import { inspectDocx } from "../workbook/container/docx";
import type { WorkbookProblem } from "../workbook/container/verdict";
import type { UploadLimits } from "../workbook/limits";
import { readDocx } from "./docx-reader";
import { decodeHtml } from "./html-encoding";
import { readHtml } from "./html-reader";
import type { ReadDocument } from "./model";
import { type DocumentKind, type DocumentProblem, DocumentRefusal, refuseDocument } from "./problems";

/**
 * The bytes of a report written as a document → its paragraphs and tables, or the problem that stops
 * reading it: a `.docx` (the container guard first, then its document part), a web page saved as `.html`,
 * or one saved as a single `.mhtml` file (a MIME message; its HTML part is the page).
 */

export type DocumentRead =
  | { ok: true; kind: DocumentKind; document: ReadDocument }
  | { ok: false; kind: DocumentKind; problem: DocumentProblem };

/** What the zip guard's refusals mean for a document. */
function fromContainer(problem: WorkbookProblem): DocumentProblem {
  const tooLarge =
    problem.code === "zip_bomb" || problem.code === "too_large" || problem.code === "too_many_entries";
  return {
    code: tooLarge ? "too_large" : "unreadable",
    detail: problem.detail,
    ...(problem.limit !== undefined ? { limit: problem.limit } : {}),
    ...(problem.actual !== undefined ? { actual: problem.actual } : {}),
  };
}

function reading(kind: DocumentKind, read: () => ReadDocument): DocumentRead {
  try {
    return { ok: true, kind, document: read() };
  } catch (error) {
    if (error instanceof DocumentRefusal) return { ok: false, kind, problem: error.problem };
    // Deep recursion in a parser is a hostile file's doing, not ours.
    if (error instanceof RangeError)
      return { ok: false, kind, problem: { code: "too_deeply_nested", detail: error.message } };
    throw error;
  }
}

export function readDocxDocument(bytes: Uint8Array, limits: UploadLimits): DocumentRead {
  const verdict = inspectDocx(bytes, limits);
  if (!verdict.ok) return { ok: false, kind: "docx", problem: fromContainer(verdict.problem) };
  return reading("docx", () => readDocx(verdict.documentXml, limits));
}

export function readHtmlDocument(bytes: Uint8Array, limits: UploadLimits): DocumentRead {
  return reading("html", () => {
    // Decoding cannot shrink text below a byte a character: the cap is checked on the bytes first.
    if (bytes.length > limits.maxMarkupBytes) {
      refuseDocument("too_large", `the page has ${bytes.length} bytes of markup`, {
        limit: limits.maxMarkupBytes,
        actual: bytes.length,
      });
    }
    return readHtml(decodeHtml(bytes), limits);
  });
}

/** A page saved as one file (`.mhtml`, `.mht`): the first HTML part of the MIME message, read as a page. */
export async function readMhtmlDocument(bytes: Uint8Array, limits: UploadLimits): Promise<DocumentRead> {
  if (bytes.length > limits.maxBytes) {
    return {
      ok: false,
      kind: "html",
      problem: {
        code: "too_large",
        detail: `the file has ${bytes.length} bytes`,
        limit: limits.maxBytes,
        actual: bytes.length,
      },
    };
  }
  let html: string | undefined;
  try {
    const message = await PostalMime.parse(bytes, { maxNestingDepth: 8, attachmentEncoding: "arraybuffer" });
    html = message.html;
    if (html === undefined) {
      const part = message.attachments.find((attachment) => attachment.mimeType === "text/html");
      if (part && part.content instanceof ArrayBuffer) html = decodeHtml(new Uint8Array(part.content));
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      kind: "html",
      problem: { code: "unreadable", detail: `not a readable MHTML file: ${detail}` },
    };
  }
  if (html === undefined)
    return {
      ok: false,
      kind: "html",
      problem: { code: "unreadable", detail: "the MHTML file holds no HTML page" },
    };
  const page = html;
  return reading("html", () => readHtml(page, limits));
}
