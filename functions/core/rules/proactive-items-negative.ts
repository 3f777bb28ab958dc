import { cellName, columnLabel, rowName } from "../findings";
import { agreement } from "./agreement";
import { relationRule } from "./relation-rule";

/**
 * `proactive.items_negative`. Rule 8 (2019 format): 上一年项目数量 + 本年增/减 ≥ 0 — the items a row has
 * at the end of the year cannot be negative. Named at the change.
 */
export const proactiveItemsNegative = relationRule("proactive.items_negative", (line, context) => {
  const { at } = line;
  const row = rowName(context.format, at.table, at.row);
  const name = cellName(context.format, at.table, at.row, at.column);
  const others = line.left.filter((cell) => cell !== at);
  const othersSum = line.leftSum - at.value;
  const label = (lang: "zh" | "en") =>
    others.map((cell) => columnLabel(context.format, cell.table, cell.column)[lang]).join(" + ");
  return {
    message: {
      zh: `${name.zh}为 ${at.value}，而${row.zh}「${label("zh")}」只有 ${othersSum}，相加为 ${line.leftSum}，项目数不能为负。请核对这两个数字。`,
      en: `${row.en}: the change (${at.value}) exceeds the ${othersSum} of ${label("en")}, leaving ${line.leftSum}; the number of items cannot be negative. Check both figures.`,
    },
    expected: expectedChange(agreement(context, line), line.balancing),
    actual: at.value,
  };
});

/** The bound the other figure sets, unless the diagnosis says the other figure is the wrong one. */
function expectedChange(agreed: ReturnType<typeof agreement>, balancing: number): string | number | null {
  if (agreed.kind === "none") return `≥ ${balancing}`;
  if (agreed.kind !== "repaired") return null;
  return agreed.value ?? `≥ ${balancing}`;
}
