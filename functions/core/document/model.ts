/**
 * A report written as a document — a Word `.docx` or a published web page — as the core reads it: the
 * paragraphs and tables in reading order, each table's cells placed on its grid (a merged cell at its
 * top-left slot, with the rows and columns it spans). Both readers produce this; `document-grid.ts` turns
 * it into the grid the spreadsheet path reads, so locating, values and rules are the same code.
 */

/** One cell of a table, placed on the table's grid (0-based), merged cells once. */
export interface DocumentCell {
  r: number;
  c: number;
  rowSpan: number;
  colSpan: number;
  /** What the cell shows, its paragraphs joined by line breaks; without its footnote marks. */
  text: string;
  /** Superscript or subscript text at the end of the cell (a footnote mark, `31¹`): never digits. */
  footnote?: string;
  /** A superscript or subscript run stands before other text: the digits cannot be told apart. */
  misplacedMark?: boolean;
}

export interface DocumentTable {
  rowCount: number;
  colCount: number;
  cells: DocumentCell[];
}

export type DocumentBlock = { kind: "paragraph"; text: string } | { kind: "table"; table: DocumentTable };

export interface ReadDocument {
  /** What the document says its title is outside its body (a page's `<title>`), first. */
  titles: string[];
  blocks: DocumentBlock[];
  /** Word's body holds an embedded chunk (`w:altChunk`: a page or another document Word shows in place). */
  embedded?: true;
}

/** A run of text as written: raised (superscript/subscript) or not. */
export interface TextRun {
  text: string;
  raised: boolean;
}

/**
 * A cell's (or paragraph's) runs → its text and its footnote: raised runs at the end are the footnote,
 * a raised run with text after it makes the cell's digits untrustworthy.
 */
export function textOfRuns(
  runs: readonly TextRun[],
): Pick<DocumentCell, "text" | "footnote" | "misplacedMark"> {
  let text = "";
  let footnote = "";
  let misplaced = false;
  for (const run of runs) {
    if (run.raised) footnote += run.text;
    else {
      if (footnote.trim() && run.text.trim()) misplaced = true;
      text += run.text;
    }
  }
  footnote = footnote.trim();
  return {
    text,
    ...(footnote ? { footnote } : {}),
    ...(misplaced ? { misplacedMark: true } : {}),
  };
}
