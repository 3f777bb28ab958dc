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
