import { describe, expect, it } from "vitest";
import { findingLines, joinMessages, lineCounts } from "../../../functions/core/present/finding-lines";
import { type Finding, finding } from "../../../schemas/finding";

const at = (cell: string, rule: Finding["rule"], zh: string, en = zh) =>
  finding(rule, { table: "applications", sheet: "三、依申请公开", cell }, { zh, en });

describe("findingLines", () => {
  it("makes two rules at one cell one line naming both, and keeps the findings one per rule", () => {
    const lines = findingLines([
      at("J29", "applications.row_total", "（七）总计「总计」应为 46（各类申请人之和），表中为 47。"),
      at("J6", "applications.row_total", "J6 的问题。"),
      at("J29", "applications.results_total", "（七）总计「总计」应为 46（各项办理结果之和），表中为 47。"),
    ]);
    expect(lines.map((line) => line.cell)).toEqual(["J29", "J6"]);
    expect(lines[0]!.rules).toEqual(["applications.row_total", "applications.results_total"]);
    expect(lines[0]!.findings).toHaveLength(2);
    expect(lines[0]!.message.zh).toBe(
      "（七）总计「总计」应为 46（各类申请人之和；各项办理结果之和），表中为 47。",
    );
  });

  it("puts messages that do not differ in one bracket one after the other", () => {
    expect(joinMessages("甲不平衡。", "乙不符。", "zh")).toBe("甲不平衡。乙不符。");
    expect(joinMessages("A is off.", "B is off.", "en")).toBe("A is off. B is off.");
    expect(joinMessages("同一句。", "同一句。", "zh")).toBe("同一句。");
  });

  it("leaves findings with no cell each on its own line", () => {
    const whole = finding(
      "table.missing",
      { table: null, sheet: null, cell: null },
      { zh: "缺表", en: "missing" },
    );
    expect(findingLines([whole, whole])).toHaveLength(2);
  });
});

describe("lineCounts", () => {
  it("counts two rules at one cell as one error, and a warning at a cell with an error as a warning too", () => {
    const warning = finding(
      "cross_year.carried_over",
      { table: "applications", sheet: "三、依申请公开", cell: "J6" },
      { zh: "变化大", en: "changed a lot" },
    );
    const counts = lineCounts([
      at("J29", "applications.row_total", "（七）总计「总计」应为 46（各类申请人之和），表中为 47。"),
      at("J29", "applications.results_total", "（七）总计「总计」应为 46（各项办理结果之和），表中为 47。"),
      at("J6", "applications.row_total", "J6 的问题。"),
      warning,
    ]);
    expect(counts).toEqual({ errors: 2, warnings: 1 });
  });
});
