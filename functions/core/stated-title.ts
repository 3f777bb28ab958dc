import type { SheetView } from "./workbook/sheet-view";

/**
 * The year and department a workbook's own title states, e.g.
 * `自治区人民政府办公厅 2019 年政府信息公开工作年度报告` → 2019, 自治区人民政府办公厅.
 */
const TITLE = /^(.*?)(20\d{2})年(?:度)?(?:政府)?信息公开(?:工作)?年度报告/;

/** A title set on two lines (`某市教育局` over `2024年政府信息公开工作年度报告`): the line above, when short. */
const DEPARTMENT_LINE = /^[^\d，。,.;；:：]{2,40}$/;

export function statedTitle(views: readonly SheetView[]): { year: number | null; department: string | null } {
  for (const view of views) {
    for (const cell of view.textCells) {
      if (cell.r > 10) continue;
      const match = TITLE.exec(cell.text);
      if (!match) continue;
      let named = match[1]!;
      if (!named && cell.r > 0) {
        const above = view.text(cell.r - 1, cell.c);
        if (DEPARTMENT_LINE.test(above) && !/^(附件|附表|表)/.test(above)) named = above;
      }
      const department = named.replace(/^关于/, "").replace(/[《“]/g, "").trim();
      return { year: Number(match[2]), department: department ? department.slice(0, 60) : null };
    }
  }
  return { year: null, department: null };
}
