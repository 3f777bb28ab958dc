import { FEED_VERSION } from "./feed-constants";
import {
  Count,
  DepartmentRefSchema,
  FeedPath,
  FormatIdSchema,
  HeadlineSchema,
  PageRefSchema,
  ReportSourceSchema,
  SchemaVersion,
  sumsFields,
  Timestamp,
  Year,
} from "./feed-primitives";
import { FindingSchema } from "./finding";
import { FORMATS, type FormatId, type FormatSpec } from "./formats";
import { CellSourceSchema, type ReportTables, tablesSchema } from "./report";
import { z } from "./zod";

/**
 * The published feed (`spec/feed.md`), version `v1`: one zod schema per document. The JSON Schemas
 * published under `v1/schema/` are generated from these, so the contract is written down once.
 * Within `v1` a field is only ever added, never removed or changed; the generated JSON Schemas therefore
 * leave document objects open to extra properties (tables stay closed: their codes are fixed per format).
 */

export { FEED_VERSION, HEADLINE_FIELDS, type HeadlineField } from "./feed-constants";
export {
  type DepartmentRef,
  DepartmentRefSchema,
  type Headline,
  HeadlineSchema,
  type PageRef,
  PageRefSchema,
  type Rates,
  RatesSchema,
  ReportSourceSchema,
} from "./feed-primitives";

export const ExplanationSchema = z
  .object({
    text: z.string().min(1).describe("What the department says about the warning."),
    explainedAt: Timestamp.describe("When the department explained it."),
  })
  .describe("The department's explanation of this warning. It changes no number.");

/** A published report carries warnings only: a report with an error is never published. */
export const WarningSchema = FindingSchema.extend({
  severity: z.literal("warning"),
  explanation: ExplanationSchema.optional(),
});

export const CellChangeSchema = z.object({
  table: z.string(),
  row: z.string(),
  column: z.string(),
  from: z.number().describe("The value in this earlier version."),
  to: z.number().describe("The value in the version that replaced it."),
});
export type CellChange = z.infer<typeof CellChangeSchema>;

export const RevisionSchema = z
  .object({
    publishedAt: Timestamp.describe("When this earlier version was published."),
    source: ReportSourceSchema,
    replacedAt: Timestamp.describe("When a later version (or the withdrawal) replaced it."),
    changes: z
      .array(CellChangeSchema)
      .nullable()
      .describe("The cells the version that replaced it changed, from → to; null when it was withdrawn."),
    withdrawn: z
      .object({ reason: z.string().describe("The operator's reason.") })
      .nullable()
      .describe("Set when this version was withdrawn rather than replaced."),
  })
  .describe("An earlier published version of this department's report for the year.");
export type Revision = z.infer<typeof RevisionSchema>;

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
    revisions: z
      .array(RevisionSchema)
      .describe("Every earlier published version of this department and year, oldest first."),
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
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("SHA-256 of the report document's bytes as published."),
  headline: HeadlineSchema,
  warnings: Count.describe("How many warnings the report was published with.").optional(),
});
export type YearEntry = z.infer<typeof YearEntrySchema>;

/** `v1/years/{year}.json` */
export const YearDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    year: Year,
    updatedAt: Timestamp,
    counts: z.object({
      reported: Count.describe("How many departments' reports of the year are published."),
      withWarnings: Count.describe("How many of them were published with warnings."),
    }),
    reports: z
      .array(YearEntrySchema)
      .optional()
      .describe("Every published report of the year, sorted by department id (while they fit one page)."),
    pages: z
      .array(PageRefSchema)
      .optional()
      .describe(
        "When the reports fill more than one page: the pages (v1/years/{year}/pages/{n}.json) in order, the top of a tree: each lists reports (level 0) or further pages.",
      ),
  })
  .meta({
    title: "Year",
    description: "Every published report of one year: listed here, or in pages this document lists.",
  });
export type YearDoc = z.infer<typeof YearDocSchema>;

/** `v1/years/{year}/pages/{n}.json` */
export const YearPageDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    year: Year,
    page: Count,
    level: Count.describe(
      "0: the page lists reports; above: it lists the pages of the level below (the listing is a tree).",
    ),
    from: z.string().describe("The lowest department id this page may hold."),
    to: z
      .string()
      .nullable()
      .describe("The next page's `from` at this level (ids below it are here); null for the last page."),
    updatedAt: Timestamp,
    reports: z
      .array(YearEntrySchema)
      .optional()
      .describe("A leaf's (level 0) published reports, sorted by department id."),
    pages: z
      .array(PageRefSchema)
      .optional()
      .describe("An inner page's pages of the level below, in order: together they hold its range."),
  })
  .meta({
    title: "Year page",
    description:
      "One page of a year's listing tree: a leaf of published reports, or an inner page listing pages.",
  });
export type YearPageDoc = z.infer<typeof YearPageDocSchema>;

function summaryDocSchema(format: FormatSpec) {
  return z.object({
    schemaVersion: SchemaVersion,
    year: Year,
    updatedAt: Timestamp,
    departments: Count.describe("How many departments' reports the sums cover."),
    ...sumsFields(format),
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

export const WithdrawalSchema = z.object({
  year: Year,
  withdrawnAt: Timestamp,
  reason: z.string().describe("Why the operator withdrew the report."),
});
export type WithdrawalEntry = z.infer<typeof WithdrawalSchema>;

/** `v1/departments/{department}.json` */
export const DepartmentDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    department: DepartmentRefSchema,
    updatedAt: Timestamp,
    years: z.array(DepartmentYearSchema).describe("The department's published reports, newest year first."),
    withdrawn: z
      .array(WithdrawalSchema)
      .describe(
        "Reports the operator withdrew, with the reason, newest first (a later upload may republish).",
      ),
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
    csv: z
      .string()
      .regex(/^v1\/years\/\d{4}\.csv$/)
      .describe("Path of the year as CSV (rebuilt within a minute of a change).")
      .optional(),
  }),
});
export type IndexYear = z.infer<typeof IndexYearSchema>;

/** `v1/index.json` */
export const IndexDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    updatedAt: Timestamp,
    years: z.array(IndexYearSchema).describe("Years with published reports, newest first."),
    formats: z
      .array(
        z.object({
          id: z.string(),
          name: z.object({ zh: z.string(), en: z.string() }),
          years: z.object({ from: Year, to: Year.nullable() }),
          path: FeedPath.describe("Path of the format document (v1/formats/{format}.json)."),
        }),
      )
      .describe("The report formats, oldest first: every code and label a report uses.")
      .optional(),
    departments: FeedPath.describe("Path of the list of registered departments.").optional(),
    schemas: FeedPath.describe("Path of the list of JSON Schemas (v1/schema/index.json).").optional(),
  })
  .meta({
    title: "Index",
    description: "The years that have published reports, and where the formats, departments and schemas are.",
  });
export type IndexDoc = z.infer<typeof IndexDocSchema>;

export {
  type RegionDoc,
  RegionDocSchema,
  type RegionEntry,
  RegionEntrySchema,
  type RegionPageDoc,
  RegionPageDocSchema,
} from "./feed-regions";

import { DepartmentsDocSchema, FormatDocSchema, SchemaIndexDocSchema } from "./feed-catalogue";
import { RegionDocSchema, RegionPageDocSchema } from "./feed-regions";

export {
  type DepartmentListed,
  type DepartmentsDoc,
  DepartmentsDocSchema,
  type FormatDoc,
  FormatDocSchema,
  type SchemaIndexDoc,
  SchemaIndexDocSchema,
} from "./feed-catalogue";

/** Every feed document's schema by the name it is published under (`v1/schema/{name}.schema.json`). */
export const FEED_DOCUMENT_SCHEMAS = {
  index: IndexDocSchema,
  year: YearDocSchema,
  "year-page": YearPageDocSchema,
  report: ReportDocSchema,
  summary: SummaryDocSchema,
  department: DepartmentDocSchema,
  region: RegionDocSchema,
  "region-page": RegionPageDocSchema,
  format: FormatDocSchema,
  departments: DepartmentsDocSchema,
  "schema-index": SchemaIndexDocSchema,
} as const;
export type FeedDocumentName = keyof typeof FEED_DOCUMENT_SCHEMAS;

/**
 * JSON Schemas (draft 2020-12) of every feed document, generated from the zod schemas. `io: "input"`
 * keeps document objects open to fields added later within `v1`; refinements zod cannot express (an
 * amount's 6 decimals) are left out. Each has an `$id`: its URL under `baseUrl` (the feed's root), or its
 * path from the root when none is given. Valid under Ajv's strict mode (`strictSchemaType`).
 */
export function feedJsonSchemas(baseUrl = ""): Record<FeedDocumentName, object> {
  const schemas = {} as Record<FeedDocumentName, object>;
  for (const [name, schema] of Object.entries(FEED_DOCUMENT_SCHEMAS) as [FeedDocumentName, z.ZodType][]) {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
    const { $schema, ...rest } = json;
    schemas[name] = { $schema, $id: schemaId(name, baseUrl), ...(withoutTypeUnions(rest) as object) };
  }
  return schemas;
}

/** A schema's `$id`: `{baseUrl}/v1/schema/{name}.schema.json`. */
export function schemaId(name: string, baseUrl = ""): string {
  const path = `${FEED_VERSION}/schema/${name}.schema.json`;
  return baseUrl ? `${baseUrl.replace(/\/+$/, "")}/${path}` : path;
}

/**
 * `type: ["string", "number"]` rewritten as `anyOf` of single types: the same meaning, and what Ajv's
 * strict mode accepts without `allowUnionTypes`.
 */
function withoutTypeUnions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutTypeUnions);
  if (!node || typeof node !== "object") return node;
  const entries = Object.entries(node).map(([key, value]) => [key, withoutTypeUnions(value)] as const);
  const object = Object.fromEntries(entries) as Record<string, unknown>;
  if (Array.isArray(object.type) && object.type.length > 1) {
    const { type, ...rest } = object;
    return { ...rest, anyOf: (type as string[]).map((single) => ({ type: single })) };
  }
  return object;
}
