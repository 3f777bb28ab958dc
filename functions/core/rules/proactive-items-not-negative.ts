import { finding } from "../findings";
import { placeOf, type Rule, usable, valueCell } from "./rule";

/** Rule 8, `proactive.items_negative` (2019 format): 上一年项目数量 + 本年增/减 ≥ 0. */
export const proactiveItemsNotNegative: Rule = (context) => {
  const table = context.format.tables.proactive;
  return table.rows
    .filter((row) => row.columns?.includes("items_change"))
    .flatMap((row) => {
      const last = valueCell(context, "proactive", row.code, "items_last_year");
      const change = valueCell(context, "proactive", row.code, "items_change");
      if (!usable([last, change]) || last!.value + change!.value >= 0) return [];
      return [
        finding(
          "proactive.items_negative",
          "error",
          placeOf(change!),
          {
            zh: `${row.label}「本年增/减」为 ${change!.value}，而上一年项目数量只有 ${last!.value}，相加为 ${last!.value + change!.value}，项目数不能为负。请核对这两个数字。`,
            en: `${row.en}: the change (${change!.value}) exceeds last year's ${last!.value} items, leaving ${last!.value + change!.value}; the number of items cannot be negative. Check both figures.`,
          },
          `≥ ${-last!.value}`,
          change!.value,
        ),
      ];
    });
};
