/**
 * The part of the core the page runs, in one chunk loaded on demand: what the pipeline validates an
 * upload with, and the finding it gives a file over the limit. (The annotated copy's writer, ExcelJS, is
 * not here: the server makes the copy.)
 */

export { unreadable } from "../../../functions/core/validate";
export { validateUpload } from "../../../functions/core/validate-upload";
export { tooLargeFinding } from "../../../functions/ingest/upload-findings";
