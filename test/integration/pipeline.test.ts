import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestPorts } from "../../functions/ingest/ports";
import { processBatch } from "../../functions/ingest/process-batch";
import { clearLocalMailbox, readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, sqsEnvelope, startLocalStack } from "../../functions/local/stack";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { seedStyleWorkbook } from "../fixtures/layouts/seed-document";
import { county2023Tables, county2024Tables } from "../fixtures/reports/county-2021";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/** The pipeline end to end on the local stack: real S3, DynamoDB and SES servers, the real handler. */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-pipeline-"));
  stack = await startLocalStack({ home });
  await stack.ports.departments.put({
    id: "nx-office",
    name: "自治区人民政府办公厅",
    emails: ["office@example.gov.cn"],
  });
  await stack.ports.departments.put({
    id: "county-amr",
    name: "某县市场监督管理局",
    emails: ["amr@example.gov.cn"],
  });
  await stack.ports.departments.put({
    id: "city-edu",
    name: "某市教育局",
    emails: ["edu@example.gov.cn"],
  });
  await stack.ports.departments.put({
    id: "city-fin",
    name: "某市财政局",
    emails: ["fin@example.gov.cn"],
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
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed feed document, read field by field in the assertions
async function feed(path: string): Promise<{ status: number; body: any; headers: Headers; text: string }> {
  const response = await fetch(`${stack.endpoints.feed}/${path}`);
  const text = await response.text();
  return {
    status: response.status,
    text,
    headers: response.headers,
    body: response.status === 200 ? JSON.parse(text) : null,
  };
}

async function mailTo(address: string) {
  return (await readLocalMailbox(stack.endpoints.ses)).filter((mail) => mail.to.includes(address));
}

describe("the pipeline on the local stack", () => {
  it("publishes a valid upload to every feed document and mails the department its headline numbers", async () => {
    await upload("uploads/nx-office/2019/年度 报告.xlsx", seedStyleWorkbook(seed2019Tables()));
    const report = await feed("v1/reports/2019/nx-office.json");
    expect(report.status).toBe(200);
    expect(report.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(report.headers.get("cache-control")).toMatch(/max-age=/);
    expect(report.headers.get("access-control-allow-origin")).toBe("*");
    expect(report.body.tables.applications.received.total).toBe(105);
    expect(report.body.tables.proactive.procurement.amount).toBe(2020.97);
    expect(report.body.source.key).toBe("uploads/nx-office/2019/年度 报告.xlsx");
    const year = await feed("v1/years/2019.json");
    expect(year.body.reports).toHaveLength(1);
    expect(year.body.reports[0].headline).toMatchObject({
      applicationsReceived: 105,
      resultsTotal: 105,
      disclosed: 15,
    });
    const summary = await feed("v1/summary/2019.json");
    expect(summary.body.departments).toBe(1);
    expect(summary.body.tables.applications.results_total.total).toBe(105);
    const index = await feed("v1/index.json");
    expect(index.body.years).toEqual([expect.objectContaining({ year: 2019, reports: 1 })]);
    expect((await feed("v1/departments/nx-office.json")).body.years[0].year).toBe(2019);
    expect((await feed("v1/schema/report.schema.json")).status).toBe(200);
    const mails = await mailTo("office@example.gov.cn");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/已发布/);
    expect(mails[0]!.text).toMatch(/105/);
  });

  it("keeps an invalid upload, changes nothing published, and mails every error with its cell", async () => {
    const before = await feed("v1/summary/2019.json");
    const tables = seed2019Tables();
    tables.applications.results_total!.total = 106;
    const bytes = nationalWorkbook("2019", tables);
    await upload("uploads/nx-office/2019/bad.xlsx", bytes);
    expect((await feed("v1/summary/2019.json")).text).toBe(before.text);
    expect((await feed("v1/reports/2019/nx-office.json")).body.tables.applications.results_total.total).toBe(
      105,
    );
    const mails = await mailTo("office@example.gov.cn");
    const rejected = mails.find((mail) => /未通过|退回|错误/.test(mail.subject))!;
    expect(rejected).toBeDefined();
    expect(rejected.text).toContain("J26");
    const uploads = await stack.ports.uploads.list("nx-office");
    const record = uploads.find((item) => item.key.endsWith("bad.xlsx"))!;
    expect(record.status).toBe("rejected");
    const kept = await stack.clients.s3.send(
      new HeadObjectCommand({ Bucket: stack.config.uploadsBucket, Key: record.originalKey! }),
    );
    expect(kept.ContentLength).toBe(bytes.length);
  });

  it("attaches the annotated copy to the rejection, keeps it beside the original, and says the published version stays", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    const tables = seed2019Tables();
    tables.applications.received!.research = 4;
    await upload("uploads/nx-office/2019/typo.xlsx", nationalWorkbook("2019", tables));
    const [mail] = await mailTo("office@example.gov.cn");
    expect(mail!.subject).toMatch(/^【未通过】/);
    expect(mail!.text).toMatch(
      /最可能出错的是 三、依申请公开!F5（科研机构 · 一、本年新收政府信息公开申请数量）：表中为 4；改为 2 后全部校验通过/,
    );
    expect(mail!.text).toContain("已发布的版本（文件“年度 报告.xlsx”");
    expect(mail!.attachments).toHaveLength(1);
    const attachment = mail!.attachments[0]!;
    expect(attachment.fileName).toBe("typo（已标注）.xlsx");
    expect(attachment.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(attachment.bytes as unknown as ExcelJS.Buffer);
    expect(book.worksheets[0]!.name).toBe("校验结果");
    const f5 = book.getWorksheet("三、依申请公开")!.getCell("F5");
    expect(f5.fill).toMatchObject({ type: "pattern", pattern: "solid" });
    expect(JSON.stringify(f5.note)).toContain("最可能出错：表中为 4，应改为 2。");
    const record = (await stack.ports.uploads.list("nx-office")).find((item) =>
      item.key.endsWith("typo.xlsx"),
    )!;
    expect(record.diagnosis?.repairs[0]?.cells).toEqual([
      expect.objectContaining({ cell: "F5", actual: 4, value: 2 }),
    ]);
    expect(record.annotatedKey).toBe(`annotated/nx-office/2019/${record.order}.xlsx`);
    expect(await stack.ports.objects.readObject(record.annotatedKey!)).toEqual(attachment.bytes);
  });

  it("replaces a department's report everywhere without counting it twice", async () => {
    const tables = seed2019Tables();
    tables.appeals.reconsideration = { upheld: 10, corrected: 1, other: 0, pending: 0, total: 11 };
    await upload("uploads/nx-office/2019/corrected.xlsx", nationalWorkbook("2019", tables));
    const summary = await feed("v1/summary/2019.json");
    expect(summary.body.departments).toBe(1);
    expect(summary.body.tables.applications.received.total).toBe(105);
    expect(summary.body.tables.appeals.reconsideration.corrected).toBe(1);
    expect((await feed("v1/years/2019.json")).body.reports).toHaveLength(1);
    expect((await feed("v1/index.json")).body.years[0].reports).toBe(1);
  });

  it("publishes a duplicate delivery of the same event once, and mails once", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    await upload("uploads/county-amr/2024/report.xlsx", nationalWorkbook("2021", county2024Tables()));
    const event = stack.events.at(-1)!;
    const again = await processBatch(stack.ports, sqsEnvelope(event));
    expect(again.batchItemFailures).toEqual([]);
    const summary = await feed("v1/summary/2024.json");
    expect(summary.body.departments).toBe(1);
    expect(summary.body.tables.applications.received.total).toBe(48);
    expect(await mailTo("amr@example.gov.cn")).toHaveLength(1);
  });

  it("never lets an older upload processed late replace a newer one", async () => {
    const older = structuredClone(stack.events.at(-1)!);
    const newerTables = county2024Tables();
    newerTables.proactive.licensing!.decisions = 2000;
    await upload("uploads/county-amr/2024/report-v2.xlsx", nationalWorkbook("2021", newerTables));
    // The first upload's event arrives once more, after the newer one: it must not go back in time.
    older.eventTime = new Date(Date.parse(older.eventTime) - 1000).toISOString();
    older.s3.object.sequencer = "0000000000000001";
    await processBatch(stack.ports, sqsEnvelope(older));
    const report = await feed("v1/reports/2024/county-amr.json");
    expect(report.body.tables.proactive.licensing.decisions).toBe(2000);
    const summary = await feed("v1/summary/2024.json");
    expect(summary.body.tables.proactive.licensing.decisions).toBe(2000);
    expect(summary.body.departments).toBe(1);
  });

  it("converges to the same state when a crash between steps is retried", async () => {
    const tables = county2024Tables();
    tables.proactive.penalties!.decisions = 300;
    await stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: "gongkai-uploads",
        Key: "uploads/city-edu/2024/r.xlsx",
        Body: nationalWorkbook("2021", tables),
      }),
    );
    await stack.settle();
    const before = await feed("v1/summary/2024.json");
    // Now a newer event of city-edu's object (S3 orders it after the last: a greater sequencer in the
    // same second), through ports whose feed fails on its third write.
    const replay = structuredClone(stack.events.at(-1)!);
    replay.s3.object.sequencer = `${replay.s3.object.sequencer}0`;
    let writes = 0;
    const failing: IngestPorts = {
      ...stack.ports,
      feed: {
        remove: (path) => stack.ports.feed.remove(path),
        writeStream: (path, document) => stack.ports.feed.writeStream(path, document),
        write: async (path, document) => {
          writes++;
          if (writes === 3) throw new Error("injected crash");
          await stack.ports.feed.write(path, document);
        },
      },
    };
    expect((await processBatch(failing, sqsEnvelope(replay))).batchItemFailures).toHaveLength(1);
    expect((await processBatch(stack.ports, sqsEnvelope(replay))).batchItemFailures).toEqual([]);
    const after = await feed("v1/summary/2024.json");
    expect(after.body.departments).toBe(2);
    expect(after.body.tables).toEqual(before.body.tables);
  });

  it("keeps and rejects an upload of an unregistered department, and tells only the operator", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    await upload("uploads/nobody/2024/x.xlsx", nationalWorkbook("2021", county2024Tables()));
    const uploads = await stack.ports.uploads.list("nobody");
    expect(uploads[0]!.status).toBe("unregistered");
    const mails = await readLocalMailbox(stack.endpoints.ses);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(["operator@localhost"]);
    expect(mails[0]!.text).toMatch(/nobody/);
    expect((await feed("v1/reports/2024/nobody.json")).status).toBe(404);
  });

  it("publishes a second year with a cross-year warning named in the email", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    const last = county2023Tables();
    last.applications.carried_forward = {
      ...last.applications.carried_forward!,
      natural_person: 4,
      total: 4,
    };
    last.applications.results_total = { ...last.applications.results_total!, natural_person: 36, total: 44 };
    last.applications.disclosed = { ...last.applications.disclosed!, natural_person: 16, total: 21 };
    await upload("uploads/city-fin/2023/r.xlsx", nationalWorkbook("2021", last));
    await upload("uploads/city-fin/2024/r2.xlsx", nationalWorkbook("2021", county2024Tables()));
    const report = await feed("v1/reports/2024/city-fin.json");
    expect(report.body.warnings.map((w: { rule: string }) => w.rule)).toContain("cross_year.carried_over");
    const mails = await mailTo("fin@example.gov.cn");
    expect(mails.at(-1)!.text).toMatch(/cross_year|上年结转/);
    expect(
      (await feed("v1/departments/city-fin.json")).body.years.map((y: { year: number }) => y.year),
    ).toEqual([2024, 2023]);
    expect(await readFile(join(home, "env.sh"), "utf8")).toContain(
      `AWS_ENDPOINT_URL_S3=${stack.endpoints.s3}\n`,
    );
    expect(JSON.parse(await readFile(join(home, "endpoints.json"), "utf8"))).toMatchObject({
      feed: stack.endpoints.feed,
    });
  });
});
