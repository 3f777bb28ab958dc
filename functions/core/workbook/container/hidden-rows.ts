/**
 * The rows each sheet of an xlsx hides. SheetJS reports them only when it reads styles, which costs an
 * exception per cell (see read-workbook.ts), so the guard, which scans every part anyway, reads the
 * `<row … hidden="1">` tags itself. Only said, never refused: a hidden row holding a second copy of a row
 * or a table is named as hidden in the finding that refuses the copy.
 */

const ROW_TAG = /<(?:\w+:)?row\b[^>]*>/g;
const HIDDEN = /\bhidden\s*=\s*["'](?:1|true)["']/;
const ROW_NUMBER = /\br\s*=\s*["'](\d+)["']/;

/** The hidden rows of one worksheet part (its text), 0-based, below `maxRows` (the rows SheetJS reads). */
export function hiddenRowsOf(text: string, maxRows: number): number[] {
  // Most sheets hide nothing: one search, no tag walk.
  if (!/\bhidden\s*=/.test(text)) return [];
  const rows: number[] = [];
  let next = 0;
  for (const match of text.matchAll(ROW_TAG)) {
    const tag = match[0];
    const stated = ROW_NUMBER.exec(tag)?.[1];
    // A row without `r` is the one after the previous, as SheetJS counts them.
    const r = stated === undefined ? next : Number(stated) - 1;
    next = r + 1;
    if (r >= maxRows) break;
    if (r >= 0 && HIDDEN.test(tag)) rows.push(r);
  }
  return rows;
}

/**
 * The part key of every sheet `workbook.xml` declares, in its order (the order SheetJS lists the sheets
 * in), through the workbook's relationships; undefined where a relationship is missing.
 */
export function sheetPartKeys(
  workbookXml: string,
  workbookRels: string,
  workbookKey: string,
): (string | undefined)[] {
  const targets = new Map<string, string>();
  for (const tag of workbookRels.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    const id = /\bId\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    const target = /\bTarget\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    if (id !== undefined && target !== undefined) targets.set(id, target);
  }
  const folder = workbookKey.replace(/[^/]*$/, "");
  const keys: (string | undefined)[] = [];
  for (const tag of workbookXml.match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []) {
    const id = /\b(?:\w+:)?id\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    const target = id === undefined ? undefined : targets.get(id);
    keys.push(target === undefined ? undefined : partKey(folder, target));
  }
  return keys;
}

/** A relationship's target as a zip entry key: absolute from the package root, else from the folder. */
function partKey(folder: string, target: string): string {
  const path = target.startsWith("/") ? target.slice(1) : folder + target;
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/").toLowerCase();
}
