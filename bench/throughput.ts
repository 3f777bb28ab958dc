import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { IngestOutcome } from "../functions/ingest/ingest-upload";
import { startLocalStack } from "../functions/local/stack";
import { nationalWorkbook } from "../test/fixtures/layouts/national-template";
import { county2023Tables, county2024Tables } from "../test/fixtures/reports/county-2021";
import { ceiling, type RequestFloor, requestFloor } from "./request-floor";
import { meter } from "./traffic";

/**
 * The local stack's throughput: 50 departments uploading at once (each a few reports of one year, in
 * turn, as a clerk correcting a file would), measured from the first PUT to the last outcome, with one
 * consumer and with several. Also what one upload costs: DynamoDB requests, and CPU time of this process
 * (the pipeline) and of the local servers' own. Checks every department's last upload is the one published.
 */
export async function benchThroughput(
  departments = 50,
  perDepartment = 4,
): Promise<Record<string, number | string>> {
  const results: Record<string, number | string> = {};
  for (const consumers of [1, 8]) {
    const figures = await run(departments, perDepartment, consumers);
    results[`${departments} departments × ${perDepartment} uploads, ${consumers} consumer(s) (goal ≥ 50/s)`] =
      `${figures.perSecond.toFixed(1)} uploads/s; ${figures.dynamodb.toFixed(0)} DynamoDB + ${figures.s3.toFixed(0)} S3 requests and ` +
      `${figures.cpuMs.toFixed(0)} + ${figures.serverCpuMs.toFixed(0)} ms CPU per upload (pipeline + servers); ` +
      `order ${figures.ordered ? "kept" : "BROKEN"}`;
    const { floor } = figures;
    results["one request's CPU, client + server: DynamoDB / S3"] =
      `${floor.dynamodbMs.toFixed(2)} / ${floor.s3Ms.toFixed(2)} ms`;
    results["ceiling at that request mix, requests alone, every core"] =
      `${ceiling(floor, figures.dynamodb, figures.s3).toFixed(1)} uploads/s`;
  }
  return results;
}

async function run(departments: number, perDepartment: number, consumers: number) {
  const home = await mkdtemp(join(tmpdir(), "gongkai-bench-throughput-"));
  const outcomes: IngestOutcome[] = [];
  const stack = await startLocalStack({ home, consumers, onOutcome: (outcome) => outcomes.push(outcome) });
  try {
    const ids = Array.from({ length: departments }, (_, i) => `tp-${String(i).padStart(3, "0")}`);
    await Promise.all(
      ids.map((id) =>
        stack.ports.departments.put({ id, name: `部门${id}`, emails: [`${id}@example.gov.cn`] }),
      ),
    );
    // Alternating versions, so the last one published is told apart from the others.
    const versions = [
      nationalWorkbook("2021", county2023Tables()),
      nationalWorkbook("2021", county2024Tables()),
    ];
    const traffic = meter(stack.clients);
    const cpu = process.cpuUsage();
    const serverCpu = await stack.serverCpuUsage();
    const started = performance.now();
    await Promise.all(
      ids.map(async (id) => {
        for (let n = 0; n < perDepartment; n++) {
          await stack.clients.s3.send(
            new PutObjectCommand({
              Bucket: stack.config.uploadsBucket,
              Key: `uploads/${id}/2024/report-${n}.xlsx`,
              Body: versions[n % 2],
            }),
          );
        }
      }),
    );
    await stack.settle();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const serverNow = await stack.serverCpuUsage();
    const serverMs = (serverNow.user - serverCpu.user + serverNow.system - serverCpu.system) / 1000;
    const count = departments * perDepartment;
    const published = outcomes.filter((outcome) => outcome.status === "published");
    const last = `report-${perDepartment - 1}.xlsx`;
    // Handled in S3's order per department: every upload published in turn, the last one current.
    const ordered =
      published.length === count &&
      (
        await Promise.all(
          ids.map(async (id) => (await stack.ports.versions.getCurrent(id, 2024))?.order ?? ""),
        )
      ).every((order, i) => {
        const mine = published.filter((outcome) => outcome.record.department === ids[i]);
        return mine.at(-1)?.record.order === order && mine.at(-1)?.record.fileName === last;
      });
    const figures = {
      perSecond: count / seconds,
      dynamodb: (traffic.dynamodb.reads + traffic.dynamodb.writes) / count,
      s3: (traffic.s3.reads + traffic.s3.writes) / count,
      cpuMs: (used.user + used.system) / 1000 / count,
      serverCpuMs: serverMs / count,
      ordered,
    };
    // Measured on the same stack once its uploads are done (and counted), so nothing competes for the cores.
    const floor: RequestFloor = await requestFloor(stack);
    return { ...figures, floor };
  } finally {
    await stack.stop();
    await rm(home, { recursive: true, force: true });
  }
}
