import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startLocalStack } from "../functions/local/stack";
import { nationalWorkbook } from "../test/fixtures/layouts/national-template";
import { county2024Tables } from "../test/fixtures/reports/county-2021";
import { benchPublishCost } from "./publish-cost";

/**
 * Pipeline figures on the local stack: uploads processed per second one at a time (S3 PUT → event →
 * handler → DynamoDB → feed → mail), and what one publish costs with 10 to 100,000 reports in its year
 * (`publish-cost.ts`; `--quick` stops at 10,000).
 */
export async function benchPipeline(quick = false): Promise<Record<string, number | string>> {
  const home = await mkdtemp(join(tmpdir(), "gongkai-bench-"));
  const stack = await startLocalStack({ home });
  const bytes = nationalWorkbook("2021", county2024Tables());
  const results: Record<string, number | string> = {};
  try {
    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      const id = `dept-${String(i).padStart(4, "0")}`;
      await stack.ports.departments.put({ id, name: `部门${i}`, emails: [`${id}@example.gov.cn`] });
      await stack.clients.s3.send(
        new PutObjectCommand({
          Bucket: stack.config.uploadsBucket,
          Key: `uploads/${id}/2024/r.xlsx`,
          Body: bytes,
        }),
      );
      await stack.settle();
    }
    results["uploads processed per second (local stack, serial)"] =
      Math.round((10 / ((performance.now() - started) / 1000)) * 10) / 10;
  } finally {
    await stack.stop();
    await rm(home, { recursive: true, force: true });
  }
  return { ...results, ...(await benchPublishCost(quick ? [10, 1_000, 10_000] : undefined)) };
}
