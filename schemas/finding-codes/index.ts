/**
 * The catalogue of finding codes: every code the system can emit, with its severity, what it means and
 * why it matters (cdk-nag style: what is wrong, and why a reader of the report cares). A code never
 * changes once published. `Finding.rule` is checked against this list, the README's list of rules is
 * generated from it, and a test proves that every code here is emitted by some input and every code
 * emitted is here.
 */

import { ARITHMETIC_CODES } from "./arithmetic";
import { CLI_CODES } from "./cli";
import { CROSS_YEAR_CODES } from "./cross-year";
import { DOCUMENT_CODES } from "./document";
import type { CodeEntry } from "./entry";
import { METADATA_CODES } from "./metadata";
import { TABLE_SHAPE_CODES } from "./tables";
import { UPLOAD_CODES } from "./upload";
import { VALUE_CODES } from "./values";
import { WORKBOOK_CODES } from "./workbook";

export type { CodeEntry } from "./entry";

export const FINDING_CODES = {
  ...WORKBOOK_CODES,
  ...DOCUMENT_CODES,
  ...UPLOAD_CODES,
  ...TABLE_SHAPE_CODES,
  ...VALUE_CODES,
  ...ARITHMETIC_CODES,
  ...CROSS_YEAR_CODES,
  ...METADATA_CODES,
  ...CLI_CODES,
} as const satisfies Record<string, CodeEntry>;

export type FindingCode = keyof typeof FINDING_CODES;

/** Every code, in catalogue order. */
export const ALL_FINDING_CODES = Object.keys(FINDING_CODES) as [FindingCode, ...FindingCode[]];

export function codeEntry(code: FindingCode): CodeEntry {
  return FINDING_CODES[code];
}
