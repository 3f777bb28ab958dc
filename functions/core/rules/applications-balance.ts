import { cellName, columnLabel, rowName } from "../findings";
import { ALTERNATIVES, agreement, suspectList } from "./agreement";
import { relationRule } from "./relation-rule";

/**
 * `applications.balance`. Rule 3: for every column of section 三, 本年新收 + 上年结转 = （七）总计 +
 * 结转下年度 — the format's own note (第一项加第二项之和，等于第三项加第四项之和). Named at the cell the
 * other terms determine (结转下年度).
 */
export const applicationsBalance = relationRule("applications.balance", (line, context) => {
  const { format } = context;
  const term = (cell: (typeof line.left)[number]) => {
    const name = rowName(format, cell.table, cell.row);
    return { zh: `${name.zh}（${cell.value}）`, en: `${name.en} (${cell.value})` };
  };
  const side = (cells: typeof line.left, lang: "zh" | "en") =>
    cells.map((cell) => term(cell)[lang]).join(" + ");
  const column = columnLabel(format, line.table.code, line.line);
  const name = cellName(format, line.at.table, line.at.row, line.at.column);
  const unbalanced = {
    zh: `「${column.zh}」列不平衡：${side(line.left, "zh")} = ${line.leftSum}，应等于${side(line.right, "zh")} = ${line.rightSum}。`,
    en: `Column "${column.en}" does not balance: ${side(line.left, "en")} = ${line.leftSum} must equal ${side(line.right, "en")} = ${line.rightSum}.`,
  };
  const agreed = agreement(context, line);
  const also = "alternatives" in agreed && agreed.alternatives ? ALTERNATIVES : { zh: "", en: "" };
  const advice = (() => {
    switch (agreed.kind) {
      case "none":
        return {
          zh: `若其他数字无误，${name.zh}应为 ${line.balancing}。`,
          en: `If the other figures are right, ${name.en} should be ${line.balancing}.`,
          expected: line.balancing,
        };
      case "bounded":
        return { zh: "请逐一核对这几个数字。", en: "Check each of these figures.", expected: null };
      case "repaired":
        return agreed.value === null
          ? {
              zh: `${name.zh}需要改正${also.zh}。`,
              en: `${name.en} needs correcting${also.en}.`,
              expected: null,
            }
          : {
              zh: `${name.zh}应为 ${agreed.value}${also.zh}。`,
              en: `${name.en} should be ${agreed.value}${also.en}.`,
              expected: agreed.value,
            };
      case "elsewhere": {
        const suspects = suspectList(context, agreed.suspects);
        return {
          zh: `最可能出错的是 ${suspects.zh}${also.zh}。`,
          en: `Most likely ${suspects.en} is wrong${also.en}.`,
          expected: null,
        };
      }
    }
  })();
  return {
    message: { zh: `${unbalanced.zh}${advice.zh}`, en: `${unbalanced.en} ${advice.en}` },
    expected: advice.expected,
    actual: line.at.value,
  };
});
