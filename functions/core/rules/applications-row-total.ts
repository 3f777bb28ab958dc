import { relationRule, totalMessage } from "./relation-rule";

/**
 * `applications.row_total`. Rule 1: for every row of section 三, 总计 is the sum of the six applicant columns. A blank 总计 beside non-zero parts is this error (real reports do leave the whole column blank).
 * Which cells are summed is the format description's relation of this code.
 */
export const applicationsRowTotal = relationRule("applications.row_total", totalMessage);
