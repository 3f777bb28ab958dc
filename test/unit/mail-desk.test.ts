import { describe, expect, it } from "vitest";
import { composeMail, type MailInput } from "../../functions/core/mail";
import { type Finding, finding } from "../../schemas/finding";

/**
 * Where a mail sends a clerk to upload again: the desk page when one is deployed (clerks have no AWS
 * access), the department's upload folder only where there is no desk.
 */

const department = { id: "city-edu", name: "某市教育局" };
const upload = { fileName: "年报.xlsx", uploadedAt: "2025-01-10T02:05:00.000Z" };
const DESK = "https://feed.example.gov.cn/desk/";
const FOLDER = "uploads/city-edu/2024/";

const wrong: Finding = finding(
  "applications.row_total",
  { table: "applications", sheet: "三、依申请公开", cell: "J6" },
  { zh: "总计不符", en: "the total is off" },
);

const INPUTS: ReadonlyArray<[string, MailInput]> = [
  ["rejected", { kind: "rejected", department, year: 2024, upload, findings: [wrong] }],
  [
    "unreadable",
    { kind: "unreadable", department, year: 2024, upload, findings: [{ ...wrong, sheet: null, cell: null }] },
  ],
  [
    "published",
    {
      kind: "published",
      department,
      year: 2024,
      format: "2021",
      upload,
      headline: {
        applicationsReceived: 1,
        resultsTotal: 1,
        disclosed: 1,
        partiallyDisclosed: 0,
        reconsiderations: 0,
        lawsuits: 0,
      },
      warnings: [],
      reportUrl: "https://feed.example.gov.cn/v1/reports/2024/city-edu.json",
      feedUrl: "https://feed.example.gov.cn/v1/index.json",
    },
  ],
  [
    "superseded",
    {
      kind: "superseded",
      department,
      year: 2024,
      upload,
      current: { fileName: "终版.xlsx", uploadedAt: "2025-01-11T02:05:00.000Z" },
      reportUrl: "https://feed.example.gov.cn/v1/reports/2024/city-edu.json",
    },
  ],
  [
    "reminder",
    {
      kind: "reminder",
      department,
      year: 2024,
      deadline: "2025-01-31",
      late: false,
      missing: { kind: "never" },
    },
  ],
];

describe("the mails' upload instructions", () => {
  for (const [kind, input] of INPUTS) {
    it(`tells the clerk to upload on the desk page, with its URL, when a desk is configured (${kind})`, () => {
      const mail = composeMail(input, { deskUrl: DESK });
      expect(mail.text).toContain(`填报台 ${DESK}`);
      expect(mail.text).toContain(`on the desk page ${DESK}`);
      expect(mail.html).toContain(`填报台 ${DESK}`);
      expect(mail.text).not.toContain(FOLDER);
      expect(mail.text).not.toMatch(/文件夹|folder/);
    });

    it(`names the upload folder when no desk is configured (${kind})`, () => {
      const mail = composeMail(input);
      expect(mail.text).toContain(FOLDER);
      expect(mail.text).not.toContain("填报台");
      expect(mail.text).not.toContain("desk page");
    });
  }

  it("says to upload the corrected file on the desk page in the rejection's steps", () => {
    const mail = composeMail(INPUTS[0]![1], { deskUrl: DESK });
    expect(mail.text).toContain(`保存后在填报台 ${DESK} 上传改正后的文件`);
    expect(mail.text).toContain(`upload the corrected file on the desk page ${DESK}`);
  });

  it("escapes the desk's URL in the HTML and cleans it in the text, as every other text", () => {
    const hostile = 'https://feed.example.gov.cn/desk/?x="><script>alert(1)</script>\u202e\n';
    for (const [, input] of INPUTS) {
      const mail = composeMail(input, { deskUrl: hostile });
      expect(mail.html).not.toContain("<script>");
      expect(mail.html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(mail.text).not.toContain("\u202e");
      expect(mail.text).toContain('?x="><script>alert(1)</script>');
    }
  });
});
