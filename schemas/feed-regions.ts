import {
  Count,
  DepartmentRefSchema,
  FeedPath,
  PageRefSchema,
  SchemaVersion,
  sumsFields,
  Timestamp,
  Year,
} from "./feed-primitives";
import { FORMATS, type FormatId, type FormatSpec } from "./formats";
import type { ReportTables } from "./report";
import { z } from "./zod";

/** The feed's region documents: a region's sums for a year, and who in it reported and who did not. */

export const RegionEntrySchema = z.object({
  department: DepartmentRefSchema,
  region: z.string().describe("The region the department belongs to directly (this region or one below)."),
  years: z
    .array(
      z.object({
        year: Year,
        publishedAt: Timestamp,
        path: FeedPath.describe("Path of the report document."),
        withWarnings: z.boolean().describe("Whether it was published with warnings."),
      }),
    )
    .describe("The years whose report is published, oldest first: a year missing here was not reported."),
});
export type RegionEntry = z.infer<typeof RegionEntrySchema>;

const RegionRefSchema = z.object({
  id: z.string().min(1).describe("Region id as registered."),
  name: z.string().min(1).describe("Region name (Chinese)."),
});

function regionDocSchema(format: FormatSpec) {
  return z.object({
    schemaVersion: SchemaVersion,
    region: RegionRefSchema.extend({
      parent: z.string().nullable().describe("The region this one belongs to, if any."),
    }),
    year: Year,
    updatedAt: Timestamp,
    counts: z.object({
      registered: Count.describe("Departments registered in the region and the regions below it."),
      reported: Count.describe("How many of them have a published report for the year."),
      withWarnings: Count.describe("How many of those were published with warnings."),
      notReported: Count.describe("How many have not (registered − reported)."),
    }),
    regions: z
      .array(RegionRefSchema.extend({ path: FeedPath.describe("Path of its document for the same year.") }))
      .describe("The regions directly below this one."),
    ...sumsFields(format),
    departments: z
      .array(RegionEntrySchema)
      .optional()
      .describe("Every department of the region, reported or not, sorted by id (while they fit one page)."),
    pages: z
      .array(PageRefSchema)
      .optional()
      .describe(
        "When the departments fill more than one page: the pages (v1/regions/{region}/{year}/pages/{n}.json).",
      ),
  });
}

/** `v1/regions/{region}/{year}.json` */
export const RegionDocSchema = z
  .discriminatedUnion(
    "format",
    FORMATS.map(regionDocSchema) as [
      ReturnType<typeof regionDocSchema>,
      ...ReturnType<typeof regionDocSchema>[],
    ],
  )
  .meta({
    title: "Region",
    description:
      "A region's year: the sums over its departments' published reports (sub-regions included), and who reported and who did not.",
  });
export type RegionDoc = Omit<z.infer<typeof RegionDocSchema>, "format" | "tables"> & {
  format: FormatId;
  tables: ReportTables;
};

/** `v1/regions/{region}/pages/{n}.json`: the region's departments, shared by its years' documents. */
export const RegionPageDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    region: z.string().min(1),
    page: Count,
    from: z.string().describe("The lowest department id this page may hold."),
    to: z.string().nullable().describe("The next page's `from`; null for the last page."),
    updatedAt: Timestamp,
    departments: z
      .array(RegionEntrySchema)
      .describe("The page's departments, reported or not, sorted by id."),
  })
  .meta({ title: "Region page", description: "One page of a region's departments for a year." });
export type RegionPageDoc = z.infer<typeof RegionPageDocSchema>;
