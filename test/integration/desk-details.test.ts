import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { cognitoClient } from "../../functions/adapters/aws-clients";
import { SUMMARY_SHEET } from "../../functions/core/annotate/annotate-workbook";
import { type LocalStack, localConfig, startLocalStack } from "../../functions/local/stack";
import { deskUploadKey } from "../../functions/storage-layout";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { call, clerkOf, postToS3 } from "./desk-sign-in";

/**
 * What a clerk can open and what stays pending, on the local stack: any upload of the department's log —
 * an operator's bulk upload too — opens by its record's order and the year (its findings, diagnosis and
 * annotated copy), never another department's; an issued upload whose file never came is `expired`, not
 * pending for good; and every refusal of a file name says it in each language alone.
 */

const YEAR = 2024;
const DEPARTMENT = "details-a";

let stack: LocalStack;
let home: string;
let cognito: CognitoIdentityProviderClient;
let clerkA: string;
let clerkB: string;

interface Listed {
  uploadId: string | null;
  order: string | null;
  fileName: string;
  status: string;
  errors: number;
}

const listed = async (token: string): Promise<Listed[]> => {
  const answer = await call(stack, "GET", `/uploads?year=${YEAR}`, token);
  expect(answer.status).toBe(200);
  return answer.body.uploads;
};

const rejectedWorkbook = () => {
  const tables = county2024Tables();
  tables.applications.received!.total = 47;
  return nationalWorkbook("2021", tables);
};

/** The operators' bulk path (S3 bulk, `gongkai upload`): the file put under uploads/{department}/{year}/. */
async function uploadInBulk(department: string, fileName: string, bytes: Uint8Array): Promise<void> {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/${YEAR}/${fileName}`,
      Body: bytes,
    }),
  );
  await stack.settle();
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-desk-details-"));
  stack = await startLocalStack({ home });
  cognito = cognitoClient(localConfig(stack.endpoints).aws);
  clerkA = await clerkOf(stack, cognito, DEPARTMENT);
  clerkB = await clerkOf(stack, cognito, "details-b");
  await uploadInBulk(DEPARTMENT, "批量-有错.xlsx", rejectedWorkbook());
});

afterAll(async () => {
  cognito?.destroy();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("an upload of the operators' bulk path, at the desk", () => {
  it("is listed with its order and opens by it: the pipeline's findings, the diagnosis and the annotated copy", async () => {
    const bulk = (await listed(clerkA)).find((upload) => upload.fileName === "批量-有错.xlsx")!;
    expect(bulk).toMatchObject({ uploadId: null, status: "rejected" });
    expect(bulk.order).toMatch(/^\d{15}-[0-9A-F]{32}$/);
    const shown = await call(stack, "GET", `/uploads/${bulk.order}?year=${YEAR}`, clerkA);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      uploadId: null,
      order: bulk.order,
      department: DEPARTMENT,
      year: YEAR,
      fileName: "批量-有错.xlsx",
      key: `uploads/${DEPARTMENT}/${YEAR}/批量-有错.xlsx`,
      status: "rejected",
      errors: bulk.errors,
      expiresAt: null,
      annotated: true,
      feedPath: null,
    });
    expect(shown.body.findings).toContainEqual(
      expect.objectContaining({ rule: "applications.row_total", severity: "error" }),
    );
    expect(shown.body.diagnosis).not.toBeNull();
    const copy = await fetch(`${stack.endpoints.api}/uploads/${bulk.order}/annotated?year=${YEAR}`, {
      headers: { authorization: `Bearer ${clerkA}` },
    });
    expect(copy.status).toBe(200);
    expect(copy.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("批量-有错（已标注）.xlsx")}`,
    );
    const book = XLSX.read(new Uint8Array(await copy.arrayBuffer()), { type: "array" });
    expect(book.SheetNames[0]).toBe(SUMMARY_SHEET);
  });

  it("opens a desk upload by its order too, as by its id", async () => {
    const bytes = nationalWorkbook("2021", county2024Tables());
    const issued = await call(stack, "POST", "/uploads", clerkA, {
      year: YEAR,
      fileName: "台账.xlsx",
      size: bytes.length,
    });
    expect((await postToS3(issued.body, bytes, "台账.xlsx")).status).toBe(204);
    await stack.settle();
    const desk = (await listed(clerkA)).find((upload) => upload.uploadId === issued.body.uploadId)!;
    expect(desk.order).not.toBeNull();
    const byOrder = await call(stack, "GET", `/uploads/${desk.order}?year=${YEAR}`, clerkA);
    const byId = await call(stack, "GET", `/uploads/${issued.body.uploadId}`, clerkA);
    expect(byOrder.body).toEqual(byId.body);
    expect(byOrder.body).toMatchObject({ status: "published", uploadId: issued.body.uploadId });
  });

  it("finds nothing of another department's upload by its order: the department is the signed-in clerk's", async () => {
    const bulk = (await listed(clerkA)).find((upload) => upload.fileName === "批量-有错.xlsx")!;
    for (const path of [
      `/uploads/${bulk.order}?year=${YEAR}`,
      `/uploads/${bulk.order}/annotated?year=${YEAR}`,
    ]) {
      const answer = await call(stack, "GET", path, clerkB);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error.code).toBe("upload.not_found");
      expect(answer.text).not.toMatch(/details-a|批量|annotated\//);
    }
    const named = await call(
      stack,
      "GET",
      `/uploads/${bulk.order}?year=${YEAR}&department=${DEPARTMENT}`,
      clerkB,
    );
    expect([named.status, named.body.error.code]).toEqual([403, "auth.operator_only"]);
    expect(named.text).not.toContain("批量");
  });

  it("refuses an order without its year, and answers 404 for an id that is neither an upload id nor an order", async () => {
    const bulk = (await listed(clerkA)).find((upload) => upload.fileName === "批量-有错.xlsx")!;
    const noYear = await call(stack, "GET", `/uploads/${bulk.order}`, clerkA);
    expect([noYear.status, noYear.body.error.code]).toEqual([400, "request.missing_field"]);
    const otherYear = await call(stack, "GET", `/uploads/${bulk.order}?year=2023`, clerkA);
    expect([otherYear.status, otherYear.body.error.code]).toEqual([404, "upload.not_found"]);
    for (const id of [
      "..%2F..%2Fetc",
      encodeURIComponent(`uploads/${DEPARTMENT}/${YEAR}/批量-有错.xlsx`),
      "0",
    ]) {
      const answer = await call(stack, "GET", `/uploads/${id}?year=${YEAR}`, clerkA);
      expect([answer.status, answer.body.error.code], id).toEqual([404, "upload.not_found"]);
    }
  });
});

describe("an upload requested but never sent", () => {
  it("is expired, not pending, once its POST has expired with no file; one just issued stays pending", async () => {
    const uploadId = randomUUID();
    const issuedAt = new Date(Date.now() - 60 * 60_000);
    await stack.api.issued.put({
      uploadId,
      department: DEPARTMENT,
      year: YEAR,
      fileName: "关掉的标签页.xlsx",
      key: deskUploadKey(DEPARTMENT, YEAR, uploadId, "关掉的标签页.xlsx"),
      size: 1000,
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(issuedAt.getTime() + 10 * 60_000).toISOString(),
      issuedTo: "someone",
    });
    const fresh = await call(stack, "POST", "/uploads", clerkA, {
      year: YEAR,
      fileName: "刚申请.xlsx",
      size: 10,
    });
    const uploads = await listed(clerkA);
    expect(uploads.find((upload) => upload.uploadId === uploadId)).toMatchObject({
      status: "expired",
      order: null,
    });
    expect(uploads.find((upload) => upload.uploadId === fresh.body.uploadId)?.status).toBe("pending");
    const shown = await call(stack, "GET", `/uploads/${uploadId}`, clerkA);
    expect(shown.body).toMatchObject({ status: "expired", uploadedAt: null, findings: [] });
  });
});

describe("the desk API's refusals", () => {
  const cjk = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
  /** Two English words in a row: text of the other language, not a code or a field's name. */
  const english = /\b[a-z]{2,} [a-z]{2,}\b/i;

  it("says why a file name is refused in Chinese alone and in English alone", async () => {
    for (const fileName of [
      "../x",
      "a/b.xlsx",
      "a\\b.xlsx",
      "..",
      "a\u0000.xlsx",
      "长".repeat(300),
      "  ",
      7,
    ]) {
      const answer = await call(stack, "POST", "/uploads", clerkA, { year: YEAR, fileName, size: 1 });
      expect(answer.body.error.code, JSON.stringify(fileName)).toBe("request.invalid_file_name");
      const { zh, en } = answer.body.error.message as { zh: string; en: string };
      expect(zh, zh).toMatch(/^文件名不可用：/);
      expect(zh, zh).not.toMatch(english);
      expect(en, en).not.toMatch(cjk);
    }
    const separator = await call(stack, "POST", "/uploads", clerkA, {
      year: YEAR,
      fileName: "../x",
      size: 1,
    });
    expect(separator.body.error.message).toEqual({
      zh: "文件名不可用：含路径分隔符（/ 或 \\）。",
      en: "The file name cannot be used: it holds a path separator (/ or \\).",
    });
  });

  it("answers every other refusal the desk can meet with clean Chinese and clean English", async () => {
    const answers = [
      await call(stack, "GET", "/uploads?year=2024", null),
      await call(stack, "GET", "/uploads?year=1999", clerkA),
      await call(stack, "GET", "/uploads", clerkA),
      await call(stack, "POST", "/uploads", clerkA, "not json"),
      await call(stack, "POST", "/uploads", clerkA, { year: YEAR, fileName: "a.xlsx", size: 0 }),
      await call(stack, "POST", "/uploads", clerkA, { year: YEAR, fileName: "a.xlsx", size: 10 ** 12 }),
      await call(stack, "POST", "/uploads", clerkA, { year: YEAR, fileName: "a.xlsx", size: 1, acl: "x" }),
      await call(stack, "GET", `/uploads/${randomUUID()}`, clerkA),
      await call(stack, "GET", "/explanations?year=2023", clerkA),
      await call(stack, "POST", "/explanations", clerkA, { year: YEAR, rule: "Not A Rule", text: "x" }),
      await call(stack, "GET", "/nowhere", clerkA),
    ];
    for (const answer of answers) {
      const { code, message } = answer.body.error as { code: string; message: { zh: string; en: string } };
      expect(message.zh, code).toMatch(cjk);
      expect(message.zh, `${code}: ${message.zh}`).not.toMatch(english);
      expect(message.en, `${code}: ${message.en}`).not.toMatch(cjk);
    }
  });
});
