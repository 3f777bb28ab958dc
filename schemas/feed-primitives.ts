import { FEED_VERSION, HEADLINE_FIELDS, type HeadlineField } from "./feed-constants";
import { cellKey, FORMATS, type FormatId, type FormatSpec } from "./formats";
import { tablesSchema } from "./report";
import { z } from "./zod";

/** The parts every feed document's schema is built from (`feed.ts` composes the documents). */

export const SchemaVersion = z.literal(FEED_VERSION).describe("Version of the feed contract.");
export const Year = z.number().int().min(2000).max(2100).describe("Report year.");
export const Timestamp = z.iso.datetime({ offset: true });
export const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe("SHA-256, lower-case hex.");
export const FeedPath = z
  .string()
  .regex(/^v1\/[^\s]+\.json$/)
  .describe("Path of a feed document, relative to the feed root (v1/years/2024.json).");
export const Count = z.number().int().nonnegative();
const formatIds = FORMATS.map((format) => format.id) as [FormatId, ...FormatId[]];
export const FormatIdSchema = z
  .enum(formatIds)
  .describe(
    "Format of the report's tables: 2019 (国办公开办函〔2019〕60号) or 2021 (国办公开办函〔2021〕30号).",
  );

export const DepartmentRefSchema = z.object({
  id: z.string().min(1).describe("Department id as registered."),
  name: z.string().min(1).describe("Department name (Chinese)."),
});
export type DepartmentRef = z.infer<typeof DepartmentRefSchema>;

/** The newest format: the schema's descriptions name its cells (every format names the same ones). */
export const NEWEST = FORMATS.at(-1)!;

function headlineField(field: HeadlineField) {
  const { zh, en } = HEADLINE_FIELDS[field];
  const source = NEWEST.headline[field].cells.map(cellKey).join(" + ");
  return Count.describe(`${zh} / ${en} (${source})`);
}

export const HeadlineSchema = z
  .object({
    applicationsReceived: headlineField("applicationsReceived"),
    resultsTotal: headlineField("resultsTotal"),
    disclosed: headlineField("disclosed"),
    partiallyDisclosed: headlineField("partiallyDisclosed"),
    reconsiderations: headlineField("reconsiderations"),
    lawsuits: headlineField("lawsuits"),
  })
  .describe("A few headline numbers of one report.");
export type Headline = z.infer<typeof HeadlineSchema>;

export const ReportSourceSchema = z.object({
  key: z.string().min(1).describe("Key of the uploaded file."),
  versionId: z
    .string()
    .nullable()
    .describe("Version id of the uploaded object, null where the store has none."),
  sha256: Sha256.describe("SHA-256 of the uploaded file's bytes."),
  uploadedAt: Timestamp.describe("When the file was uploaded."),
});

const Rate = z.number().min(0).max(1).nullable();

function rateOf(what: string, of: string) {
  return Rate.describe(`Share of ${of} that ${what}, 0..1 rounded to 4 decimals; null when ${of} is 0.`);
}

const { requests: requestRates, appeals: appealRates } = NEWEST.rates;
const REQUESTS = cellKey({ table: requestRates.table, row: requestRates.whole, column: requestRates.column });
const appealsOf = (rows: readonly string[]) =>
  rows.map((row) => cellKey({ table: appealRates.table, row, column: appealRates.whole })).join(" + ");
const RECONSIDERATIONS = appealsOf(appealRates.groups.reconsideration);
const LAWSUITS = appealsOf(appealRates.groups.litigation);

function outcomeRates(of: string) {
  return z.object({
    upheld: rateOf("were upheld", of),
    corrected: rateOf("were corrected", of),
    other: rateOf("ended otherwise", of),
    pending: rateOf("are pending", of),
  });
}

export const RatesSchema = z.object({
  requests: z.object({
    disclosed: rateOf("were disclosed in full", REQUESTS),
    partially_disclosed: rateOf("were disclosed in part", REQUESTS),
    withheld: rateOf("were withheld (withheld.*)", REQUESTS),
    unavailable: rateOf("could not be provided (unavailable.*)", REQUESTS),
    not_processed: rateOf("were not processed (not_processed.*)", REQUESTS),
    other: rateOf("were handled otherwise (other, other.*)", REQUESTS),
  }),
  reconsideration: outcomeRates(RECONSIDERATIONS),
  litigation: outcomeRates(LAWSUITS),
});
export type Rates = z.infer<typeof RatesSchema>;

/** The sums of every cell over some departments, and their rates, in one format. */
export function sumsFields(format: FormatSpec) {
  return {
    format: z.literal(format.id),
    tables: tablesSchema(format).describe(
      "Every cell summed over the departments; amounts exact to 6 decimals.",
    ),
    rates: RatesSchema,
  };
}

/** Where a listing moved to pages: the pages in key order, each with the first key it may hold. */
export const PageRefSchema = z.object({
  page: Count.describe("The page's number."),
  path: FeedPath.describe("Path of the page document."),
  from: z
    .string()
    .describe(
      'The lowest department id the page may hold ("" for the first page); the next page starts above.',
    ),
});
export type PageRef = z.infer<typeof PageRefSchema>;
