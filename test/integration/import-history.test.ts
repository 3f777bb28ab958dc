import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGongkai } from "../../functions/cli/program";
import { cliEnvironment } from "../../functions/config";
import { departmentOf, HISTORY_NOT_MAILED, importReport } from "../../functions/ingest/import-history";
import { readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { writeDocx } from "../fixtures/documents/docx-writer";
import { reportMhtml, reportPageBytes } from "../fixtures/documents/html-pages";
import { reportDocument } from "../fixtures/documents/report-document";
import { wordDoc } from "../fixtures/hostile";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2023Tables, county2024Tables } from "../fixtures/reports/county-2021";

/** `gongkai import`: earlier years' saved reports of many departments published as history, on the local stack. */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-import-"));
  stack = await startLocalStack({ home });
  for (const [id, name] of [
    ["county-amr", "某县市场监督管理局"],
    ["city-edu", "某市教育局"],
    ["city-fin", "某市财政局"],
  ] as const) {
    await stack.ports.departments.put({ id, name, emails: [`${id}@example.gov.cn`] });
  }
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

async function gongkai(...argv: string[]) {
  let stdout = "";
  const code = await runGongkai(argv, {
    env: cliEnvironment({ GONGKAI_HOME: home, NO_COLOR: "1" }),
    streams: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } },
  });
  return { code, stdout };
}

describe("gongkai import", () => {
  it("publishes a folder of saved reports as history, each file's department from its folder, name or title", async () => {
    const saved = join(home, "saved-2023");
    await mkdir(join(saved, "county-amr"), { recursive: true });
    await writeFile(
      join(saved, "county-amr", "2023年报告.docx"),
      await writeDocx(reportDocument("2021", county2023Tables())),
    );
    const edu = reportDocument("2021", county2023Tables(), "某市教育局2023年政府信息公开工作年度报告");
    await writeFile(join(saved, "ndbg_2023_0131.mhtml"), reportMhtml(edu));
    await writeFile(join(saved, "city-fin.doc"), wordDoc());
    const stranger = reportDocument("2021", county2023Tables(), "某县水利局2023年政府信息公开工作年度报告");
    await writeFile(join(saved, "unknown.html"), reportPageBytes(stranger));

    const { code, stdout } = await gongkai("import", saved, "--year", "2023", "--json");
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as {
      ok: boolean;
      files: { file: string; department: string | null; status: string }[];
    };
    expect(result.files.map(({ file, department, status }) => ({ file, department, status }))).toEqual([
      { file: "city-fin.doc", department: "city-fin", status: "unreadable" },
      { file: join("county-amr", "2023年报告.docx"), department: "county-amr", status: "published" },
      { file: "ndbg_2023_0131.mhtml", department: "city-edu", status: "published" },
      { file: "unknown.html", department: null, status: "unknown_department" },
    ]);

    const report = await fetch(`${stack.endpoints.feed}/v1/reports/2023/county-amr.json`);
    expect(report.status).toBe(200);
    const body = (await report.json()) as { tables: { applications: Record<string, unknown> } };
    expect(body.tables.applications).toBeDefined();
    // Nobody uploaded anything: no mail, the record says why.
    const mail = await readLocalMailbox(stack.endpoints.ses);
    expect(mail.filter((item) => item.to.some((to) => to.startsWith("county-amr@")))).toEqual([]);
    const records = await stack.ports.uploads.list("county-amr");
    expect(records[0]).toMatchObject({ status: "published", mailError: HISTORY_NOT_MAILED });
  });

  it("keeps a year already published as it is when imported again", async () => {
    const again = await importReport(stack.ports, {
      department: "county-amr",
      year: 2023,
      fileName: "again.docx",
      bytes: await writeDocx(reportDocument("2021", county2023Tables())),
    });
    expect(again.status).toBe("kept");
  });

  it("lets the cross-year rules check the first season's upload against the imported year", async () => {
    const next = county2024Tables();
    next.applications.carried_over!.total = 9;
    next.applications.carried_over!.natural_person = 9;
    await stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.config.uploadsBucket,
        Key: "uploads/county-amr/2024/report.xlsx",
        Body: nationalWorkbook("2021", next),
      }),
    );
    await stack.settle();
    const records = await stack.ports.uploads.list("county-amr");
    const upload = records.find((record) => record.year === 2024)!;
    expect(upload.findings.map((finding) => finding.rule)).toContain("cross_year.carried_over");
  });

  it("tells a file's department by its folder, its name, or the one registered name its title states", () => {
    const registered = [
      { id: "finance", name: "某市财政局", emails: [] },
      { id: "edu", name: "某市教育局", emails: [] },
    ];
    expect(departmentOf(["finance", "report.html"], null, registered)?.id).toBe("finance");
    expect(departmentOf(["edu.docx"], null, registered)?.id).toBe("edu");
    expect(departmentOf(["a.html"], "某市 教育局", registered)?.id).toBe("edu");
    expect(departmentOf(["a.html"], "某县水利局", registered)).toBeNull();
  });
});
