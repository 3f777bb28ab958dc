import type { Finding } from "../../../schemas/finding";
import type { TableValues } from "../../../schemas/report";
import { cellName, finding } from "../findings";
import { placeOf, type Rule, type RuleContext, usable, valueCell } from "./rule";

/**
 * Rule 10 (warnings), against the same department's published report for the year before:
 * `cross_year.carried_over`, `cross_year.items_last_year`, `cross_year.total_published`,
 * `cross_year.in_force`, `cross_year.identical`. Warnings, not errors: 制发 may include revisions and
 * 废止 may include expiry, and last year's report may itself have been wrong.
 */
export const crossYear: Rule = (context) => {
  const previous = context.previous;
  if (!previous || context.year === null || previous.year !== context.year - 1) return [];
  const findings: Finding[] = [];
  const last = previous.tables;
  const lastYear = previous.year;
  const compare = (
    rule: string,
    row: string,
    column: string,
    expected: number | undefined,
    because: { zh: string; en: string },
  ) => {
    const cell = valueCell(context, row === "carried_over" ? "applications" : "proactive", row, column);
    if (expected === undefined || !usable([cell]) || cell!.value === expected) return;
    const name = cellName(context.format, cell!.table, row, column);
    findings.push(
      finding(
        rule,
        "warning",
        placeOf(cell!),
        {
          zh: `${name.zh}为 ${cell!.value}，按 ${lastYear} 年已发布的报告应为 ${expected}（${because.zh}）。请核对。`,
          en: `${name.en} is ${cell!.value}; ${lastYear}'s published report implies ${expected} (${because.en}). Please check.`,
        },
        expected,
        cell!.value,
      ),
    );
  };
  for (const column of context.format.tables.applications.columns) {
    compare(
      "cross_year.carried_over",
      "carried_over",
      column.code,
      last.applications.carried_forward?.[column.code],
      {
        zh: `${lastYear} 年“结转下年度继续办理”`,
        en: `${lastYear}'s carried forward`,
      },
    );
  }
  const sameFormat = previous.format === context.format.id;
  if (sameFormat && context.format.id === "2019") {
    for (const row of context.format.tables.proactive.rows) {
      const before = last.proactive[row.code];
      if (!before) continue;
      if (row.columns?.includes("items_change")) {
        const lastItems = before.items_last_year;
        const lastChange = before.items_change;
        if (lastItems !== undefined && lastChange !== undefined) {
          compare("cross_year.items_last_year", row.code, "items_last_year", lastItems + lastChange, {
            zh: `${lastYear} 年上一年项目数量 ${lastItems} + 本年增/减 ${lastChange}`,
            en: `${lastYear}'s items ${lastItems} + change ${lastChange}`,
          });
        }
      }
      if (row.columns?.includes("total_published") && before.total_published !== undefined) {
        const published = valueCell(context, "proactive", row.code, "published");
        if (usable([published])) {
          compare(
            "cross_year.total_published",
            row.code,
            "total_published",
            before.total_published + published!.value,
            {
              zh: `${lastYear} 年对外公开总数量 ${before.total_published} + 本年新公开数量 ${published!.value}`,
              en: `${lastYear}'s total ${before.total_published} + published this year ${published!.value}`,
            },
          );
        }
      }
    }
  }
  if (sameFormat && context.format.id === "2021") {
    for (const row of context.format.tables.proactive.rows) {
      if (!row.columns?.includes("in_force")) continue;
      const before = last.proactive[row.code]?.in_force;
      const issued = valueCell(context, "proactive", row.code, "issued");
      const repealed = valueCell(context, "proactive", row.code, "repealed");
      if (before === undefined || !usable([issued, repealed])) continue;
      compare("cross_year.in_force", row.code, "in_force", before + issued!.value - repealed!.value, {
        zh: `${lastYear} 年现行有效 ${before} + 本年制发 ${issued!.value} − 本年废止 ${repealed!.value}；修订、到期失效可能使其不完全相等`,
        en: `${lastYear}'s in force ${before} + issued ${issued!.value} − repealed ${repealed!.value}; revisions and expiry can make this inexact`,
      });
    }
  }
  if (sameFormat && identical(context, last)) {
    findings.push(
      finding(
        "cross_year.identical",
        "warning",
        { table: null, sheet: null, cell: null },
        {
          zh: `三张统计表的每个数字都与 ${lastYear} 年已发布的报告完全相同。是否误传了去年的表格？请确认后再上传本年数据。`,
          en: `Every number of the three tables equals ${lastYear}'s published report. Was last year's sheet uploaded by mistake? Check and upload this year's figures.`,
        },
        null,
        null,
      ),
    );
  }
  return findings;
};

function identical(context: RuleContext, last: RuleContext["tables"]): boolean {
  const same = (a: TableValues, b: TableValues) =>
    Object.entries(a).every(([row, columns]) =>
      Object.entries(columns).every(([column, value]) => b[row]?.[column] === value),
    );
  return (["proactive", "applications", "appeals"] as const).every((table) =>
    same(context.tables[table], last[table]),
  );
}
