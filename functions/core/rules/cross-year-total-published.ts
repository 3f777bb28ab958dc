import { crossYearRule } from "./cross-year";

/** `cross_year.total_published` (a warning), rule 10: (2019 format) this year's 对外公开总数量 equals last year's plus this year's 本年新公开数量. */
export const crossYearTotalPublished = crossYearRule("cross_year.total_published");
