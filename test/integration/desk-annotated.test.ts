import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { cognitoClient } from "../../functions/adapters/aws-clients";
import { SUMMARY_SHEET } from "../../functions/core/annotate/annotate-workbook";
import { type LocalStack, localConfig, startLocalStack } from "../../functions/local/stack";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { call, clerkOf, postToS3 } from "./desk-sign-in";

/**
 * `GET /api/v1/uploads/{uploadId}/annotated` on the local stack: a rejected workbook's annotated copy, as
 * the pipeline kept it, downloaded by its own department's clerk only.
 */

let stack: LocalStack;
let home: string;
let cognito: CognitoIdentityProviderClient;
let clerkA: string;
let clerkB: string;
let rejected: string;
let published: string;

async function upload(token: string, bytes: Uint8Array, fileName: string): Promise<string> {
  const issued = await call(stack, "POST", "/uploads", token, { year: 2024, fileName, size: bytes.length });
  expect(issued.status).toBe(201);
  expect((await postToS3(issued.body, bytes, fileName)).status).toBe(204);
  await stack.settle();
  return issued.body.uploadId as string;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-annotated-"));
  stack = await startLocalStack({ home });
  cognito = cognitoClient(localConfig(stack.endpoints).aws);
  clerkA = await clerkOf(stack, cognito, "annotated-a");
  clerkB = await clerkOf(stack, cognito, "annotated-b");
  const wrong = county2024Tables();
  wrong.applications.received!.total = 47;
  rejected = await upload(clerkA, nationalWorkbook("2021", wrong), "2024年报.xlsx");
  published = await upload(clerkA, nationalWorkbook("2021", county2024Tables()), "正确.xlsx");
});

afterAll(async () => {
  cognito?.destroy();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

/** The raw answer of a download (bytes, not JSON). */
async function download(uploadId: string, token: string | null) {
  return fetch(`${stack.endpoints.api}/uploads/${uploadId}/annotated`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe("the annotated copy of a rejected upload", () => {
  it("is offered by the upload's detail, and downloads as the workbook the pipeline marked", async () => {
    const shown = await call(stack, "GET", `/uploads/${rejected}`, clerkA);
    expect(shown.body).toMatchObject({ status: "rejected", annotated: true });
    const answer = await download(rejected, clerkA);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(answer.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("2024年报（已标注）.xlsx")}`,
    );
    expect(answer.headers.get("access-control-expose-headers")).toContain("content-disposition");
    const book = XLSX.read(new Uint8Array(await answer.arrayBuffer()), { type: "array" });
    expect(book.SheetNames[0]).toBe(SUMMARY_SHEET);
    const summary = XLSX.utils.sheet_to_csv(book.Sheets[SUMMARY_SHEET]!);
    expect(summary).toContain("2024年报.xlsx");
  });

  it("answers 404 with its own code for a published upload, which has none", async () => {
    const shown = await call(stack, "GET", `/uploads/${published}`, clerkA);
    expect(shown.body).toMatchObject({ status: "published", annotated: false });
    const answer = await call(stack, "GET", `/uploads/${published}/annotated`, clerkA);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("upload.no_annotated_copy");
  });

  it("answers 403 to another department's clerk, with nothing of the copy or the upload", async () => {
    const answer = await call(stack, "GET", `/uploads/${rejected}/annotated`, clerkB);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe("upload.other_department");
    expect(answer.text).not.toMatch(/annotated-a|2024年报|annotated\//);
  });

  it("answers 401 without a token and 404 for an id nobody issued", async () => {
    expect((await download(rejected, null)).status).toBe(401);
    const unknown = await call(stack, "GET", `/uploads/${crypto.randomUUID()}/annotated`, clerkA);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("upload.not_found");
    const query = await call(stack, "GET", `/uploads/${rejected}/annotated?x=1`, clerkA);
    expect(query.status).toBe(400);
  });
});
