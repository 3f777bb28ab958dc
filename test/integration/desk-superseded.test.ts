import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cognitoClient } from "../../functions/adapters/aws-clients";
import { type LocalStack, localConfig, startLocalStack } from "../../functions/local/stack";
import { withdrawReport } from "../../functions/season/withdraw";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { call, clerkOf, postToS3 } from "./desk-sign-in";

/**
 * The desk shows what is published now, on the local stack: an upload published through the desk and
 * then replaced by a newer one of the operators' bulk path is listed and shown as superseded, without a
 * report link (the link would show the newer upload's numbers); a report the operator withdrew is shown
 * as withdrawn. The upload log keeps `published` on both; the desk decides from the CURRENT pointer and
 * the withdrawal.
 */

const DEPARTMENT = "desk-now";
const YEAR = 2024;

let stack: LocalStack;
let home: string;
let cognito: CognitoIdentityProviderClient;
let clerk: string;

/** A valid report; `licensing` tells one upload's numbers from another's. */
const workbook = (licensing: number) => {
  const tables = county2024Tables();
  tables.proactive.licensing!.decisions = licensing;
  return nationalWorkbook("2021", tables);
};

/** Through the desk: a presigned POST, the file straight to S3, then the pipeline. */
async function uploadAtDesk(bytes: Uint8Array, fileName: string): Promise<string> {
  const issued = await call(stack, "POST", "/uploads", clerk, { year: YEAR, fileName, size: bytes.length });
  expect(issued.status).toBe(201);
  expect((await postToS3(issued.body, bytes, fileName)).status).toBe(204);
  await stack.settle();
  return issued.body.uploadId as string;
}

/** The operators' bulk path (`gongkai upload`): the file put under uploads/{department}/{year}/. */
async function uploadInBulk(bytes: Uint8Array, fileName: string): Promise<void> {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${DEPARTMENT}/${YEAR}/${fileName}`,
      Body: bytes,
    }),
  );
  await stack.settle();
}

/** The year's uploads as the desk lists them: file name → status. */
async function statuses(): Promise<Record<string, string>> {
  const listed = await call(stack, "GET", `/uploads?year=${YEAR}`, clerk);
  expect(listed.status).toBe(200);
  const uploads = listed.body.uploads as { fileName: string; status: string }[];
  return Object.fromEntries(uploads.map((upload) => [upload.fileName, upload.status]));
}

const show = async (uploadId: string) => (await call(stack, "GET", `/uploads/${uploadId}`, clerk)).body;

/** The file whose report the feed's report document shows now (null when none is published). */
async function publishedFile(): Promise<string | null> {
  const response = await fetch(`${stack.endpoints.feed}/v1/reports/${YEAR}/${DEPARTMENT}.json`);
  if (!response.ok) return null;
  const document = (await response.json()) as { source: { key: string } };
  return document.source.key.split("/").pop() ?? null;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-desk-now-"));
  stack = await startLocalStack({ home });
  cognito = cognitoClient(localConfig(stack.endpoints).aws);
  clerk = await clerkOf(stack, cognito, DEPARTMENT);
});

afterAll(async () => {
  cognito?.destroy();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("the desk's uploads against what is published now", () => {
  let first = "";
  let third = "";

  it("shows an upload published at the desk and then replaced by a newer bulk upload as superseded, with no report link", async () => {
    first = await uploadAtDesk(workbook(1036), "A-在填报台.xlsx");
    expect(await show(first)).toMatchObject({
      status: "published",
      feedPath: `v1/reports/${YEAR}/${DEPARTMENT}.json`,
    });
    await uploadInBulk(workbook(1777), "B-批量.xlsx");
    // The report document now shows B's numbers: a link from A would show them as A's.
    expect(await publishedFile()).toBe("B-批量.xlsx");
    expect(await statuses()).toEqual({ "B-批量.xlsx": "published", "A-在填报台.xlsx": "superseded" });
    const shown = await show(first);
    expect(shown).toMatchObject({ status: "superseded", feedPath: null, reportUrl: null, withdrawal: null });
    // The pipeline's record of A was not rewritten: the desk decided from the CURRENT pointer.
    const records = await stack.ports.uploads.listYear(DEPARTMENT, YEAR);
    expect(records.find((record) => record.fileName === "A-在填报台.xlsx")?.status).toBe("published");
  });

  it("shows the upload whose report the operator withdrew as withdrawn, and the older one still superseded", async () => {
    const withdrawn = await withdrawReport(stack.season, {
      department: DEPARTMENT,
      year: YEAR,
      reason: "报送单位申请撤回",
    });
    expect(withdrawn.ok).toBe(true);
    expect(await statuses()).toEqual({ "B-批量.xlsx": "withdrawn", "A-在填报台.xlsx": "superseded" });
    expect(await show(first)).toMatchObject({ status: "superseded", reportUrl: null });
  });

  it("shows a desk upload published after a withdrawal as published, and as withdrawn with the reason once it is withdrawn too", async () => {
    third = await uploadAtDesk(workbook(1036), "C-重新上传.xlsx");
    expect(await statuses()).toEqual({
      "C-重新上传.xlsx": "published",
      "B-批量.xlsx": "withdrawn",
      "A-在填报台.xlsx": "superseded",
    });
    const published = await show(third);
    expect(published).toMatchObject({ status: "published", withdrawal: null });
    expect(published.reportUrl).toBe(`${stack.endpoints.feed}/v1/reports/${YEAR}/${DEPARTMENT}.json`);
    expect(await publishedFile()).toBe("C-重新上传.xlsx");
    const reason = "数据口径有误，待核实后重报";
    expect((await withdrawReport(stack.season, { department: DEPARTMENT, year: YEAR, reason })).ok).toBe(
      true,
    );
    expect(await show(third)).toMatchObject({
      status: "withdrawn",
      feedPath: null,
      reportUrl: null,
      withdrawal: { reason, at: expect.any(String) },
    });
    expect((await statuses())["C-重新上传.xlsx"]).toBe("withdrawn");
  });
});
