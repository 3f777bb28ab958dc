import { describe, expect, it } from "vitest";
import { summary } from "../../functions/api/upload-view";
import type { UploadRecord } from "../../functions/ingest/ports";
import { type Finding, finding } from "../../schemas/finding";

/** The desk's history row counts the problems as the verdict, the mail and `gongkai validate` do. */

const at = (cell: string, rule: Finding["rule"]) =>
  finding(rule, { table: "applications", sheet: "三、依申请公开", cell }, { zh: "错", en: "wrong" });

const rejected = (findings: Finding[]): UploadRecord => ({
  department: "city-edu",
  year: 2024,
  order: "2025-01-02T03:04:05.000Z#0001",
  sequencer: "0001",
  key: "uploads/city-edu/2024/u1/report.xlsx",
  fileName: "report.xlsx",
  versionId: null,
  size: 1000,
  sha256: null,
  originalKey: null,
  uploadedAt: "2025-01-02T03:04:05.000Z",
  status: "rejected",
  findings,
  processedAt: "2025-01-02T03:04:06.000Z",
});

describe("the desk's upload summary", () => {
  it("counts two rules broken at one cell as one error, as the lines the clerk is shown", () => {
    const row = summary(
      null,
      rejected([
        at("J6", "applications.row_total"),
        at("J29", "applications.row_total"),
        at("J29", "applications.results_total"),
        at("F30", "applications.balance"),
        at("J30", "applications.balance"),
      ]),
      { current: null, withdrawal: null },
      new Date("2025-01-02T03:05:00.000Z"),
    );
    expect(row).toMatchObject({ status: "rejected", errors: 4, warnings: 0 });
  });
});
