import type { WorkbookLimits } from "../limits";
import { ByteView } from "./bytes";
import { refuse } from "./verdict";

/**
 * The BIFF8 records of an .xls's Workbook stream, walked by their headers (4 bytes a record, so cheap):
 * the globals' FILEPASS and BoundSheet8 records, and per sheet what SheetJS expands (merged ranges, the
 * hyperlink ranges it loops over) and what a sheet claims its size is.
 */

const BIFF_BOF = 0x0809;
const BIFF_EOF = 0x000a;
const BIFF_FILEPASS = 0x002f;
const BIFF_BOUNDSHEET = 0x0085;
const BIFF_MERGECELLS = 0x00e5;
const BIFF_HLINK = 0x01b8;
const BIFF_HLINKTOOLTIP = 0x0800;
const BIFF_DIMENSIONS = 0x0200;

/** What a Workbook stream declares. */
export interface BiffFacts {
  sheetCount: number;
  notes: string[];
}

/** Where a walk is: which substream (0 = globals), how deep in BOF/EOF pairs, what this sheet expands to. */
interface Walk {
  stream: ByteView;
  limits: WorkbookLimits;
  main: boolean;
  facts: BiffFacts;
  substream: number;
  depth: number;
  merges: number;
  linked: number;
}

/**
 * Walks a Workbook stream. `main` is the stream SheetJS reads the workbook from; a workbook embedded
 * deeper (an OLE object) is only checked for what SheetJS would expand, and may be no BIFF at all.
 */
export function walkBiff(bytes: Uint8Array, limits: WorkbookLimits, main: boolean): BiffFacts {
  const stream = new ByteView(bytes);
  if (stream.length < 4 || stream.u16(0) !== BIFF_BOF) {
    if (!main) return { sheetCount: 0, notes: [] };
    refuse("xls_corrupt", "the Workbook stream does not start with a BOF record");
  }
  const walk: Walk = {
    stream,
    limits,
    main,
    facts: { sheetCount: 0, notes: [] },
    substream: -1,
    depth: 0,
    merges: 0,
    linked: 0,
  };
  for (let p = 0; p + 4 <= stream.length; ) {
    const type = stream.u16(p);
    const size = stream.u16(p + 2);
    const data = p + 4;
    if (data + size > stream.length) break; // SheetJS stops at a short last record too
    onRecord(walk, type, data, size);
    p = data + size;
  }
  return walk.facts;
}

function onRecord(walk: Walk, type: number, data: number, size: number): void {
  const { stream, limits } = walk;
  switch (type) {
    case BIFF_BOF:
      if (walk.depth === 0) {
        walk.substream++;
        walk.merges = 0;
        walk.linked = 0;
      }
      walk.depth++;
      break;
    case BIFF_EOF:
      walk.depth = Math.max(0, walk.depth - 1);
      break;
    case BIFF_FILEPASS:
      if (walk.substream === 0 && walk.main)
        refuse("encrypted", "the .xls has a FILEPASS record: it is password-protected");
      break;
    case BIFF_BOUNDSHEET:
      if (walk.substream === 0) walk.facts.sheetCount++;
      break;
    case BIFF_MERGECELLS:
      if (size >= 2) walk.merges += stream.u16(data);
      if (walk.merges > limits.maxMerges) {
        refuse(
          "too_many_merges",
          `sheet ${walk.substream} of the .xls has more than ${limits.maxMerges} merged ranges`,
          {
            limit: limits.maxMerges,
            actual: walk.merges,
          },
        );
      }
      break;
    case BIFF_HLINK:
    case BIFF_HLINKTOOLTIP:
      onHyperlink(walk, type === BIFF_HLINK ? data : data + 2, data + size);
      break;
    case BIFF_DIMENSIONS:
      if (size >= 12) noteDimensions(walk, data);
      break;
  }
}

/** A hyperlink's Ref8 (first row, last row, first column, last column) at `at`, inside a record ending at `end`. */
function onHyperlink(walk: Walk, at: number, end: number): void {
  const { stream, limits } = walk;
  if (at + 8 <= end) {
    const rows = stream.u16(at + 2) - stream.u16(at) + 1;
    const cols = stream.u16(at + 6) - stream.u16(at + 4) + 1;
    if (rows > 0 && cols > 0) walk.linked += rows * cols;
  }
  if (walk.linked > limits.maxCells) {
    refuse(
      "hyperlink_range",
      `sheet ${walk.substream} of the .xls has hyperlinks covering more than ${limits.maxCells} cells`,
      { limit: limits.maxCells, actual: walk.linked },
    );
  }
}

function noteDimensions(walk: Walk, data: number): void {
  const rows = walk.stream.u32(data + 4);
  const cols = walk.stream.u16(data + 10);
  if (rows > walk.limits.maxRows || cols > walk.limits.maxColumns) {
    walk.facts.notes.push(`sheet ${walk.substream} of the .xls claims ${rows} rows x ${cols} columns`);
  }
}
