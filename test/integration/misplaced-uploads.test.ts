import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestOutcome } from "../../functions/ingest/ingest-upload";
import { readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/**
 * Uploads the pipeline cannot place, and requests the local stack once died of: each ends with an
 * outcome, a record and the right person told — or an error answer — never a crash or a dead letter.
 */

let stack: LocalStack;
let home: string;
const outcomes: IngestOutcome[] = [];
const workbook = nationalWorkbook("2019", seed2019Tables());

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-misplaced-"));
  stack = await startLocalStack({ home, onOutcome: (outcome) => outcomes.push(outcome) });
  await stack.ports.departments.put({ id: "d1", name: "某市财政局", emails: ["d1@example.gov.cn"] });
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

async function upload(key: string, bytes: Uint8Array | string): Promise<IngestOutcome | undefined> {
  const before = outcomes.length;
  await stack.clients.s3.send(
    new PutObjectCommand({ Bucket: stack.config.uploadsBucket, Key: key, Body: bytes }),
  );
  await stack.settle();
  return outcomes.slice(before).find((outcome) => outcome.record.key === key);
}

async function mailTo(address: string, since: number) {
  return (await readLocalMailbox(stack.endpoints.ses))
    .slice(since)
    .filter((mail) => mail.to.includes(address));
}

const deadLetters = async () =>
  existsSync(join(home, "dead-letter.jsonl")) ? await readFile(join(home, "dead-letter.jsonl"), "utf8") : "";

describe("uploads the pipeline cannot place, on the local stack", () => {
  it("records a zero-byte upload as unreadable, with a finding and a mail, never a dead letter", async () => {
    const mails = (await readLocalMailbox(stack.endpoints.ses)).length;
    const outcome = await upload("uploads/d1/2019/empty.xlsx", new Uint8Array());
    expect(outcome?.status).toBe("unreadable");
    expect(outcome?.record.findings.length).toBeGreaterThan(0);
    expect((await mailTo("d1@example.gov.cn", mails)).map((mail) => mail.subject)).toEqual([
      expect.stringContaining("【无法读取】"),
    ]);
    expect(await deadLetters()).toBe("");
  });

  it("ignores a folder marker: no record, no mail, no dead letter", async () => {
    const mails = (await readLocalMailbox(stack.endpoints.ses)).length;
    expect(await upload("uploads/d1/2024/", new Uint8Array())).toBeUndefined();
    expect((await stack.ports.uploads.list("d1")).filter((record) => record.key.endsWith("/"))).toEqual([]);
    expect((await readLocalMailbox(stack.endpoints.ses)).length).toBe(mails);
    expect(await deadLetters()).toBe("");
  });

  it.each([
    ["uploads/d1/2019年/报告.xlsx", "uploads/d1/2019/报告.xlsx"],
    ["uploads/d1/2999/报告.xlsx", "uploads/d1/2024/报告.xlsx"],
    ["uploads/d1/abcd/报告.xlsx", "uploads/d1/2024/报告.xlsx"],
  ])(
    "records %s against the registered department and mails it where the file belongs",
    async (key, example) => {
      const mails = (await readLocalMailbox(stack.endpoints.ses)).length;
      const outcome = await upload(key, workbook);
      expect(outcome?.status).toBe("unroutable");
      expect(outcome?.record.department).toBe("d1");
      expect(outcome?.record.findings.map((finding) => finding.rule)).toEqual(["upload.unroutable"]);
      expect((await stack.ports.uploads.list("d1")).some((record) => record.key === key)).toBe(true);
      const [mail, ...more] = await mailTo("d1@example.gov.cn", mails);
      expect(more).toEqual([]);
      expect(mail?.subject).toContain("【上传位置不对】");
      expect(mail?.text).toContain(example);
      // The operator is not told that d1 is unregistered, nor to register it again.
      const operator = await mailTo("operator@localhost", mails);
      expect(operator.map((m) => m.text).join("\n")).not.toMatch(/department add|未登记/);
    },
  );

  it("publishes a file whose name holds a newline: it is still the department's upload of the year", async () => {
    const outcome = await upload("uploads/d1/2019/年度\n报告.xlsx", workbook);
    expect(outcome?.status).toBe("published");
    expect(outcome?.record.department).toBe("d1");
  });

  it("tells the operator the truth about a misplaced upload in no registered department's folder", async () => {
    const mails = (await readLocalMailbox(stack.endpoints.ses)).length;
    const outcome = await upload("uploads/nobody/2019年/报告.xlsx", workbook);
    expect(outcome?.status).toBe("unroutable");
    const [mail, ...more] = await mailTo("operator@localhost", mails);
    expect(more).toEqual([]);
    expect(mail?.subject).toContain("【上传位置不对】");
    expect(mail?.text).toContain("“nobody”不是已登记的单位编号");
    expect(mail?.text).not.toContain("department add");
  });
});

describe("requests that once ended gongkai dev", () => {
  it.each(["/v1/%E0%A4%A", "/v1/100%"])("answers %s with 400 and keeps serving the feed", async (path) => {
    const response = await fetch(`${stack.endpoints.feed}${path}`);
    await response.body?.cancel();
    expect(response.status).toBe(400);
    const index = await fetch(`${stack.endpoints.feed}/v1/index.json`);
    await index.body?.cancel();
    expect(index.status).not.toBe(400);
  });

  it("answers a malformed S3 key with 400 InvalidURI", async () => {
    const response = await fetch(`${stack.endpoints.s3}/${stack.config.uploadsBucket}/uploads/100%`, {
      method: "PUT",
      body: "x",
      headers: { "if-none-match": "*" },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("InvalidURI");
  });

  it("keeps and publishes an upload whose file name is longer than a file name may be on disk", async () => {
    const key = `uploads/d1/2020/${"年度报告".repeat(25)}.xlsx`; // 305 bytes in one segment
    const outcome = await upload(key, workbook);
    expect(outcome?.status).toBe("published");
    const listed = await stack.clients.s3.send(
      new ListObjectsV2Command({ Bucket: stack.config.uploadsBucket, Prefix: "uploads/d1/2020/" }),
    );
    expect(listed.Contents?.map((object) => object.Key)).toEqual([key]);
    const read = await stack.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.config.uploadsBucket, Key: key }),
    );
    expect((await read.Body!.transformToByteArray()).length).toBe(workbook.length);
  });
});
