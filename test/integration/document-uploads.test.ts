import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { writeDocx } from "../fixtures/documents/docx-writer";
import { reportMhtml } from "../fixtures/documents/html-pages";
import { reportDocument } from "../fixtures/documents/report-document";
import { county2024Tables } from "../fixtures/reports/county-2021";

/** A department uploads its report as it wrote it (a .docx) or published it (an .mhtml), through S3. */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-document-uploads-"));
  stack = await startLocalStack({ home });
  await stack.ports.departments.put({
    id: "county-amr",
    name: "某县市场监督管理局",
    emails: ["amr@example.gov.cn"],
  });
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

async function upload(key: string, bytes: Uint8Array) {
  await stack.clients.s3.send(
    new PutObjectCommand({ Bucket: stack.config.uploadsBucket, Key: key, Body: bytes }),
  );
  await stack.settle();
  return (await stack.ports.uploads.list("county-amr")).find((record) => record.key === key)!;
}

describe("reports uploaded as documents", () => {
  it("mails a broken .docx's errors by the document's table, row and column, and publishes nothing", async () => {
    const broken = county2024Tables();
    broken.applications.received!.total = 47;
    const record = await upload(
      "uploads/county-amr/2024/年度报告.docx",
      await writeDocx(reportDocument("2021", broken)),
    );
    expect(record.status).toBe("rejected");
    expect(record.findings[0]).toMatchObject({ sheet: "第 2 个表格", cell: "第 4 行第 10 列" });
    const mail = (await readLocalMailbox(stack.endpoints.ses)).filter((item) =>
      item.to.includes("amr@example.gov.cn"),
    );
    expect(mail.at(-1)?.text).toContain("第 2 个表格 第 4 行第 10 列");
    expect((await fetch(`${stack.endpoints.feed}/v1/reports/2024/county-amr.json`)).status).toBe(404);
  });

  it("records and mails a document's diagnosis in its own terms, with no annotated copy and why", async () => {
    const broken = county2024Tables();
    broken.applications.received!.total = 47;
    const record = await upload(
      "uploads/county-amr/2024/年度报告-2.docx",
      await writeDocx(reportDocument("2021", broken)),
    );
    expect(record.status).toBe("rejected");
    // What the desk shows and `gongkai status` prints: the document's place, not the grid's A1.
    expect(record.diagnosis?.repairs[0]?.cells[0]).toMatchObject({
      sheet: "第 2 个表格",
      cell: "第 4 行第 10 列",
      location: { table: 2, row: 4, column: 10 },
    });
    expect(record.annotatedKey ?? null).toBeNull();
    const mail = (await readLocalMailbox(stack.endpoints.ses))
      .filter((item) => item.to.includes("amr@example.gov.cn"))
      .at(-1)!;
    expect(mail.text).toContain("最可能出错的是 第 2 个表格 第 4 行第 10 列（");
    expect(mail.text).toContain("您上传的是 Word 文档，标色和批注只能写进 Excel 工作簿");
    expect(mail.text).toContain(`填报台 ${stack.endpoints.feed}/desk/`);
    expect(mail.attachments).toEqual([]);
    for (const wording of ["Word 文档!", "该工作簿", "工作表!单元格", "uploads/county-amr/2024/"])
      expect(mail.text).not.toContain(wording);
  });

  it("publishes the report saved from its web page as one .mhtml file", async () => {
    const record = await upload(
      "uploads/county-amr/2024/ndbg.mhtml",
      reportMhtml(reportDocument("2021", county2024Tables())),
    );
    expect(record.status).toBe("published");
    const report = (await (
      await fetch(`${stack.endpoints.feed}/v1/reports/2024/county-amr.json`)
    ).json()) as {
      tables: { applications: { received: { total: number } } };
    };
    expect(report.tables.applications.received.total).toBe(48);
  });
});
