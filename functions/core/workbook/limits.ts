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

/**
 * Caps on a report written as a document: a Word `.docx` (a zip: the workbook caps above apply to its
 * container, and the document part is inflated within `maxEntryInflatedBytes`) or a web page. A report
 * has three statistical tables of a few hundred cells and a few dozen paragraphs; a page has navigation
 * around them. The caps stop a hostile document early, while it is read, not after.
 */
export interface DocumentLimits {
  /** Markup of a web page (the HTML part of an `.mhtml`), after decoding. Real report pages are under 1 MB. */
  maxMarkupBytes: number;
  /** Elements and text nodes of a web page, counted while it is parsed. */
  maxNodes: number;
  /** Elements of the document part of a `.docx`, counted while it is read. */
  maxElements: number;
  /** Tables in the document, nested ones included. */
  maxTables: number;
  /** Table cells in the whole document (each merged cell once). */
  maxTableCells: number;
  /** Tables inside tables (a layout table holding the report's tables is one level). */
  maxTableDepth: number;
  /** Elements inside elements: deeper markup is a hostile file, not a report. */
  maxElementDepth: number;
}

/** Every cap on an upload, whether it is a workbook or a document. */
export type UploadLimits = WorkbookLimits & DocumentLimits;

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: UploadLimits = Object.freeze({
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
  // A Word report saved as a web page with inline styles is 1–2 MB; 4 MiB leaves room, 10 MB of markup is refused.
  maxMarkupBytes: 4 * MiB,
  // A 1 MB page is about 20,000 nodes.
  maxNodes: 200_000,
  // A 20-page Word report's document part is 50,000–150,000 elements (runs, properties, bookmarks).
  maxElements: 1_000_000,
  // Three statistical tables (section 二 sometimes as four), a few more in the prose, a page's layout tables.
  maxTables: 200,
  // The three tables are about 500 cells; a report with every table of its prose stays under 5,000.
  maxTableCells: 20_000,
  // A page's layout table around the report's tables, and one more level inside a cell.
  maxTableDepth: 8,
  // Word nests a cell's text about 10 deep, a page's markup 30–40.
  maxElementDepth: 256,
});
