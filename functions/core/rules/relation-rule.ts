import { type Bilingual, type Finding, type FindingCode, finding } from "../../../schemas/finding";
import { cellName } from "../findings";
import { type RelationLine, relationLines } from "./relations";
import { placeOf, type Rule, type RuleContext } from "./rule";

/** What a broken relation says: the message, and the expected and actual values of its cell. */
export interface RelationMessage {
  message: Bilingual;
  expected: string | number | null;
  actual: string | number | null;
}

/** A rule over the relations with one code: a finding at the named cell of every line that breaks. */
export function relationRule(
  code: FindingCode,
  describe: (line: RelationLine, context: RuleContext) => RelationMessage,
): Rule {
  return (context) => {
    const findings: Finding[] = [];
    for (const line of relationLines(context, code)) {
      if (line.holds) continue;
      const { message, expected, actual } = describe(line, context);
      findings.push(finding(code, placeOf(line.at), message, expected, actual));
    }
    return findings;
  };
}

/** A total that is not the sum of its parts: `总计应为 N（各类申请人之和），表中为 M`. */
export function totalMessage(line: RelationLine, context: RuleContext): RelationMessage {
  const { at } = line;
  const name = cellName(context.format, at.table, at.row, at.column);
  const parts = line.relation.rightName ?? { zh: "各分项之和", en: "the sum of its parts" };
  const shown = at.blank ? { zh: "空白", en: "blank" } : { zh: String(at.value), en: String(at.value) };
  return {
    message: {
      zh: `${name.zh}应为 ${line.balancing}（${parts.zh}），表中为 ${shown.zh}。`,
      en: `${name.en} should be ${line.balancing} (${parts.en}) but the sheet has ${shown.en}.`,
    },
    expected: line.balancing,
    actual: at.blank ? "" : at.value,
  };
}
