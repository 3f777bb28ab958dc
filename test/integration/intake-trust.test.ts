import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processBatch } from "../../functions/ingest/process-batch";
import type { S3EventRecord } from "../../functions/local/servers";
import { type LocalStack, sqsEnvelope, startLocalStack } from "../../functions/local/stack";
import { uploadKey } from "../../functions/storage-layout";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/**
 * The intake trusts S3, not the message: whoever may send to the queue can write anything that looks like
 * an S3 event, and nothing published may change by it. Real local servers, the real batch handler.
 */

let stack: LocalStack;
let home: string;
const DEPARTMENT = "trust-a";

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-intake-"));
  stack = await startLocalStack({ home });
  await stack.ports.departments.put({ id: DEPARTMENT, name: "某局", emails: ["trust@example.gov.cn"] });
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads a 2024 report whose licensing decisions are `decisions`, and returns S3's event for it. */
async function upload(file: string, decisions: number): Promise<S3EventRecord> {
  const tables = county2024Tables();
  tables.proactive.licensing!.decisions = decisions;
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: uploadKey(DEPARTMENT, 2024, file),
      Body: nationalWorkbook("2021", tables),
    }),
  );
  await stack.settle();
  return stack.events.at(-1)!;
}

async function published(): Promise<number> {
  const response = await fetch(`${stack.endpoints.feed}/v1/reports/2024/${DEPARTMENT}.json`);
  return ((await response.json()) as { tables: { proactive: { licensing: { decisions: number } } } }).tables
    .proactive.licensing.decisions;
}

/** Sends a message through the batch handler as the queue would deliver it. */
async function deliver(record: S3EventRecord): Promise<void> {
  expect((await processBatch(stack.ports, sqsEnvelope(record))).batchItemFailures).toEqual([]);
}

const refusals = () => stack.ports.refusals.list(new Date().toISOString().slice(0, 7));

describe("the intake", () => {
  let older: S3EventRecord;

  it("orders a department's uploads by what S3 says of them", async () => {
    older = await upload("first.xlsx", 101);
    await sleep(1100);
    await upload("second.xlsx", 202);
    expect(await published()).toBe(202);
  });

  it("changes nothing published for a replayed older event that claims to be from 2099", async () => {
    const records = (await stack.ports.uploads.listYear(DEPARTMENT, 2024)).length;
    const forged = structuredClone(older);
    forged.eventTime = "2099-01-01T00:00:00.000Z";
    await deliver(forged);
    forged.s3.object.sequencer = "F".repeat(32);
    await deliver(forged);
    expect(await published()).toBe(202);
    const after = await stack.ports.uploads.listYear(DEPARTMENT, 2024);
    expect(after.filter((record) => record.status === "published").at(-1)?.fileName).toBe("second.xlsx");
    expect(after.length).toBeLessThanOrEqual(records + 1);
    expect(after.every((record) => !record.uploadedAt.startsWith("2099"))).toBe(true);
  });

  it("is not frozen by a forged message: the next real upload is published", async () => {
    await sleep(1100);
    await upload("third.xlsx", 303);
    expect(await published()).toBe(303);
  });

  it("refuses and records a message naming another bucket, an object S3 does not hold, or a version it never wrote", async () => {
    const before = (await refusals()).length;
    const foreign = structuredClone(older);
    foreign.s3.bucket = {
      ...foreign.s3.bucket,
      name: "someone-elses-bucket",
      arn: "arn:aws:s3:::someone-elses-bucket",
    };
    await deliver(foreign);
    const missing = structuredClone(older);
    missing.s3.object.key = `uploads/${DEPARTMENT}/2024/never-uploaded.xlsx`;
    await deliver(missing);
    const version = structuredClone(older);
    version.s3.object.versionId = "forged-version";
    await deliver(version);
    const garbled = structuredClone(older);
    garbled.s3.object.sequencer = "not-hex";
    await deliver(garbled);
    const recorded = (await refusals()).slice(before);
    expect(recorded.map((refusal) => refusal.reason).sort()).toEqual([
      "foreign_bucket",
      "malformed_sequencer",
      "no_such_object",
      "no_such_object",
    ]);
    expect(recorded.find((refusal) => refusal.reason === "foreign_bucket")).toMatchObject({
      bucket: "someone-elses-bucket",
      key: `uploads/${DEPARTMENT}/2024/first.xlsx`,
    });
    expect(await published()).toBe(303);
    const keys = (await stack.ports.uploads.listYear(DEPARTMENT, 2024)).map((record) => record.key);
    expect(keys).not.toContain(`uploads/${DEPARTMENT}/2024/never-uploaded.xlsx`);
  });
});
