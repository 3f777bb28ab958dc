import { relationRule, totalMessage } from "./relation-rule";

/**
 * `applications.results_total`. Rule 2: for every column of section 三, （七）总计 is the sum of the result rows.
 * Which cells are summed is the format description's relation of this code.
 */
export const applicationsResultsTotal = relationRule("applications.results_total", totalMessage);
