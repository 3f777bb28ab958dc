import type { Finding } from "../../../schemas/finding";
import type { SumRule, TableSpec } from "../../../schemas/formats";
import { cellName, finding } from "../findings";
import { placeOf, type Rule, type RuleContext, usable, valueCell } from "./rule";

/**
 * Rules 1, 2 and 4: every total equals the sum of its parts — `applications.row_total` (总计 = the six
 * applicant columns), `applications.results_total` ((七)总计 = the result rows), `appeals.row_total`.
 * Which totals a format has is data (`TableSpec.sums`). A blank total beside non-zero parts is this error.
 */
export const totalsEqualParts: Rule = (context) =>
  Object.values(context.format.tables).flatMap((table: TableSpec) =>
    table.sums.flatMap((sum) => checkSum(context, table, sum)),
  );

function checkSum(context: RuleContext, table: TableSpec, sum: SumRule): Finding[] {
  const findings: Finding[] = [];
  const lines =
    sum.along === "row" ? table.rows.map((row) => row.code) : table.columns.map((column) => column.code);
  for (const line of lines) {
    const at = (part: string) =>
      sum.along === "row"
        ? valueCell(context, table.code, line, part)
        : valueCell(context, table.code, part, line);
    const total = at(sum.total);
    const parts = sum.parts.map(at);
    if (!usable([total, ...parts])) continue;
    const expected = parts.reduce((acc, part) => acc + (part?.value ?? 0), 0);
    const actual = total!.value;
    if (expected === actual) continue;
    const name =
      sum.along === "row"
        ? cellName(context.format, table.code, line, sum.total)
        : cellName(context.format, table.code, sum.total, line);
    const shown = total!.blank ? { zh: "空白", en: "blank" } : { zh: String(actual), en: String(actual) };
    findings.push(
      finding(
        sum.rule,
        "error",
        placeOf(total!),
        {
          zh: `${name.zh}应为 ${expected}（${sum.partsName.zh}），表中为 ${shown.zh}。`,
          en: `${name.en} should be ${expected} (${sum.partsName.en}) but the sheet has ${shown.en}.`,
        },
        expected,
        total!.blank ? "" : actual,
      ),
    );
  }
  return findings;
}
