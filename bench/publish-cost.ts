import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { type LocalStack, startLocalStack } from "../functions/local/stack";
import { nationalWorkbook } from "../test/fixtures/layouts/national-template";
import { county2024Tables } from "../test/fixtures/reports/county-2021";
import { departmentId, prng, seedYear } from "./seed-year";
import { meter, type Traffic } from "./traffic";

/**
 * What one publish costs with 10, 1,000, 10,000 and 100,000 reports already in its year: DynamoDB and S3
 * requests and bytes on the wire, the median of a few publishes through the whole local stack (S3 PUT →
 * event → handler). The year of 10 is filled by real uploads; the larger ones are written straight into
 * the table (`seed-year.ts`). The goal: bytes flat within 20% from 10 to 100,000.
 */
export async function benchPublishCost(sizes = [10, 1_000, 10_000, 100_000], probes = 5) {
  const home = await mkdtemp(join(tmpdir(), "gongkai-bench-cost-"));
  // No catalogue timer: a rebuild landing in a probe would be counted as the publish's.
  const stack = await startLocalStack({ home, catalogueEvery: 0 });
  const traffic = meter(stack.clients);
  const random = prng(2025);
  const workbook = nationalWorkbook("2021", county2024Tables());
  const results: Record<string, number | string> = {};
  let base: number | null = null;
  try {
    for (const [i, size] of sizes.entries()) {
      const year = 2030 + i;
      const started = performance.now();
      if (size <= 50) {
        for (let k = 0; k < size; k++) await publish(stack, departmentId(random), year, workbook);
      } else {
        await seedYear(stack.ports, year, size, county2024Tables(), random);
      }
      const seeded = (performance.now() - started) / 1000;
      const samples: { dynamodb: Traffic; s3: Traffic }[] = [];
      for (let k = 0; k < probes; k++) {
        const id = departmentId(random);
        await stack.ports.departments.put({ id, name: `部门${id}`, emails: [`${id}@example.gov.cn`] });
        traffic.reset();
        await publish(stack, id, year, workbook, false);
        // The department's own PUT of its workbook is not the pipeline's cost.
        const s3 = {
          ...traffic.s3,
          writes: traffic.s3.writes - 1,
          bytesOut: traffic.s3.bytesOut - workbook.byteLength,
        };
        samples.push({ dynamodb: { ...traffic.dynamodb }, s3 });
      }
      const median = (pick: (sample: (typeof samples)[number]) => number) =>
        samples.map(pick).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const total = median((s) => s.dynamodb.bytesIn + s.dynamodb.bytesOut + s.s3.bytesIn + s.s3.bytesOut);
      base ??= total;
      const label = `publish with ${size.toLocaleString("en")} in the year`;
      results[`${label}: DynamoDB reads/writes`] =
        `${median((s) => s.dynamodb.reads)}/${median((s) => s.dynamodb.writes)}`;
      results[`${label}: DynamoDB KB read/written`] =
        `${kb(median((s) => s.dynamodb.bytesIn))} / ${kb(median((s) => s.dynamodb.bytesOut))}`;
      results[`${label}: S3 reads/writes`] = `${median((s) => s.s3.reads)}/${median((s) => s.s3.writes)}`;
      results[`${label}: S3 KB read/written`] =
        `${kb(median((s) => s.s3.bytesIn))} / ${kb(median((s) => s.s3.bytesOut))}`;
      results[`${label}: bytes in all (× the year of ${sizes[0]})`] =
        `${kb(total)} (${(total / base).toFixed(2)}×)`;
      results[`${label}: seeding took`] = `${seeded.toFixed(1)} s`;
    }
  } finally {
    await stack.stop();
    await rm(home, { recursive: true, force: true });
  }
  return results;
}

async function publish(stack: LocalStack, id: string, year: number, workbook: Uint8Array, register = true) {
  if (register)
    await stack.ports.departments.put({ id, name: `部门${id}`, emails: [`${id}@example.gov.cn`] });
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${id}/${year}/r.xlsx`,
      Body: workbook,
    }),
  );
  await stack.settle();
}
