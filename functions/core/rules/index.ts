import { appealsRowTotal } from "./appeals-row-total";
import { applicationsBalance } from "./applications-balance";
import { applicationsResultsTotal } from "./applications-results-total";
import { applicationsRowTotal } from "./applications-row-total";
import { crossYearCarriedOver } from "./cross-year-carried-over";
import { crossYearIdentical } from "./cross-year-identical";
import { crossYearInForce } from "./cross-year-in-force";
import { crossYearItemsLastYear } from "./cross-year-items-last-year";
import { crossYearTotalPublished } from "./cross-year-total-published";
import { formatYearMismatch } from "./format-year-mismatch";
import { metadataDepartmentMismatch } from "./metadata-department-mismatch";
import { metadataYearMismatch } from "./metadata-year-mismatch";
import { proactiveItemsNegative } from "./proactive-items-negative";
import { proactivePublishedExceedsTotal } from "./proactive-published-exceeds-total";
import type { Rule } from "./rule";
import { tableBlank } from "./table-blank";

export type { Rule, RuleContext } from "./rule";

/**
 * Every rule of spec/report-formats.md that runs over a read report, one file each, named by the code it
 * emits. Rule 5 (values of their kind, rows and columns present once) is enforced while locating and
 * reading, where the cell is at hand. A new rule: a file here named by its code, its code in
 * `schemas/finding-codes/`, and an entry below.
 */
export const RULES: readonly Rule[] = [
  formatYearMismatch,
  tableBlank,
  applicationsRowTotal,
  applicationsResultsTotal,
  appealsRowTotal,
  applicationsBalance,
  proactiveItemsNegative,
  proactivePublishedExceedsTotal,
  crossYearCarriedOver,
  crossYearItemsLastYear,
  crossYearTotalPublished,
  crossYearInForce,
  crossYearIdentical,
  metadataYearMismatch,
  metadataDepartmentMismatch,
];
