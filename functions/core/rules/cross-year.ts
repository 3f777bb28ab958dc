import { type Bilingual, type Finding, type FindingCode, finding } from "../../../schemas/finding";
import { type CrossYearRelation, rowHas, type TableSpec, tablesOf } from "../../../schemas/formats";
import { cellName, columnLabel, rowName } from "../findings";
import { placeOf, type Rule, type RuleContext, usable, valueCell } from "./rule";

/**
 * Rule 10 (warnings), against the same department's published report for the year before: every
 * cross-year relation of the format with one code (`CrossYearRelation`), on every line where this year's
 * cells are readable and last year's report has the terms. Warnings, not errors: last year's report may
 * itself have been wrong, and some relations are inexact by nature (the relation's `caveat`).
 */
export function crossYearRule(code: FindingCode): Rule {
  return (context) => {
    const previous = context.previous;
    if (!previous || context.year === null || previous.year !== context.year - 1) return [];
    const sameFormat = previous.format === context.format.id;
    const findings: Finding[] = [];
    for (const table of tablesOf(context.format)) {
      for (const relation of table.crossYear) {
        if (relation.rule !== code || (relation.sameFormat && !sameFormat)) continue;
        for (const line of linesOf(table, relation)) {
          const found = check(context, table, relation, line, previous.year);
          if (found) findings.push(found);
        }
      }
    }
    return findings;
  };
}

function linesOf(table: TableSpec, relation: CrossYearRelation): string[] {
  const codes = [relation.target, ...relation.terms.map((term) => term.code)];
  if (relation.along === "row") {
    return table.rows
      .filter((row) => codes.every((code) => rowHas(table, row.code, code)))
      .map((row) => row.code);
  }
  return table.columns.map((column) => column.code);
}

function check(
  context: RuleContext,
  table: TableSpec,
  relation: CrossYearRelation,
  line: string,
  lastYear: number,
): Finding | undefined {
  const at = (code: string) => (relation.along === "row" ? [line, code] : [code, line]) as [string, string];
  const target = valueCell(context, table.code, ...at(relation.target));
  if (!usable([target])) return undefined;
  let expected = 0;
  const parts: { term: Bilingual; value: number; sign: 1 | -1 }[] = [];
  for (const term of relation.terms) {
    const [row, column] = at(term.code);
    let value: number | undefined;
    if (term.year === "previous") value = context.previous?.tables[table.code]?.[row]?.[column];
    else {
      const cell = valueCell(context, table.code, row, column);
      value = usable([cell]) ? cell!.value : undefined;
    }
    if (value === undefined) return undefined;
    const sign = term.sign ?? 1;
    expected += sign * value;
    const label =
      relation.along === "row"
        ? columnLabel(context.format, table.code, column)
        : rowName(context.format, table.code, row);
    const when =
      term.year === "previous"
        ? { zh: `${lastYear} 年`, en: `${lastYear}'s ` }
        : { zh: "本年", en: "this year's " };
    parts.push({ term: { zh: `${when.zh}${label.zh}`, en: `${when.en}${label.en}` }, value, sign });
  }
  const cell = target!;
  if (cell.value === expected) return undefined;
  const because = (lang: "zh" | "en") =>
    parts
      .map(
        (part, i) =>
          `${i === 0 ? (part.sign < 0 ? "−" : "") : part.sign < 0 ? " − " : " + "}${part.term[lang]} ${part.value}`,
      )
      .join("") + (relation.caveat ? `${lang === "zh" ? "；" : "; "}${relation.caveat[lang]}` : "");
  const name = cellName(context.format, table.code, cell.row, cell.column);
  return finding(
    relation.rule,
    placeOf(cell),
    {
      zh: `${name.zh}为 ${cell.value}，按 ${lastYear} 年已发布的报告应为 ${expected}（${because("zh")}）。请核对。`,
      en: `${name.en} is ${cell.value}; ${lastYear}'s published report implies ${expected} (${because("en")}). Please check.`,
    },
    expected,
    cell.value,
  );
}
