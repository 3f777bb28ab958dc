import { scoresAgainst } from "../labels";
import type { SheetView } from "../workbook/sheet-view";

/** The best-scoring spec a text matches, when one stands out. */
export function bestMatch<T extends { label: string; aliases?: readonly string[] }>(
  text: string,
  specs: readonly T[],
  minimum = 1,
): { spec: T; score: number } | undefined {
  let best: { spec: T; score: number } | undefined;
  let tie = false;
  const scores = scoresAgainst(text, specs);
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const score = scores[i]!;
    if (score < minimum) continue;
    if (!best || score > best.score) {
      best = { spec, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return tie ? undefined : best;
}

/** A non-blank value in columns c..cEnd of row r (a header merged over several columns). */
export function valueColumn(view: SheetView, r: number, c: number, cEnd: number): number | null {
  let own: number | undefined;
  for (let col = c; col <= cEnd; col++) {
    // A merge reaching in from the left holds the previous column's number, not this one's.
    const merge = view.mergeAt(r, col);
    if (merge && merge.c1 < c) continue;
    own ??= col;
    const cell = view.cell(r, col);
    if (cell && !(cell.type === "s" && String(cell.value).trim() === "")) return col;
  }
  return own ?? null;
}
