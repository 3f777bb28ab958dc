import type { DocumentLimits } from "../workbook/limits";
import type { DocumentBlock, ReadDocument, TextRun } from "./model";
import { textOfRuns } from "./model";
import { budget, refuseDocument } from "./problems";
import { TableBuilder } from "./table-builder";

/**
 * What both readers (Word's XML, a page's DOM) tell as they walk a document — text runs, line ends, tables,
 * rows and cells — assembled into paragraphs and tables in reading order. A table that holds another
 * table is a layout table (a page's frame, a Word table used for borders): its cells' paragraphs and
 * tables take its place, so the report's tables are found wherever they sit. The caps on tables, cells
 * and nesting are counted here, as the walk goes, so a hostile document stops early.
 */

/** Text kept per line: a real line is far shorter; a hostile one is cut, never held whole. */
const MAX_LINE = 4000;
/** Text kept per cell over all its lines. */
const MAX_CELL_TEXT = 8000;

interface Container {
  /** The line being written. */
  line: TextRun[];
  lineLength: number;
  /** Every run of the container, lines separated by a break: a cell's text. */
  runs: TextRun[];
  runsLength: number;
  /** Its paragraphs and tables, for when it is part of a layout. */
  blocks: DocumentBlock[];
  hasTable: boolean;
}

type CellMerge = "up" | "left" | null;

interface PendingCell {
  colSpan: number;
  rowSpan: number;
  merge: CellMerge;
  content: Container;
}

interface TableFrame {
  rows: { skip: number; cells: PendingCell[] }[];
  /** The container the table stands in. */
  parent: Container;
}

const container = (): Container => ({
  line: [],
  lineLength: 0,
  runs: [],
  runsLength: 0,
  blocks: [],
  hasTable: false,
});

export class DocumentAssembler {
  private readonly root = container();
  private readonly containers: Container[] = [this.root];
  private readonly tables: TableFrame[] = [];
  private readonly tableCount;
  private readonly cellCount;

  constructor(private readonly limits: DocumentLimits & { maxColumns: number }) {
    this.tableCount = budget("too_many_elements", "tables", limits.maxTables);
    this.cellCount = budget("too_many_cells", "table cells", limits.maxTableCells);
  }

  private get current(): Container {
    return this.containers[this.containers.length - 1]!;
  }

  text(text: string, raised = false): void {
    if (!text) return;
    const into = this.current;
    const room = MAX_LINE - into.lineLength;
    if (room <= 0) return;
    const kept = text.length > room ? text.slice(0, room) : text;
    into.line.push({ text: kept, raised });
    into.lineLength += kept.length;
  }

  /** The end of a paragraph, a line break, a block element. */
  lineEnd(): void {
    const into = this.current;
    if (into.line.length === 0) return;
    const line = into.line;
    into.line = [];
    into.lineLength = 0;
    const text = textOfRuns(line).text;
    if (text.trim() === "") {
      // Only a raised mark on a line of its own: still part of the cell's text.
      if (line.some((run) => run.raised && run.text.trim())) this.keepRuns(into, line);
      return;
    }
    into.blocks.push({ kind: "paragraph", text });
    this.keepRuns(into, line);
  }

  private keepRuns(into: Container, line: TextRun[]): void {
    if (into.runsLength >= MAX_CELL_TEXT) return;
    if (into.runs.length > 0) into.runs.push({ text: "\n", raised: false });
    for (const run of line) {
      into.runs.push(run);
      into.runsLength += run.text.length;
    }
  }

  openTable(): void {
    this.lineEnd();
    this.tableCount.add();
    if (this.tables.length >= this.limits.maxTableDepth) {
      refuseDocument("too_deeply_nested", `tables nested more than ${this.limits.maxTableDepth} deep`, {
        limit: this.limits.maxTableDepth,
        actual: this.tables.length + 1,
      });
    }
    this.tables.push({ rows: [], parent: this.current });
  }

  /** A row; `skip` empty slots before its first cell (Word's `gridBefore`). */
  openRow(skip = 0): void {
    this.tables.at(-1)?.rows.push({ skip, cells: [] });
  }

  /** A cell; `merge` when it continues the cell above (`vMerge`) or before it (`hMerge`). */
  openCell(colSpan = 1, rowSpan = 1, merge: CellMerge = null): void {
    const table = this.tables.at(-1);
    if (!table) return;
    this.cellCount.add();
    if (table.rows.length === 0) table.rows.push({ skip: 0, cells: [] });
    const content = container();
    table.rows.at(-1)!.cells.push({ colSpan, rowSpan, merge, content });
    this.containers.push(content);
  }

  closeCell(): void {
    if (this.containers.length <= 1) return;
    this.lineEnd();
    this.containers.pop();
  }

  closeTable(): void {
    const table = this.tables.pop();
    if (!table) return;
    // Close what a reader left open inside the table (a cell never closed in damaged markup).
    while (this.containers.length > 1 && this.current !== table.parent) this.closeCell();
    const parent = table.parent;
    parent.hasTable = true;
    const cells = table.rows.flatMap((row) => row.cells);
    if (cells.some((cell) => cell.content.hasTable)) {
      for (const cell of cells) parent.blocks.push(...cell.content.blocks);
      return;
    }
    const builder = new TableBuilder(this.limits.maxColumns);
    for (const row of table.rows) {
      builder.startRow(row.skip);
      for (const cell of row.cells) {
        if (cell.merge === "up") builder.mergeUp(cell.colSpan);
        else if (cell.merge === "left") builder.mergeLeft(cell.colSpan);
        else builder.addCell(textOfRuns(cell.content.runs), cell.colSpan, cell.rowSpan);
      }
    }
    const built = builder.finish();
    if (built.cells.length > 0) parent.blocks.push({ kind: "table", table: built });
  }

  result(titles: readonly string[] = []): ReadDocument {
    while (this.tables.length > 0) this.closeTable();
    this.lineEnd();
    return { titles: titles.filter((title) => title.trim() !== ""), blocks: this.root.blocks };
  }
}
