/**
 * Caps on what an upload may cost before and while it is parsed. An annual report's tables are a few
 * hundred cells on one to three sheets; a department's workbook may also carry the report's prose, older
 * years or working sheets, so the caps leave an order of magnitude or two of room above real files and
 * stop well below what would stall or exhaust a Lambda (about 1 GB of memory, seconds of CPU).
 */
export interface WorkbookLimits {
  /** Size of the uploaded file. Real reports are 10–100 KB; a workbook with pictures a few MB. */
  maxBytes: number;
  /** Sum of the inflated sizes of every zip entry, measured by inflating (never from the headers). */
  maxInflatedBytes: number;
  /** Inflated size of any one zip entry (a worksheet, the shared strings). */
  maxEntryInflatedBytes: number;
  /** Entries in the zip's central directory (an xlsx has about 10 plus 2–4 per sheet and one per picture). */
  maxZipEntries: number;
  /** Sheets the workbook declares (and worksheet parts it holds). */
  maxSheets: number;
  /** Rows read from each sheet (SheetJS `sheetRows`); rows below are not read at all. */
  maxRows: number;
  /** Columns kept from each row; cells to the right are dropped by the reader. */
  maxColumns: number;
  /** Cells kept over the whole workbook. */
  maxCells: number;
  /** Merged ranges in one sheet (SheetJS reads every `<mergeCell>`, with no regard to `sheetRows`). */
  maxMerges: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: WorkbookLimits = Object.freeze({
  // 100× a real report, and enough for a workbook carrying a few photos or a scanned seal.
  maxBytes: 10 * MiB,
  // XML compresses 5–20×; 64 MiB of XML is what 10 MB of dense cells inflates to, and SheetJS needs a few
  // times that in strings and objects, which still fits a 1 GB Lambda.
  maxInflatedBytes: 64 * MiB,
  // One part may take half the budget: a big prose sheet or shared-strings table, never 1.6 GB of them.
  maxEntryInflatedBytes: 32 * MiB,
  // 50 sheets × (sheet, rels, comments, drawing, vml) plus pictures and the package parts.
  maxZipEntries: 1000,
  maxSheets: 50,
  // The tables are under 100 rows; 2000 keeps any report with notes below it and bounds each sheet.
  maxRows: 2000,
  // The tables are under 20 columns wide.
  maxColumns: 200,
  // 2000 rows × 100 columns; a few MB of cell objects.
  maxCells: 200_000,
  // The three tables merge about 60 ranges; prose sheets a few hundred.
  maxMerges: 5000,
});
