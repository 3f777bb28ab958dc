import { type Bilingual, type Finding, type FindingCode, finding } from "../../../schemas/finding";
import { cellName } from "../findings";
import { ALTERNATIVES, agreement, suspectList } from "./agreement";
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

/**
 * A total that is not the sum of its parts: `总计应为 N（各类申请人之和），表中为 M` where the diagnosis
 * changes this cell, else that it does not match and which cells of the line are most likely wrong.
 */
export function totalMessage(line: RelationLine, context: RuleContext): RelationMessage {
  const { at } = line;
  const name = cellName(context.format, at.table, at.row, at.column);
  const parts = line.relation.rightName ?? { zh: "各分项之和", en: "the sum of its parts" };
  const shown = at.blank ? { zh: "空白", en: "blank" } : { zh: String(at.value), en: String(at.value) };
  const actual = at.blank ? "" : at.value;
  const sum = line.relation.left.includes(line.relation.at) ? line.rightSum : line.leftSum;
  const mismatch = {
    zh: `${name.zh}表中为 ${shown.zh}，与${parts.zh}（${sum}）不符`,
    en: `${name.en} is ${shown.en} in the sheet, not ${parts.en} (${sum})`,
  };
  const agreed = agreement(context, line);
  const also = "alternatives" in agreed && agreed.alternatives ? ALTERNATIVES : { zh: "", en: "" };
  switch (agreed.kind) {
    case "none":
      return shouldBe(line.balancing, { zh: `（${parts.zh}）`, en: ` (${parts.en})` });
    case "bounded":
      return {
        message: { zh: `${mismatch.zh}。请逐一核对。`, en: `${mismatch.en}. Check each figure.` },
        expected: null,
        actual,
      };
    case "repaired": {
      if (agreed.value === null) {
        return {
          message: {
            zh: `${mismatch.zh}，需要改正${also.zh}。`,
            en: `${mismatch.en}; it needs correcting${also.en}.`,
          },
          expected: null,
          actual,
        };
      }
      if (agreed.value === line.balancing) {
        return shouldBe(agreed.value, { zh: `（${parts.zh}）`, en: ` (${parts.en})` }, also);
      }
      const with_ = suspectList(context, agreed.others);
      return shouldBe(agreed.value, { zh: `（与 ${with_.zh} 一并改正）`, en: ` (with ${with_.en})` }, also);
    }
    case "elsewhere": {
      const suspects = suspectList(context, agreed.suspects);
      return {
        message: {
          zh: `${mismatch.zh}：最可能出错的是 ${suspects.zh}${also.zh}。`,
          en: `${mismatch.en}: most likely ${suspects.en} is wrong${also.en}.`,
        },
        expected: null,
        actual,
      };
    }
  }

  function shouldBe(value: number, why: Bilingual, extra: Bilingual = { zh: "", en: "" }): RelationMessage {
    return {
      message: {
        zh: `${name.zh}应为 ${value}${why.zh}，表中为 ${shown.zh}${extra.zh}。`,
        en: `${name.en} should be ${value}${why.en} but the sheet has ${shown.en}${extra.en}.`,
      },
      expected: value,
      actual,
    };
  }
}
