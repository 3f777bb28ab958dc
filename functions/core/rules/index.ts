import { applicationsBalance } from "./applications-balance";
import { crossYear } from "./cross-year";
import { formatFitsYear } from "./format-fits-year";
import { proactiveItemsNotNegative } from "./proactive-items-not-negative";
import { proactivePublishedWithinTotal } from "./proactive-published-within-total";
import type { Rule } from "./rule";
import { statedYearAndDepartment } from "./stated-year-and-department";
import { tableNotBlank } from "./table-not-blank";
import { totalsEqualParts } from "./totals-equal-parts";

export type { Rule, RuleContext } from "./rule";

/**
 * Every rule of spec/report-formats.md that runs over a read report. Rule 5 (values of their kind, rows
 * and columns present once) is enforced while reading, where the cell is at hand.
 */
export const RULES: readonly Rule[] = [
  formatFitsYear,
  tableNotBlank,
  totalsEqualParts,
  applicationsBalance,
  proactiveItemsNotNegative,
  proactivePublishedWithinTotal,
  crossYear,
  statedYearAndDepartment,
];
