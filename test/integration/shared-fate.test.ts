import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsClients, destroyClients } from "../../functions/adapters/aws-clients";
import { batchLimits } from "../../functions/ingest/ingest-limits";
import type { IngestPorts, ObjectStore } from "../../functions/ingest/ports";
import { MessageDeadlineExceeded, processBatch } from "../../functions/ingest/process-batch";
import { type LocalStack, sqsEnvelope, startLocalStack } from "../../functions/local/stack";
import { uploadKey } from "../../functions/storage-layout";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/** One slow upload and its neighbours in a batch, and clients facing a server that never answers. */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-fate-"));
  stack = await startLocalStack({ home, deliver: false });
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

/** Uploads one workbook per department; the batch of their events, as SQS hands it to the function. */
async function batchOf(departments: string[]): Promise<SQSEvent> {
  const records = [];
  for (const department of departments) {
    await stack.ports.departments.put({
      id: department,
      name: department,
      emails: [`${department}@example.gov.cn`],
    });
    await stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.config.uploadsBucket,
        Key: uploadKey(department, 2024, "r.xlsx"),
        Body: nationalWorkbook("2021", county2024Tables()),
      }),
    );
    records.push(...sqsEnvelope(stack.events.at(-1)!).Records);
  }
  return { Records: records };
}

/** The S3 store, but reading `department`'s upload hangs (a stalled connection, say) until released. */
function stalling(objects: ObjectStore, department: string): { objects: ObjectStore; release(): void } {
  let release = () => {};
  const stalled = new Promise<void>((resolve) => (release = resolve));
  return {
    release: () => release(),
    objects: {
      inspect: (k, v) => objects.inspect(k, v),
      read: async (k, v, max) => {
        if (k.startsWith(`uploads/${department}/`)) await stalled;
        return objects.read(k, v, max);
      },
      keepOriginal: (...args) => objects.keepOriginal(...args),
      keepOversize: (...args) => objects.keepOversize(...args),
      keepAnnotated: (...args) => objects.keepAnnotated(...args),
      readObject: (k) => objects.readObject(k),
    },
  };
}

describe("processBatch with a deadline", () => {
  it("reports only a slow upload as failed, and its neighbours' outcomes stand, well before the timeout", async () => {
    const batch = await batchOf(["fate-slow", "fate-a", "fate-b"]);
    const slow = stalling(stack.ports.objects, "fate-slow");
    const ports: IngestPorts = { ...stack.ports, objects: slow.objects };
    const failures: unknown[] = [];
    const started = Date.now();
    // One message at a time, the slow one first: the worst order for its neighbours.
    const response = await processBatch(
      ports,
      batch,
      { outcome: () => {}, failure: (_, error) => failures.push(error) },
      { deadlineAt: started + 20_000, messageBudgetMs: 4_000, concurrency: 1 },
    );
    const elapsed = Date.now() - started;
    slow.release();
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: batch.Records[0]!.messageId }]);
    expect(failures).toEqual([expect.any(MessageDeadlineExceeded)]);
    expect(elapsed).toBeLessThan(20_000);
    for (const department of ["fate-a", "fate-b"]) {
      const [record] = await stack.ports.uploads.list(department);
      expect(record?.status, department).toBe("published");
    }
  });

  it("reports messages it had no time to start as failed, so the batch answers by its deadline", async () => {
    const batch = await batchOf(["fate-stuck", "fate-late"]);
    const stuck = stalling(stack.ports.objects, "fate-stuck");
    const started = Date.now();
    const response = await processBatch({ ...stack.ports, objects: stuck.objects }, batch, undefined, {
      deadlineAt: started + 1_000,
      concurrency: 1,
    });
    stuck.release();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      batch.Records.map((record) => record.messageId),
    );
  });

  it("paces the Lambda's batch below its timeout, one message at most 60% of it, two at once", () => {
    expect(batchLimits(60_000, 0)).toEqual({ deadlineAt: 54_000, messageBudgetMs: 32_400, concurrency: 2 });
    expect(batchLimits(10_000, 0).deadlineAt).toBe(5_000);
  });
});

describe("the SDK clients", () => {
  let server: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts every connection and never says a word.
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it("give up on a server that accepts the connection and never answers", async () => {
    const { port } = server.address() as { port: number };
    const clients = awsClients({
      region: "us-east-1",
      credentials: { accessKeyId: "k", secretAccessKey: "s" },
      endpoints: { s3: `http://127.0.0.1:${port}` },
      timeouts: { connectionMs: 300, requestMs: 300 },
    });
    const started = Date.now();
    try {
      await expect(clients.s3.send(new HeadObjectCommand({ Bucket: "b", Key: "k" }))).rejects.toThrow();
    } finally {
      destroyClients(clients);
    }
    // Three attempts of 300 ms and the SDK's backoff between them; without a timeout it waits for ever.
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 15_000);
});
