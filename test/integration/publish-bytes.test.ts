import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { departmentId, prng, seedYear } from "../../bench/seed-year";
import { meter } from "../../bench/traffic";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/**
 * What one publish costs on the wire, through the real local servers and SDK clients, in a year seeded
 * straight into the table with few reports and with many: the bytes must not grow with the year.
 */

let stack: LocalStack;
let traffic: ReturnType<typeof meter>;
let home: string;
const random = prng(13);
const workbook = nationalWorkbook("2021", county2024Tables());

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-publish-bytes-"));
  // No catalogue timer: its rebuilds would be counted with the publishes.
  stack = await startLocalStack({ home, catalogueEvery: 0 });
  traffic = meter(stack.clients);
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

/** The median bytes (DynamoDB and S3, both ways) and requests of a few publishes into the year. */
async function publishCost(year: number, probes = 3) {
  const samples: { bytes: number; requests: number }[] = [];
  for (let k = 0; k < probes; k++) {
    const id = departmentId(random);
    await stack.ports.departments.put({ id, name: `部门${id}`, emails: [`${id}@example.gov.cn`] });
    traffic.reset();
    await publish(id, year);
    const { dynamodb, s3 } = traffic;
    samples.push({
      // The department's own PUT of its workbook is not the pipeline's cost.
      bytes: dynamodb.bytesIn + dynamodb.bytesOut + s3.bytesIn + s3.bytesOut - workbook.byteLength,
      requests: dynamodb.reads + dynamodb.writes + s3.reads + s3.writes - 1,
    });
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    bytes: median(samples.map((sample) => sample.bytes)),
    requests: median(samples.map((sample) => sample.requests)),
  };
}

async function publish(id: string, year: number): Promise<void> {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${id}/${year}/r.xlsx`,
      Body: workbook,
    }),
  );
  await stack.settle();
}

describe("a publish's cost", () => {
  it("does not grow in bytes with the reports already in its year (10 against 3,000)", async () => {
    await seedYear(stack.ports, 2061, 10, county2024Tables(), random);
    await seedYear(stack.ports, 2062, 3_000, county2024Tables(), random);
    const few = await publishCost(2061);
    const many = await publishCost(2062);
    // The listing of 3,000 is a tree three pages deep: a leaf like the 10's, and two small pages above.
    expect(many.bytes, `${many.bytes} bytes against ${few.bytes}`).toBeLessThanOrEqual(few.bytes * 1.2);
    expect(many.requests).toBeLessThanOrEqual(few.requests + 12);
  }, 120_000);

  it("rebuilds a large year's CSV from the leaves of its tree, every report once and in order", async () => {
    const ids = await seedYear(stack.ports, 2063, 700, county2024Tables(), random);
    // A publish moves the year's line in the index: what the catalogue rebuilds a year on.
    const id = departmentId(random);
    await stack.ports.departments.put({ id, name: `部门${id}`, emails: [`${id}@example.gov.cn`] });
    await publish(id, 2063);
    const outcome = await stack.catalogue();
    expect(outcome.years).toContain(2063);
    const csv = await stack.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.config.feedBucket, Key: "v1/years/2063.csv" }),
    );
    const lines = (await csv.Body!.transformToString()).trim().split("\n").slice(1);
    const listed = lines.map((line) => line.split(",")[0]);
    const unique = [...new Set([...ids, id])].sort();
    expect(listed).toHaveLength(unique.length);
    expect(listed).toEqual(unique);
  }, 120_000);
});
