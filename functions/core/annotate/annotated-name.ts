/**
 * What an annotated copy is called, apart from the writer (which loads ExcelJS): the desk API names the
 * download with it without bundling the writer.
 */

/** `报告.xlsx` → `报告（已标注）.xlsx` (an .xls becomes .xlsx). */
export function annotatedName(fileName: string): string {
  const base = fileName.replace(/\.(xlsx|xlsm|xls)$/i, "");
  return `${base}（已标注）.xlsx`;
}
