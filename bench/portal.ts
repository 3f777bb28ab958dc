import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { feedPaths, nextFeedIndex, serializeDocument } from "../functions/core/feed";
import { rebuildCatalogue } from "../functions/ingest/feed-catalogue";
import { revisionDocuments } from "../functions/ingest/feed-documents";
import { aggregate } from "../functions/ingest/ports";
import { update } from "../functions/ingest/state-writes";
import { type LocalStack, startLocalStack } from "../functions/local/stack";
import { FORMATS } from "../schemas/formats";
import { county2024Tables } from "../test/fixtures/reports/county-2021";
import { benchPortalRender } from "./portal-render";
import { prng, seedYear } from "./seed-year";

const YEAR = 2024;

/**
 * The portal kit's documents and their cost: the sizes of the format documents, of `departments.json` and of
 * a year's CSV at 1,000 reports (raw and gzipped, as CloudFront sends them), and how long the catalogue's
 * full rebuild (the year's CSV and the department list, after a change) takes with 1,000 and 10,000
 * reports in the year on the local stack (dynalite and s3rver; DynamoDB and S3 answer faster), median;
 * at 1,000 reports also the year's documents and the portal's first render (`portal-render.ts`).
 */
export async function benchPortal(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  const formats = new Set(FORMATS.map((format) => feedPaths.format(format.id)));
  for (const [path, doc] of await revisionDocuments("https://feed.example.gov.cn")) {
    if (!formats.has(path)) continue;
    figures[`${path}: bytes (gzip)`] = sizes(serializeDocument(doc).body);
  }
  for (const [count, runs] of [
    [1_000, 5],
    [10_000, 3],
  ] as const) {
    const home = await mkdtemp(join(tmpdir(), "gongkai-bench-portal-"));
    // No timer: the rebuilds measured are the only ones.
    const stack = await startLocalStack({ home, catalogueEvery: 0 });
    try {
      await seedRegisteredYear(stack, count);
      const samples: number[] = [];
      for (let run = 0; run < runs; run++) {
        // Forget what the last run built, so each rebuilds the year and the list.
        await stack.ports.aggregates.delete(aggregate.catalogue());
        const started = performance.now();
        const outcome = await rebuildCatalogue(stack.ports);
        samples.push(performance.now() - started);
        if (outcome.years.length !== 1 || outcome.departments === "not_due") {
          throw new Error(`bench: the rebuild built ${JSON.stringify(outcome)}`);
        }
      }
      const idle = performance.now();
      await rebuildCatalogue(stack.ports);
      figures[
        `catalogue rebuild, ${count.toLocaleString("en")} reports: year CSV + departments (median ms)`
      ] = Math.round(samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!);
      figures[`catalogue run with nothing changed, ${count.toLocaleString("en")} reports (ms)`] = Math.round(
        performance.now() - idle,
      );
      if (count === 1_000) {
        figures[`${feedPaths.departments}, 1,000 departments: bytes (gzip)`] = sizes(
          await read(stack, feedPaths.departments),
        );
        figures[`${feedPaths.yearCsv(YEAR)}, 1,000 reports: bytes (gzip)`] = sizes(
          await read(stack, feedPaths.yearCsv(YEAR)),
        );
        Object.assign(figures, await benchPortalRender(stack, YEAR, count));
      }
    } finally {
      await stack.stop();
      await rm(home, { recursive: true, force: true });
    }
  }
  return figures;
}

/** A year of `count` reports straight into the table, each department registered, and the index's line. */
async function seedRegisteredYear(stack: LocalStack, count: number): Promise<void> {
  const ids = await seedYear(stack.ports, YEAR, count, county2024Tables(), prng(2025));
  for (let i = 0; i < ids.length; i += 32) {
    await Promise.all(
      ids
        .slice(i, i + 32)
        .map((id) =>
          stack.ports.departments.put({ id, name: `部门${id.slice(2)}`, emails: [`${id}@example.gov.cn`] }),
        ),
    );
  }
  await update(stack.ports, aggregate.feedIndex(), (state) =>
    nextFeedIndex(state, YEAR, { reports: count, lastChanged: "2025-01-10T08:00:00.000Z", version: 1 }),
  );
}

async function read(stack: LocalStack, key: string): Promise<Uint8Array> {
  const object = await stack.clients.s3.send(
    new GetObjectCommand({ Bucket: stack.config.feedBucket, Key: key }),
  );
  return object.Body!.transformToByteArray();
}

/** `123,456 (12,345)`: the bytes, and gzipped. */
function sizes(body: Uint8Array | string): string {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  return `${bytes.byteLength.toLocaleString("en")} (${gzipSync(bytes).byteLength.toLocaleString("en")})`;
}
