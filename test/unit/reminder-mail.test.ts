import { describe, expect, it } from "vitest";
import { composeMail } from "../../functions/core/mail";
import { finding } from "../../schemas/finding";

/** The season's letters: what is missing, the deadline, untrusted text cleaned. */

const department = { id: "city-amr", name: "某市市场监督管理局" };

describe("the reminder", () => {
  it("says nothing was received, and by when, in Chinese and English", () => {
    const mail = composeMail({
      kind: "reminder",
      department,
      year: 2024,
      deadline: "2025-01-31",
      late: false,
      missing: { kind: "never" },
    });
    expect(mail.subject).toMatch(/^【报送提醒】某市市场监督管理局 2024 年/);
    expect(mail.text).toMatch(/尚未收到/);
    expect(mail.text).toMatch(/2025 年 1 月 31 日前报送/);
    expect(mail.text).toMatch(/uploads\/city-amr\/2024\//);
    expect(mail.text).toMatch(/by 2025-01-31/);
  });

  it("lists the last upload's errors one line each, the place first, and says it is overdue after the deadline", () => {
    const errors = Array.from({ length: 25 }, (_, i) =>
      finding(
        "applications.row_total",
        { table: "applications", sheet: "三、依申请公开", cell: `J${i + 5}` },
        { zh: `第 ${i} 处`, en: `number ${i}` },
      ),
    );
    const mail = composeMail({
      kind: "reminder",
      department,
      year: 2024,
      deadline: "2025-01-31",
      late: true,
      missing: {
        kind: "rejected",
        upload: { fileName: "report.xlsx", uploadedAt: "2025-01-20T02:00:00Z" },
        findings: errors,
      },
    });
    expect(mail.subject).toMatch(/^【已逾期】/);
    expect(mail.text).toMatch(/^ {2}- 三、依申请公开!J5 {2}第 0 处$/m);
    expect(mail.text).toMatch(/另有 5 处错误未列出/);
    expect(mail.text).toMatch(/报送截止日期 2025 年 1 月 31 日已过/);
  });

  it("shows a department name from the registry cleaned of controls", () => {
    const mail = composeMail({
      kind: "reminder",
      department: { id: "x", name: "某局\u202e\u0007" },
      year: 2024,
      deadline: "2025-01-31",
      late: false,
      missing: { kind: "withdrawn", reason: "填报错误" },
    });
    expect(mail.text).not.toContain("\u202e");
    expect(mail.text).not.toContain("\u0007");
    expect(mail.text).toMatch(/已被撤回，原因：填报错误/);
  });
});

describe("the operator's list of who is late", () => {
  it("names every late department and whether it uploaded at all", () => {
    const mail = composeMail({
      kind: "late",
      year: 2024,
      deadline: "2025-01-31",
      late: [
        { id: "a", name: "甲局", status: "not_received" },
        { id: "b", name: "乙局", status: "rejected" },
      ],
    });
    expect(mail.subject).toMatch(/2 个部门未按期发布/);
    expect(mail.text).toMatch(/甲局 \(a\)：未收到/);
    expect(mail.text).toMatch(/乙局 \(b\)：已上传但未通过校验/);
  });
});
