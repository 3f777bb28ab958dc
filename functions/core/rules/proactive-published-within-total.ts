import { finding } from "../findings";
import { placeOf, type Rule, usable, valueCell } from "./rule";

/** Rule 9, `proactive.published_exceeds_total` (2019 format, warning): 本年新公开数量 ≤ 对外公开总数量. */
export const proactivePublishedWithinTotal: Rule = (context) =>
  context.format.tables.proactive.rows
    .filter((row) => row.columns?.includes("published") && row.columns.includes("total_published"))
    .flatMap((row) => {
      const published = valueCell(context, "proactive", row.code, "published");
      const total = valueCell(context, "proactive", row.code, "total_published");
      if (!usable([published, total]) || published!.value <= total!.value) return [];
      return [
        finding(
          "proactive.published_exceeds_total",
          "warning",
          placeOf(total!),
          {
            zh: `${row.label}「本年新公开数量」（${published!.value}）大于「对外公开总数量」（${total!.value}）。总数量应包含本年新公开的，请核对。`,
            en: `${row.en}: published this year (${published!.value}) exceeds the total published (${total!.value}), which should include this year's. Please check.`,
          },
          `≥ ${published!.value}`,
          total!.value,
        ),
      ];
    });
