import { describe, expect, it } from "vitest";
import { compareCells, composeMail, MAX_LISTED_FINDINGS, type MailInput } from "../../functions/core/mail";
import type { Finding } from "../../schemas/finding";

const APPLICATIONS = "三、依申请公开";
const PROACTIVE = "二、主动公开";
const department = { id: "nx-gov-office", name: "自治区人民政府办公厅" };
const upload = { fileName: "2024年报统计表.xlsx", uploadedAt: "2025-01-10T02:05:00.000Z" };

function finding(
  sheet: string | null,
  cell: string | null,
  zh: string,
  severity: Finding["severity"] = "error",
): Finding {
  return {
    rule: "applications.row_total",
    severity,
    table: sheet ? "applications" : null,
    row: null,
    column: null,
    sheet,
    cell,
    expected: 105,
    actual: 104,
    message: { zh, en: `EN ${zh}` },
  };
}

function rejected(findings: Finding[], name = department.name): MailInput {
  return { kind: "rejected", department: { ...department, name }, year: 2024, upload, findings };
}

/** Where each needle first occurs in the text; -1 when it does not. */
function positions(text: string, needles: string[]): number[] {
  return needles.map((needle) => text.indexOf(needle));
}

describe("compareCells", () => {
  it("orders cells by row, then column, reading numbers as numbers", () => {
    expect(["A10", "B2", "AA1", "A2", "B1"].sort(compareCells)).toEqual(["B1", "AA1", "A2", "B2", "A10"]);
  });

  it("puts what is no cell address after the addresses", () => {
    expect(["合计", "C3", "$B$2"].sort(compareCells)).toEqual(["$B$2", "C3", "合计"]);
  });
});

describe("composeMail › rejected", () => {
  const findings = [
    finding(APPLICATIONS, "J26", "第26行总计错误"),
    finding(APPLICATIONS, "C40", "C列结果总计错误"),
    finding(PROACTIVE, "D5", "数字格式错误"),
    finding(APPLICATIONS, "J3", "第3行总计错误"),
    finding(APPLICATIONS, "B40", "B列结果总计错误"),
    finding(APPLICATIONS, "J10", "第10行总计错误"),
    finding(APPLICATIONS, "F7", "本年新公开数量大于总数", "warning"),
    finding(null, null, "缺少“四、行政复议、行政诉讼”表"),
  ];
  const mail = composeMail(rejected(findings));

  it("counts the errors at the top and says how to fix them in one pass", () => {
    expect(mail.subject).toBe("【未通过】自治区人民政府办公厅 2024 年度报告统计表：7 处错误");
    expect(mail.text).toContain(
      "[Not published] 自治区人民政府办公厅 2024 government information disclosure annual report tables: 7 errors to fix",
    );
    expect(mail.text.indexOf("共 7 处错误需要修改，另有 1 处提醒。")).toBeLessThan(
      mail.text.indexOf("■ 错误"),
    );
    expect(mail.text).toContain("一次改完");
    expect(mail.text).toContain("uploads/nx-gov-office/2024/");
    expect(mail.text).toContain("7 errors to fix, and 1 warning.");
  });

  it("lists the whole-file problems first, then each sheet's cells top to bottom", () => {
    const zh = mail.text.slice(0, mail.text.indexOf("\nEnglish\n"));
    const order = positions(zh, [
      "[整个文件]",
      "缺少“四、行政复议、行政诉讼”表",
      `[工作表：${APPLICATIONS}]`,
      `${APPLICATIONS}!J3  第3行总计错误`,
      `${APPLICATIONS}!J10  第10行总计错误`,
      `${APPLICATIONS}!J26  第26行总计错误`,
      `${APPLICATIONS}!B40  B列结果总计错误`,
      `${APPLICATIONS}!C40  C列结果总计错误`,
      `[工作表：${PROACTIVE}]`,
      `${PROACTIVE}!D5  数字格式错误`,
      "■ 提醒（1 处）",
      `${APPLICATIONS}!F7  本年新公开数量大于总数`,
    ]);
    expect(order.every((position) => position >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("writes Chinese first and English below, in text and in HTML", () => {
    for (const body of [mail.text, mail.html]) {
      const [zh, en] = positions(body, ["修改方法", "How to fix it"]);
      expect(zh).toBeGreaterThanOrEqual(0);
      expect(en).toBeGreaterThan(zh!);
      expect(body).toContain("The whole file");
      expect(body).toContain("EN 第26行总计错误");
    }
    expect(mail.html).toContain(
      `<code style="background:#f4f4f4;">${APPLICATIONS}!J26</code> 第26行总计错误`,
    );
  });

  it("renders each finding's place from its data, before its message", () => {
    const placed = finding(APPLICATIONS, "J26", "总计应为 105，实为 104");
    placed.message.en = "total should be 105, is 104";
    const text = composeMail(rejected([placed])).text;
    expect(text).toContain(`  - ${APPLICATIONS}!J26  总计应为 105，实为 104\n`);
    expect(text).toContain(`  - ${APPLICATIONS}!J26  total should be 105, is 104\n`);
  });

  it("escapes a hostile department name, sheet name and message in the HTML", () => {
    const hostile = composeMail(
      rejected(
        [finding('<img src=x onerror="alert(1)">', "A1", "<b>bold</b> & 'quoted'")],
        "<script>alert('x')</script>办公厅",
      ),
    );
    expect(hostile.html).not.toMatch(/<script|<img|<b>/);
    expect(hostile.html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;办公厅");
    expect(hostile.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;!A1");
    expect(hostile.html).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;");
    expect(hostile.text).toContain("<script>alert('x')</script>办公厅");
  });

  it("keeps line breaks and invisible characters out of the subject", () => {
    const hostile = composeMail(
      rejected([finding(null, null, "x")], "办公厅\r\nBcc: victim@example.com\u202e"),
    );
    expect(hostile.subject).not.toMatch(/[\r\n\u202e]/);
    expect(hostile.subject).toContain("办公厅 Bcc: victim@example.com");
  });

  it("lists at most 200 findings and says how many more there are", () => {
    const many = Array.from({ length: 5000 }, (_, index) =>
      finding(APPLICATIONS, `C${index + 1}`, `错误${index + 1}${"长".repeat(2000)}`),
    );
    const capped = composeMail(rejected(many));
    expect(capped.text).toContain("共 5000 处错误需要修改");
    expect(capped.text).toContain(`另有 ${5000 - MAX_LISTED_FINDINGS} 处未在此列出`);
    expect(capped.text).toContain(`${5000 - MAX_LISTED_FINDINGS} more not listed here`);
    expect(capped.text).toContain(`${APPLICATIONS}!C200  错误200`);
    expect(capped.text).not.toContain(`${APPLICATIONS}!C201  `);
    expect(capped.html.length).toBeLessThan(600_000);
    expect(capped.text.length).toBeLessThan(600_000);
  });
});

describe("composeMail › published", () => {
  const mail = composeMail({
    kind: "published",
    department,
    year: 2019,
    format: "2019",
    upload,
    headline: {
      applicationsReceived: 105,
      resultsTotal: 105,
      disclosed: 15,
      partiallyDisclosed: 4,
      reconsiderations: 11,
      lawsuits: 2,
    },
    warnings: [finding(PROACTIVE, "C5", "本年新公开数量大于对外公开总数量", "warning")],
    reportUrl: "https://feed.example.gov.cn/v1/reports/2019/nx-gov-office.json",
    feedUrl: 'https://feed.example.gov.cn/v1/index.json"><script>',
  });

  it("announces the publication in both languages", () => {
    expect(mail.subject).toBe("【已发布】自治区人民政府办公厅 2019 年度报告统计表");
    expect(mail.text).toContain("[Published] 自治区人民政府办公厅 2019 government information");
    expect(mail.text.indexOf("已发布")).toBeLessThan(mail.text.indexOf("are published"));
  });

  it("shows the headline numbers with Chinese and English labels", () => {
    expect(mail.text).toContain("本年新收申请：105");
    expect(mail.text).toContain("Requests received: 105");
    expect(mail.text).toContain("Lawsuits: 2");
    expect(mail.html).toMatch(/<th[^>]*>予以公开<\/th><td[^>]*>15<\/td>/);
    expect(mail.html).toMatch(/<th[^>]*>Partially disclosed<\/th><td[^>]*>4<\/td>/);
  });

  it("names each warning by sheet and cell, and links the feed", () => {
    expect(mail.text).toContain(`${PROACTIVE}!C5  本年新公开数量大于对外公开总数量`);
    expect(mail.text).toContain(`${PROACTIVE}!C5  EN 本年新公开数量大于对外公开总数量`);
    expect(mail.html).toContain(
      '<a href="https://feed.example.gov.cn/v1/reports/2019/nx-gov-office.json">https://feed.example.gov.cn/v1/reports/2019/nx-gov-office.json</a>',
    );
    expect(mail.html).toContain('href="https://feed.example.gov.cn/v1/index.json&quot;&gt;&lt;script&gt;"');
    expect(mail.html).not.toContain("<script");
  });
});

describe("composeMail › unreadable", () => {
  it("says what was wrong and what to do", () => {
    const mail = composeMail({
      kind: "unreadable",
      department,
      year: 2024,
      upload: { ...upload, fileName: "年报.pdf" },
      findings: [finding(null, null, "文件不是 Excel 工作簿")],
    });
    expect(mail.subject).toContain("【无法读取】");
    expect(mail.subject).not.toContain("[Unreadable]");
    expect(mail.text).toContain("[Unreadable]");
    expect(mail.text).toContain("“年报.pdf”无法读取");
    expect(mail.text).toContain("文件不是 Excel 工作簿");
    expect(mail.text).toContain("*.xlsx");
    expect(mail.text).toContain("uploads/nx-gov-office/2024/");
    expect(mail.text.indexOf("怎么办")).toBeLessThan(mail.text.indexOf("What to do"));
  });
});

describe("composeMail › unregistered", () => {
  const upload = {
    key: "uploads/new-dept/2024/report.xlsx",
    fileName: "report.xlsx",
    uploadedAt: "2025-01-10T02:05:00.000Z",
    sha256: "b".repeat(64),
  };

  it("tells the operator how to register the department and reprocess the upload", () => {
    const mail = composeMail({ kind: "unregistered", departmentId: "new-dept", year: 2024, upload });
    expect(mail.subject).toContain("new-dept");
    expect(mail.text).toContain("gongkai department add new-dept --name <部门全称> --email <联系邮箱>");
    expect(mail.text).toContain("gongkai reprocess uploads/new-dept/2024/report.xlsx");
    expect(mail.text).toContain("b".repeat(64));
    expect(mail.text).toContain("2025-01-10 10:05（北京时间）");
    expect(mail.html).toContain("gongkai department add new-dept --name &lt;full name&gt;");
  });

  it("quotes a hostile department id in the commands it suggests", () => {
    const mail = composeMail({
      kind: "unregistered",
      departmentId: "x';rm -rf ~;'",
      year: 2024,
      upload: { ...upload, key: "uploads/x';rm -rf ~;'/2024/a.xlsx" },
    });
    expect(mail.text).toContain(`gongkai department add 'x'\\'';rm -rf ~;'\\''' --name`);
    expect(mail.text).toContain("不常见的字符");
  });
});

describe("composeMail › superseded", () => {
  const input = (name: string): MailInput => ({
    kind: "superseded",
    department: { ...department, name },
    year: 2024,
    upload,
    current: { fileName: "最终版.xlsx", uploadedAt: "2025-01-11T02:05:00.000Z" },
    reportUrl: "https://feed.example.gov.cn/v1/reports/2024/nx-gov-office.json",
  });

  it("says which later upload is published and how to make this one count, in both languages", () => {
    const mail = composeMail(input(department.name));
    expect(mail.subject).toMatch(/^【未采用】/);
    expect(mail.text).toMatch(/\[Not used\]/);
    expect(mail.text).toMatch(/2024年报统计表\.xlsx[\s\S]*最终版\.xlsx[\s\S]*uploads\/nx-gov-office\/2024\//);
    expect(mail.text).toMatch(/is already published, so this file did not replace it/);
  });

  it("escapes a hostile department name in the HTML", () => {
    const mail = composeMail(input("<script>alert(1)</script>"));
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
  });
});
