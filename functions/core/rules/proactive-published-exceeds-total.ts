import { cellName, columnLabel, rowName } from "../findings";
import { relationRule } from "./relation-rule";

/**
 * `proactive.published_exceeds_total` (a warning). Rule 9 (2019 format): 本年新公开数量 ≤ 对外公开总数量 —
 * the total published includes this year's. Named at the total.
 */
export const proactivePublishedExceedsTotal = relationRule(
  "proactive.published_exceeds_total",
  (line, context) => {
    const { at } = line;
    const row = rowName(context.format, at.table, at.row);
    const name = cellName(context.format, at.table, at.row, at.column);
    const part = (lang: "zh" | "en") =>
      line.left.map((cell) => columnLabel(context.format, cell.table, cell.column)[lang]).join(" + ");
    return {
      message: {
        zh: `${row.zh}「${part("zh")}」（${line.leftSum}）大于${name.zh}（${at.value}）。总数量应包含本年新公开的，请核对。`,
        en: `${row.en}: ${part("en")} (${line.leftSum}) exceeds the total published (${at.value}), which should include this year's. Please check.`,
      },
      expected: `≥ ${line.balancing}`,
      actual: at.value,
    };
  },
);
