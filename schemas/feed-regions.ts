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
        "When the departments fill more than one page: the pages (v1/regions/{region}/pages/{n}.json), the top of a tree: each lists departments (level 0) or further pages.",
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
    level: Count.describe(
      "0: the page lists departments; above: it lists the pages of the level below (the listing is a tree).",
    ),
    from: z.string().describe("The lowest department id this page may hold."),
    to: z.string().nullable().describe("The next page's `from` at this level; null for the last page."),
    updatedAt: Timestamp,
    departments: z
      .array(RegionEntrySchema)
      .optional()
      .describe("A leaf's (level 0) departments, reported or not, sorted by id."),
    pages: z
      .array(PageRefSchema)
      .optional()
      .describe("An inner page's pages of the level below, in order: together they hold its range."),
  })
  .meta({
    title: "Region page",
    description:
      "One page of a region's listing tree: a leaf of departments, or an inner page listing pages.",
  });
export type RegionPageDoc = z.infer<typeof RegionPageDocSchema>;
