import { crossYearRule } from "./cross-year";

/** `cross_year.in_force` (a warning), rule 10: (2021 format) this year's 现行有效件数 equals last year's plus 本年制发 minus 本年废止 (inexact: 制发 may include revisions, 废止 expiry). */
export const crossYearInForce = crossYearRule("cross_year.in_force");
