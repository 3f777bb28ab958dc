import { crossYearRule } from "./cross-year";

/** `cross_year.items_last_year` (a warning), rule 10: (2019 format) this year's 上一年项目数量 equals last year's 上一年项目数量 + 本年增/减. */
export const crossYearItemsLastYear = crossYearRule("cross_year.items_last_year");
