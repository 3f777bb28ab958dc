import { cellName, finding } from "../findings";
import { placeOf, type Rule, usable, valueCell } from "./rule";

/**
 * Rule 3, `applications.balance`: for every column, 本年新收 + 上年结转 = (七)总计 + 结转下年度 — the
 * format's own note (第一项加第二项之和，等于第三项加第四项之和). Named at the 结转下年度 cell, the one the
 * other three determine.
 */
export const applicationsBalance: Rule = (context) => {
  const table = context.format.tables.applications;
  return table.columns.flatMap((column) => {
    const [received, carriedOver, resultsTotal, carriedForward] = [
      "received",
      "carried_over",
      "results_total",
      "carried_forward",
    ].map((row) => valueCell(context, "applications", row, column.code));
    const cells = [received, carriedOver, resultsTotal, carriedForward];
    if (!usable(cells)) return [];
    const incoming = received!.value + carriedOver!.value;
    const outgoing = resultsTotal!.value + carriedForward!.value;
    if (incoming === outgoing) return [];
    const expected = incoming - resultsTotal!.value;
    const name = cellName(context.format, "applications", "carried_forward", column.code);
    return [
      finding(
        "applications.balance",
        "error",
        placeOf(carriedForward!),
        {
          zh:
            `「${column.label}」列不平衡：一、本年新收（${received!.value}）+ 二、上年结转（${carriedOver!.value}）= ${incoming}，` +
            `应等于（七）总计（${resultsTotal!.value}）+ 四、结转下年度（${carriedForward!.value}）= ${outgoing}。` +
            `若办理结果无误，${name.zh}应为 ${expected}。`,
          en:
            `Column "${column.en}" does not balance: received (${received!.value}) + carried over (${carriedOver!.value}) = ${incoming} ` +
            `must equal results total (${resultsTotal!.value}) + carried forward (${carriedForward!.value}) = ${outgoing}. ` +
            `If the results are right, carried forward should be ${expected}.`,
        },
        expected,
        carriedForward!.value,
      ),
    ];
  });
};
