import { describe, expect, it } from "vitest";
import { shapeCheckOf } from "../../../functions/core/report-shape";
import { type FormatSpec, formatById, tablesOf, type ValueKind } from "../../../schemas/formats";
import { type ReportTables, tablesSchema } from "../../../schemas/report";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";

/**
 * The shape check every validation runs instead of zod's `safeParse` must accept and refuse exactly what
 * the format's zod schema does (the schema the feed is checked with).
 */

type Tables = Record<string, Record<string, Record<string, unknown>>>;

/** The first cell of a column of `kind`: its table, row and column codes. */
function cellOfKind(format: FormatSpec, kind: ValueKind): [string, string, string] | undefined {
  for (const table of tablesOf(format)) {
    for (const row of table.rows) {
      const columns = row.columns ?? table.columns.map((column) => column.code);
      const column = columns.find((code) => table.columns.find((c) => c.code === code)?.kind === kind);
      if (column) return [table.code, row.code, column];
    }
  }
  return undefined;
}

function mutations(format: FormatSpec): [string, (tables: Tables) => void][] {
  const set = (kind: ValueKind, value: unknown) => (tables: Tables) => {
    const at = cellOfKind(format, kind);
    if (at) tables[at[0]]![at[1]]![at[2]] = value;
  };
  const [table, row, column] = cellOfKind(format, "count")!;
  return [
    ["a negative count", set("count", -1)],
    ["a fractional count", set("count", 1.5)],
    ["a count past the safe integers", set("count", 2 ** 53)],
    ["NaN", set("count", Number.NaN)],
    ["Infinity", set("count", Number.POSITIVE_INFINITY)],
    ["a number as text", set("count", "3")],
    ["null", set("count", null)],
    ["a negative change", set("signed_count", -4)],
    ["a fractional change", set("signed_count", 0.5)],
    ["an amount with two decimals", set("amount", 2020.97)],
    ["an amount with seven decimals", set("amount", 1.0000001)],
    ["a negative amount", set("amount", -1)],
    [
      "a missing column",
      (tables) => {
        delete tables[table]![row]![column];
      },
    ],
    [
      "an extra column",
      (tables) => {
        tables[table]![row]!.extra = 0;
      },
    ],
    [
      "a missing row",
      (tables) => {
        delete tables[table]![row];
      },
    ],
    [
      "a row that is an array",
      (tables) => {
        tables[table]![row] = [] as never;
      },
    ],
    [
      "an extra row",
      (tables) => {
        tables[table]!.extra = {};
      },
    ],
    [
      "a missing table",
      (tables) => {
        delete tables[table];
      },
    ],
    [
      "an extra table",
      (tables) => {
        tables.extra = {};
      },
    ],
  ];
}

const cases: [FormatSpec, () => ReportTables][] = [
  [formatById("2019"), seed2019Tables],
  [formatById("2021"), county2024Tables],
];

describe("the shape check of the numbers read", () => {
  for (const [format, build] of cases) {
    it(`accepts the tables of a valid ${format.id} report, as zod does`, () => {
      const tables = build();
      expect(tablesSchema(format).safeParse(tables).success).toBe(true);
      expect(shapeCheckOf(format)(tables)).toBeNull();
    });

    for (const [name, mutate] of mutations(format)) {
      it(`agrees with the ${format.id} zod schema on ${name}`, () => {
        const tables = structuredClone(build()) as unknown as Tables;
        mutate(tables);
        const zod = tablesSchema(format).safeParse(tables).success;
        expect(shapeCheckOf(format)(tables) === null).toBe(zod);
      });
    }
  }

  it("refuses what is not an object at all", () => {
    for (const input of [null, undefined, 3, "tables", []]) {
      expect(shapeCheckOf(formatById("2021"))(input)).not.toBeNull();
    }
  });
});
