import { describe, expect, it } from "vitest";
import { type Diagnosis, diagnose } from "../../../functions/core/diagnosis";
import { isTypo } from "../../../functions/core/diagnosis/typos";
import { buildTemplate } from "../../../functions/core/template";
import { validateWorkbook } from "../../../functions/core/validate";
import { DiagnosisSchema } from "../../../schemas/diagnosis";
import { type CellCode, cellKey, type FormatSpec, formatById, formatCells } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { madeUpFormat2031, madeUpTables } from "../../fixtures/formats/made-up-2031";
import { prng } from "../../fixtures/hostile/seeded-random";
import { county2023Tables, county2024Tables } from "../../fixtures/reports/county-2021";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { reportCells, typosOf } from "../../fixtures/reports/value-cells";

/**
 * The diagnosis over generated typos of the fixture reports: every value cell of a report mistyped by a
 * swapped or a dropped digit, alone and in pairs. Wherever the repair is unique it names the typed cell
 * with its right value; where it is not, the typed cell is one of the equally small repairs named.
 */

const FIXTURES: [string, FormatSpec, () => ReportTables][] = [
  ["the 2019 seed report", formatById("2019"), seed2019Tables],
  ["the county's 2023 report", formatById("2021"), county2023Tables],
  ["the county's 2024 report", formatById("2021"), county2024Tables],
  ["the made-up 2031 report", madeUpFormat2031, madeUpTables],
];

const same = (a: Pick<CellCode, "table" | "row" | "column">, b: CellCode) =>
  a.table === b.table && a.row === b.row && a.column === b.column;

interface Typo {
  cell: CellCode;
  right: number;
  typed: number;
}

function typed(make: () => ReportTables, typos: readonly Typo[]): ReportTables {
  const tables = make();
  for (const { cell, typed } of typos) tables[cell.table][cell.row]![cell.column] = typed;
  return tables;
}

/** Whether some relation of the format is broken by the typos (else there is nothing to diagnose). */
const broken = (diagnosis: Diagnosis | null) => diagnosis !== null;

describe.each(FIXTURES)("the diagnosis of %s", (_name, format, make) => {
  const cells = formatCells(format);
  const singles: Typo[] = cells.flatMap((cell) => {
    const right = make()[cell.table][cell.row]![cell.column]!;
    return typosOf(right).map((typed) => ({ cell, right, typed }));
  });

  it("is null for the report as it is", () => {
    expect(diagnose(format, reportCells(format, make()))).toBeNull();
  });

  it("names a single mistyped cell, alone and with its right value wherever the repair is unique", () => {
    let unique = 0;
    for (const typo of singles) {
      const diagnosis = diagnose(format, reportCells(format, typed(make, [typo])));
      if (!broken(diagnosis)) {
        // Only cells under no sum of the format (section 二) can be mistyped unnoticed.
        expect(typo.cell.table).toBe("proactive");
        continue;
      }
      expect(diagnosis!.bounded).toBe(false);
      expect(DiagnosisSchema.parse(diagnosis)).toEqual(diagnosis);
      const alone = diagnosis!.repairs.filter((repair) => repair.cells.length === 1);
      expect(alone).toHaveLength(diagnosis!.repairs.length);
      const mine = alone.find((repair) => same(repair.cells[0]!, typo.cell));
      expect(mine, `${typo.cell.row}.${typo.cell.column}: ${typo.right} typed ${typo.typed}`).toBeDefined();
      const value = mine!.cells[0]!.value;
      expect(value === null || value === typo.right).toBe(true);
      expect(mine!.cells[0]!.actual).toBe(typo.typed);
      if (diagnosis!.unique) {
        unique++;
        expect(value).toBe(typo.right);
      } else {
        // Equally small repairs: the first named looks like a typo of what the sheet has.
        const first = diagnosis!.repairs[0]!.cells[0]!;
        expect(first.value === null || isTypo(first.actual, first.value)).toBe(true);
      }
    }
    // Tables 三's cells each sit under a row sum and a column sum: their repair is always unique.
    expect(unique).toBeGreaterThan(singles.filter((t) => t.cell.table === "applications").length - 1);
  });

  it("names both of two mistyped cells with their right values wherever that pair is the unique repair", () => {
    const random = prng(2031);
    const typoCells = singles.filter((typo) => typo.cell.table !== "proactive");
    let named = 0;
    const trials = 150;
    for (let trial = 0; trial < trials; trial++) {
      const a = typoCells[Math.floor(random() * typoCells.length)]!;
      const b = typoCells[Math.floor(random() * typoCells.length)]!;
      if (same(a.cell, b.cell)) continue;
      const diagnosis = diagnose(format, reportCells(format, typed(make, [a, b])));
      if (!broken(diagnosis)) continue;
      const repairs = diagnosis!.repairs;
      // Fewest cells: never more than the two that were mistyped.
      expect(repairs[0]!.cells.length).toBeLessThanOrEqual(2);
      for (const repair of repairs) expect(repair.cells).toHaveLength(repairs[0]!.cells.length);
      const pair = repairs.find(
        (repair) =>
          repair.cells.length === 2 && [a, b].every((t) => repair.cells.some((cell) => same(cell, t.cell))),
      );
      if (diagnosis!.unique && repairs[0]!.cells.length === 2) {
        expect(pair, `${a.cell.row}.${a.cell.column} and ${b.cell.row}.${b.cell.column}`).toBeDefined();
        for (const t of [a, b]) expect(pair!.cells.find((cell) => same(cell, t.cell))!.value).toBe(t.right);
        named++;
      }
    }
    expect(named).toBeGreaterThan(trials / 4);
  });
});

describe("the diagnosis of a mistyped workbook, read as uploaded", () => {
  it("names the typed cell by its sheet and address, with its right value", () => {
    const format = formatById("2021");
    const random = prng(7);
    const cells = formatCells(format).filter((cell) => cell.table === "applications");
    for (let trial = 0; trial < 12; trial++) {
      const cell = cells[Math.floor(random() * cells.length)]!;
      const right = county2024Tables()[cell.table][cell.row]![cell.column]!;
      const typo = typosOf(right)[0];
      if (typo === undefined) continue;
      const template = buildTemplate(format, {
        values: typed(county2024Tables, [{ cell, right, typed: typo }]),
      });
      const result = validateWorkbook(template.bytes, { year: 2024 });
      expect(result.diagnosis?.unique).toBe(true);
      expect(result.diagnosis!.repairs[0]!.cells).toEqual([
        { ...cell, ...template.cells.get(cellKey(cell))!, actual: typo, value: right },
      ]);
    }
  });
});

describe("the diagnosis of a report with very many wrong cells", () => {
  it("stops at its bound and says so", () => {
    const format = formatById("2021");
    const random = prng(15);
    const applications = formatCells(format).filter((cell) => cell.table === "applications");
    const typos: Typo[] = [];
    for (const cell of applications) {
      if (random() < 0.3) typos.push({ cell, right: 0, typed: 1 + Math.floor(random() * 90) });
    }
    const diagnosis = diagnose(format, reportCells(format, typed(county2024Tables, typos)))!;
    expect(diagnosis.bounded).toBe(true);
    expect(diagnosis.repairs).toEqual([]);
    expect(diagnosis.reason?.zh).toMatch(/错误/);
  });
});
