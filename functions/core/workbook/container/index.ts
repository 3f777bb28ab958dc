import type { WorkbookLimits } from "../limits";
import { isCompoundFileMagic, isZipMagic, nonWorkbookProblem } from "./sniff";
import { type ContainerVerdict, Refusal, refuse } from "./verdict";
import { inspectXls } from "./xls";
import { inspectXlsx } from "./xlsx";

/**
 * The guard that looks at an upload's bytes before SheetJS does. SheetJS trusts what a file says about
 * itself: it inflates zip entries with no cap (a 312 KB shared-strings table becomes 1.6 GB), visits every
 * cell a hyperlink's range names (`A1:XFD1048576` is 17 billion), follows compound-file sector chains
 * without a cycle check, and reads text, HTML and PDF as if they were spreadsheets. The guard walks the
 * container itself — zip central directory and local headers (`zip.ts`), or the OLE compound file's FAT
 * and directory (`compound-file.ts`) — with every loop bounded and every offset checked, inflates each
 * entry with a hard cap on the bytes actually produced (`zip-data.ts`), and says in a clerk's terms what
 * is wrong. It reads the same records SheetJS reads (the last end-of-central-directory record, the local
 * header's name and method, the root `Workbook` stream), so what passes here is what SheetJS will parse.
 *
 * Pure and portable: bytes in, verdict out; no file system, no network, nothing Node-only, never throws.
 */

export type { ContainerVerdict, LooksLike, WorkbookProblem, WorkbookProblemCode } from "./verdict";

/** Whether SheetJS may parse these bytes, or the problem that stops it. */
export function inspectContainer(upload: Uint8Array, limits: WorkbookLimits): ContainerVerdict {
  // A plain Uint8Array over the same bytes, whatever subclass came in (Node's Buffer, from a file or S3),
  // so that the byte loops see one kind of array.
  const bytes = new Uint8Array(upload.buffer, upload.byteOffset, upload.byteLength);
  try {
    if (bytes.length === 0) refuse("empty", "the file has 0 bytes", { actual: 0 });
    if (bytes.length > limits.maxBytes) {
      refuse("too_large", `the file has ${bytes.length} bytes, over the limit of ${limits.maxBytes}`, {
        limit: limits.maxBytes,
        actual: bytes.length,
      });
    }
    if (isZipMagic(bytes)) return inspectXlsx(bytes, limits);
    if (isCompoundFileMagic(bytes)) return inspectXls(bytes, limits);
    return { ok: false, problem: nonWorkbookProblem(bytes) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    // A bug here must not let the file through to SheetJS unguarded.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { code: "unreadable", detail: `container check failed: ${message}` } };
  }
}
