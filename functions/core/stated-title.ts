import { address } from "./workbook/grid";
import type { SheetView } from "./workbook/sheet-view";

/** What a workbook's own title states, and the cell it was read from (for the findings that quote it). */
export interface StatedTitle {
  year: number | null;
  department: string | null;
  sheet: string | null;
  cell: string | null;
}

/**
 * The year and department a workbook's own title states, e.g.
 * `自治区人民政府办公厅 2019 年政府信息公开工作年度报告` → 2019, 自治区人民政府办公厅.
 */
const TITLE = /^(.*?)(20\d{2})年(?:度)?(?:政府)?信息公开(?:工作)?年度报告/;

/** A title set on two lines (`某市教育局` over `2024年政府信息公开工作年度报告`): the line above, when short. */
const DEPARTMENT_LINE = /^[^\d，。,.;；:：]{2,40}$/;

export const NOT_STATED: StatedTitle = { year: null, department: null, sheet: null, cell: null };

export function statedTitle(views: readonly SheetView[]): StatedTitle {
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
      return {
        year: Number(match[2]),
        department: department ? department.slice(0, 60) : null,
        sheet: view.name,
        cell: address(cell.r, cell.c),
      };
    }
  }
  return NOT_STATED;
}
