import { crossYearRule } from "./cross-year";

/** `cross_year.carried_over` (a warning), rule 10: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, per column (section 三 is the same in both formats, so across a change of format too). */
export const crossYearCarriedOver = crossYearRule("cross_year.carried_over");
