import { Count, FeedPath, SchemaVersion, Timestamp, Year } from "./feed-primitives";
import { z } from "./zod";

/**
 * The feed's catalogue: what a reader needs to render any report without hard-coding a label — the
 * formats described (`v1/formats/{format}.json`), every registered department (`v1/departments.json`)
 * and the list of the JSON Schemas (`v1/schema/index.json`).
 */

const Text = z
  .object({
    zh: z.string().min(1).describe("As the national form prints it."),
    en: z.string().min(1),
  })
  .describe("A label in Chinese and English.");

const CellKey = z.string().describe("A cell as table.row.column (row codes may hold dots).");

const ColumnSchema = z.object({
  code: z.string(),
  label: Text,
  kind: z
    .enum(["count", "signed_count", "amount"])
    .describe(
      "count: whole number ≥ 0; signed_count: whole number, may be negative; amount: ≥ 0, 6 decimals.",
    ),
  unit: Text.nullable().describe("The unit of an amount (万元); null for counts."),
});

const RowSchema = z.object({
  code: z.string(),
  label: Text.describe("The row's own label with its enumerator (1.属于国家秘密)."),
  parents: z.array(Text).describe("The headings the row stands under, outermost first."),
  columns: z.array(z.string()).describe("The codes of the columns this row has, in order."),
});

const SumRuleSchema = z
  .object({
    rule: z.string().describe("The finding code that checks it."),
    along: z.enum(["row", "column"]).describe("row: terms are column codes; column: terms are row codes."),
    left: z.array(z.string()),
    relation: z.enum(["=", "<=", ">="]),
    right: z.array(z.string()).describe("Empty: the right side is 0."),
    at: z.string().describe("The term whose cell is the total (the one the others determine)."),
    lines: z.array(z.string()).describe("The rows (along row) or columns (along column) it holds for."),
    description: Text.nullable().describe("What the right side is, in a clerk's words."),
  })
  .describe("sum(left) relation sum(right), for every line; amounts summed exactly.");

const TableSchema = z.object({
  code: z.string(),
  section: z.string().describe("The report's section (二, 三, 四)."),
  title: Text,
  columns: z.array(ColumnSchema).describe("In the form's order."),
  rows: z.array(RowSchema).describe("In the form's order."),
  columnGroups: z.array(z.object({ label: Text, columns: z.array(z.string()) })),
  rowGroups: z.array(z.object({ label: Text, rows: z.array(z.string()) })),
  blocks: z
    .array(z.object({ heading: Text, columns: z.array(z.string()), rows: z.array(z.string()) }))
    .nullable()
    .describe("Where the form lays the table out in blocks, each with its own header row (section 二)."),
  sums: z.array(SumRuleSchema),
});

const CorrespondenceSchema = z
  .object({
    format: z.string().describe("The other format."),
    relation: z.enum(["succeeds", "precedes"]).describe("This format succeeds or precedes the other."),
    comparable: z.array(z.string()).describe("Tables comparable across the two formats."),
    notComparable: z.array(z.string()).describe("Tables whose codes mean other things in the other format."),
    same: z.array(CellKey).describe("Cells both formats have that mean the same quantity."),
    combined: z
      .array(z.object({ here: z.array(CellKey), there: z.array(CellKey) }))
      .describe("The sum of the cells `here` is the same quantity as the sum of the cells `there`."),
  })
  .describe("Which cells of this format and another mean the same thing, for a series across formats.");

/** `v1/formats/{format}.json` */
export const FormatDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    id: z.string(),
    name: Text,
    source: z.string().describe("The circular that fixed the format."),
    years: z.object({ from: Year, to: Year.nullable().describe("null: still in use.") }),
    tables: z.array(TableSchema).describe("Sections 二, 三, 四 in order."),
    headline: z
      .record(z.string(), z.object({ label: Text, cells: z.array(CellKey) }))
      .describe("The headline numbers of the year documents: each the sum of these cells."),
    correspondence: z.array(CorrespondenceSchema),
  })
  .meta({ title: "Format", description: "One report format described for a reader: codes, labels, sums." });
export type FormatDoc = z.infer<typeof FormatDocSchema>;

export const DepartmentListedSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  parent: z.string().nullable().describe("The region it belongs to directly; null when none."),
  years: z.array(Year).describe("The years it has a published report of, oldest first."),
  path: FeedPath.describe("Path of the department document."),
});
export type DepartmentListed = z.infer<typeof DepartmentListedSchema>;

/** `v1/departments.json` */
export const DepartmentsDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    updatedAt: Timestamp,
    departments: z.array(DepartmentListedSchema).describe("Every registered department, by id."),
    regions: z
      .array(z.object({ id: z.string(), name: z.string(), parent: z.string().nullable() }))
      .describe("Every registered region, by id."),
  })
  .meta({ title: "Departments", description: "Every registered department and region." });
export type DepartmentsDoc = z.infer<typeof DepartmentsDocSchema>;

/** `v1/schema/index.json` */
export const SchemaIndexDocSchema = z
  .object({
    schemaVersion: SchemaVersion,
    schemas: z.array(
      z.object({
        name: z.string(),
        title: z.string(),
        path: FeedPath,
        id: z.string().describe("The schema's $id."),
      }),
    ),
    revision: Count.describe("The revision of the schemas."),
    csv: z
      .array(
        z.object({
          format: z.string().describe("The format whose years' CSV it describes."),
          years: z.object({ from: Year, to: Year.nullable() }),
          path: FeedPath.describe("Path of the CSVW table schema (v1/schema/year-csv/{format}.json)."),
          id: z.string().describe("The table schema's @id."),
          tables: z.string().describe("URI template of the CSVs it describes (v1/years/{year}.csv)."),
          metadata: z
            .string()
            .describe("URI template of each CSV's CSVW metadata (v1/years/{year}.csv-metadata.json)."),
        }),
      )
      .describe("The years' CSV described in W3C's Metadata Vocabulary for Tabular Data (CSVW), per format."),
  })
  .meta({
    title: "Schemas",
    description: "The JSON Schema of every feed document, and the CSVW table schemas of the years' CSV.",
  });
export type SchemaIndexDoc = z.infer<typeof SchemaIndexDocSchema>;
