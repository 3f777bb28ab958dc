import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startLocalStack } from "../functions/local/stack";
import { nationalWorkbook } from "../test/fixtures/layouts/national-template";
import { county2024Tables } from "../test/fixtures/reports/county-2021";

/**
 * Pipeline figures on the local stack: uploads processed per second (S3 PUT → event → handler →
 * DynamoDB → feed → mail), and the DynamoDB and S3 calls one publish costs with 10, 100 and 1,000
 * reports already published (it must stay flat).
 */
export async function benchPipeline(): Promise<Record<string, number | string>> {
  const home = await mkdtemp(join(tmpdir(), "gongkai-bench-"));
  const stack = await startLocalStack({ home });
  const calls = { dynamodb: { read: 0, write: 0 }, s3: { read: 0, write: 0 } };
  // Every call the adapters make goes through the clients' send: count them by command name.
  const count = (service: "dynamodb" | "s3", client: { send: (command: never) => Promise<unknown> }) => {
    const send = client.send.bind(client);
    client.send = (command: never) => {
      const name = (command as object).constructor.name;
      calls[service][/^(Get|Query|Scan|BatchGet|Head|List)/.test(name) ? "read" : "write"]++;
      return send(command);
    };
  };
  count("dynamodb", stack.clients.dynamodb as never);
  count("s3", stack.clients.s3 as never);
  const bytes = nationalWorkbook("2021", county2024Tables());
  const results: Record<string, number | string> = {};
  let published = 0;
  const publish = async (n: number) => {
    for (let i = 0; i < n; i++) {
      // The hardest case for "bounded": every report in the same year (1,000 departments in 2024).
      const id = `dept-${String(published).padStart(4, "0")}`;
      const year = 2024;
      await stack.ports.departments.put({
        id,
        name: `部门${published}`,
        emails: [`${id}@example.gov.cn`],
      });
      await stack.clients.s3.send(
        new PutObjectCommand({
          Bucket: stack.config.uploadsBucket,
          Key: `uploads/${id}/${year}/r.xlsx`,
          Body: bytes,
        }),
      );
      await stack.settle();
      published++;
    }
  };
  try {
    const started = performance.now();
    await publish(10);
    results["uploads processed per second (local stack, serial)"] =
      Math.round((10 / ((performance.now() - started) / 1000)) * 10) / 10;
    for (const target of [10, 100, 1000]) {
      await publish(target - published - 1);
      calls.dynamodb = { read: 0, write: 0 };
      calls.s3 = { read: 0, write: 0 };
      await publish(1);
      results[`one publish with ${target - 1} already published: DynamoDB reads/writes`] =
        `${calls.dynamodb.read}/${calls.dynamodb.write}`;
      results[`one publish with ${target - 1} already published: S3 reads/writes`] =
        `${calls.s3.read}/${calls.s3.write}`;
    }
  } finally {
    await stack.stop();
    await rm(home, { recursive: true, force: true });
  }
  return results;
}
