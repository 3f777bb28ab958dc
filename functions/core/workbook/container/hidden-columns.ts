/**
 * The columns each sheet of an xlsx hides (`<col min="10" max="10" hidden="1"/>`). SheetJS reads `<cols>`
 * only when it reads styles (see hidden-rows.ts for why it never does here), so the guard, which scans
 * every part anyway, reads them itself. Only said, never refused: a hidden column holding a second copy
 * of a column is named as hidden in the finding that refuses the copy.
 */

const COL_TAG = /<(?:\w+:)?col\b[^>]*>/g;
const HIDDEN = /\bhidden\s*=\s*["'](?:1|true)["']/;
const MIN = /\bmin\s*=\s*["'](\d+)["']/;
const MAX = /\bmax\s*=\s*["'](\d+)["']/;

/** The hidden columns of one worksheet part (its text), 0-based, below `maxColumns` (the columns read). */
export function hiddenColumnsOf(text: string, maxColumns: number): number[] {
  // Most sheets hide nothing: one search, no tag walk.
  if (!/\bhidden\s*=/.test(text)) return [];
  const columns = new Set<number>();
  for (const match of text.matchAll(COL_TAG)) {
    const tag = match[0];
    if (!HIDDEN.test(tag)) continue;
    const min = Number(MIN.exec(tag)?.[1] ?? Number.NaN);
    if (!(min >= 1)) continue;
    const max = Number(MAX.exec(tag)?.[1] ?? min);
    // A crafted `max="16384"` hides every column: bounded by the columns the reader reads.
    for (let c = min - 1; c < Math.min(max, maxColumns); c++) columns.add(c);
  }
  return [...columns].sort((a, b) => a - b);
}
