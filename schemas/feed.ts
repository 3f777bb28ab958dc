import { FindingSchema } from "./finding";
import { cellKey, FORMATS, type FormatId, type FormatSpec } from "./formats";
import { CellSourceSchema, type ReportTables, tablesSchema } from "./report";
import { z } from "./zod";

/**
 * The published feed (`spec/feed.md`), version `v1`: one zod schema per document. The JSON Schemas
 * published under `v1/schema/` are generated from these, so the contract is written down once.
 * Within `v1` a field is only ever added, never removed or changed; the generated JSON Schemas therefore
 * leave document objects open to extra properties (tables stay closed: their codes are fixed per format).
 */

import { FEED_VERSION, HEADLINE_FIELDS, type HeadlineField } from "./feed-constants";

export { FEED_VERSION, HEADLINE_FIELDS, type HeadlineField } from "./feed-constants";

const SchemaVersion = z.literal(FEED_VERSION).describe("Version of the feed contract.");
const Year = z.number().int().min(2000).max(2100).describe("Report year.");
const Timestamp = z.iso.datetime({ offset: true });
const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe("SHA-256, lower-case hex.");
const FeedPath = z
  .string()
  .regex(/^v1\/[^\s]+\.json$/)
  .describe("Path of a feed document, relative to the feed root (v1/years/2024.json).");
const Count = z.number().int().nonnegative();
const formatIds = FORMATS.map((format) => format.id) as [FormatId, ...FormatId[]];
const FormatIdSchema = z
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
const NEWEST = FORMATS.at(-1)!;

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

/** A published report carries warnings only: a report with an error is never published. */
export const WarningSchema = FindingSchema.extend({ severity: z.literal("warning") });

function reportDocSchema(format: FormatSpec) {
  return z.object({
    schemaVersion: SchemaVersion,
    department: DepartmentRefSchema,
    year: Year,
    format: z.literal(format.id),
    publishedAt: Timestamp.describe("When this report was published."),
    source: ReportSourceSchema,
    tables: tablesSchema(format).describe("{table: {row: {column: number}}} with the codes of the format."),
    notes: z
      .array(CellSourceSchema)
      .describe("Cells whose text carried more than the number (a unit, a note)."),
    warnings: z.array(WarningSchema),
  });
}

/** `v1/reports/{year}/{department}.json` */
export const ReportDocSchema = z
  .discriminatedUnion(
    "format",
    FORMATS.map(reportDocSchema) as [
      ReturnType<typeof reportDocSchema>,
      ...ReturnType<typeof reportDocSchema>[],
    ],
  )
  .meta({ title: "Report", description: "One published report: its tables, source upload and warnings." });
export type ReportDoc = Omit<z.infer<typeof ReportDocSchema>, "format" | "tables"> & {
  format: FormatId;
  tables: ReportTables;
};

export const YearEntrySchema = z.object({
  department: DepartmentRefSchema,
  format: FormatIdSchema,
  publishedAt: Timestamp,
  path: FeedPath.describe("Path of the report document."),
  sha256: Sha256.describe("SHA-256 of the report document's bytes as published."),
  headline: HeadlineSchema,
});
export type YearEntry = z.infer<typeof YearEntrySchema>;

/** `v1/years/{year}.json` */
export const YearDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    year: Year,
    updatedAt: Timestamp,
    reports: z
      .array(YearEntrySchema)
      .describe("Every published report of the year, sorted by department id."),
  })
  .meta({ title: "Year", description: "Every published report of one year." });
export type YearDoc = z.infer<typeof YearDocSchema>;

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

function summaryDocSchema(format: FormatSpec) {
  return z.object({
    schemaVersion: SchemaVersion,
    year: Year,
    format: z.literal(format.id),
    updatedAt: Timestamp,
    departments: Count.describe("How many departments' reports the sums cover."),
    tables: tablesSchema(format).describe(
      "Every cell summed over the departments; amounts exact to 6 decimals.",
    ),
    rates: RatesSchema,
  });
}

/** `v1/summary/{year}.json` */
export const SummaryDocSchema = z
  .discriminatedUnion(
    "format",
    FORMATS.map(summaryDocSchema) as [
      ReturnType<typeof summaryDocSchema>,
      ...ReturnType<typeof summaryDocSchema>[],
    ],
  )
  .meta({
    title: "Summary",
    description: "One year across all departments: sums of every cell and derived rates.",
  });
export type SummaryDoc = Omit<z.infer<typeof SummaryDocSchema>, "format" | "tables"> & {
  format: FormatId;
  tables: ReportTables;
};

export const DepartmentYearSchema = z.object({
  year: Year,
  format: FormatIdSchema,
  publishedAt: Timestamp,
  path: FeedPath.describe("Path of the report document."),
  headline: HeadlineSchema,
});
export type DepartmentYear = z.infer<typeof DepartmentYearSchema>;

/** `v1/departments/{department}.json` */
export const DepartmentDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    department: DepartmentRefSchema,
    updatedAt: Timestamp,
    years: z.array(DepartmentYearSchema).describe("The department's published reports, newest year first."),
  })
  .meta({ title: "Department", description: "One department across years." });
export type DepartmentDoc = z.infer<typeof DepartmentDocSchema>;

export const IndexYearSchema = z.object({
  year: Year,
  reports: Count.describe("How many reports of the year are published."),
  lastChanged: Timestamp.describe("When a report of the year was last published."),
  paths: z.object({
    year: FeedPath.describe("Path of the year document."),
    summary: FeedPath.describe("Path of the year's summary document."),
  }),
});
export type IndexYear = z.infer<typeof IndexYearSchema>;

/** `v1/index.json` */
export const IndexDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    updatedAt: Timestamp,
    years: z.array(IndexYearSchema).describe("Years with published reports, newest first."),
  })
  .meta({ title: "Index", description: "The years that have published reports." });
export type IndexDoc = z.infer<typeof IndexDocSchema>;

/** Every feed document's schema by the name it is published under (`v1/schema/{name}.schema.json`). */
export const FEED_DOCUMENT_SCHEMAS = {
  index: IndexDocSchema,
  year: YearDocSchema,
  report: ReportDocSchema,
  summary: SummaryDocSchema,
  department: DepartmentDocSchema,
} as const;
export type FeedDocumentName = keyof typeof FEED_DOCUMENT_SCHEMAS;

/**
 * JSON Schemas (draft 2020-12) of every feed document, generated from the zod schemas. `io: "input"`
 * keeps document objects open to fields added later within `v1`; refinements zod cannot express (an
 * amount's 6 decimals) are left out.
 */
export function feedJsonSchemas(): Record<FeedDocumentName, object> {
  const schemas = {} as Record<FeedDocumentName, object>;
  for (const [name, schema] of Object.entries(FEED_DOCUMENT_SCHEMAS) as [FeedDocumentName, z.ZodType][]) {
    schemas[name] = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" });
  }
  return schemas;
}
