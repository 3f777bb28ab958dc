import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbortMultipartUploadCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng, seedYear } from "../../bench/seed-year";
import { MIN_PART_BYTES, S3FeedStore } from "../../functions/adapters/s3-stores";
import {
  CSV_BOM,
  csvHeader,
  csvRow,
  entriesInOrder,
  feedPaths,
  type ListingPage,
  levelOf,
  nextFeedIndex,
  type YearListed,
} from "../../functions/core/feed";
import { type CataloguePorts, rebuildCatalogue } from "../../functions/ingest/feed-catalogue";
import { aggregate } from "../../functions/ingest/ports";
import { update } from "../../functions/ingest/state-writes";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { formatById } from "../../schemas/formats";
import { county2024Tables } from "../fixtures/reports/county-2021";

/**
 * The catalogue job in bounded memory on the local stack: a year's CSV longer than one part of a multipart
 * upload is streamed, byte for byte the CSV made whole; the leaves are read a batch at a time, never more
 * held than the batch; a rebuild failing midway leaves the previous CSV and no upload behind.
 */

let stack: LocalStack;
let home: string;
/** A year whose CSV (12,000 rows of ~520 bytes) is longer than one 5 MiB part. */
const LARGE = 2071;
/** A year of a few dozen leaves. */
const SMALL = 2072;
/** A year with a leaf split that the level above does not list yet. */
const SPLIT = 2073;

/** The S3 calls made through the stack's client while `run` runs: each command's name and input. */
async function s3Calls<T>(
  run: () => Promise<T>,
): Promise<{ result: T; calls: [string, { Key?: string; UploadId?: string }][] }> {
  const calls: [string, { Key?: string; UploadId?: string }][] = [];
  const name = "catalogue-streaming-test-calls";
  stack.clients.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      calls.push([context.commandName ?? "", args.input as { Key?: string; UploadId?: string }]);
      return result;
    },
    { step: "initialize", name },
  );
  try {
    return { result: await run(), calls };
  } finally {
    stack.clients.s3.middlewareStack.remove(name);
  }
}

/** The year's CSV as the catalogue made it before it streamed: every leaf along the chain, then one text. */
async function csvMadeWhole(year: number): Promise<string> {
  const format = formatById("2021");
  const lines = [CSV_BOM + csvHeader(format)];
  let next: number | null = 0;
  while (next !== null) {
    const page = (await stack.ports.aggregates.get(aggregate.yearPage(year, next)))!
      .value as ListingPage<YearListed>;
    for (const listed of entriesInOrder(page)) lines.push(csvRow(format, listed.entry!, listed.cells!));
    next = page.next;
  }
  return lines.join("");
}

async function feedObject(key: string) {
  const object = await stack.clients.s3.send(
    new GetObjectCommand({ Bucket: stack.config.feedBucket, Key: key }),
  );
  return { object, bytes: await object.Body!.transformToByteArray() };
}

async function seedListedYear(year: number, count: number): Promise<void> {
  await seedYear(stack.ports, year, count, county2024Tables(), prng(year));
  await update(stack.ports, aggregate.feedIndex(), (state) =>
    nextFeedIndex(state, year, { reports: count, lastChanged: `${year}-01-10T08:00:00.000Z`, version: 1 }),
  );
}

/** The stack's ports, the feed written in parts of S3's smallest size. */
function smallParts(): CataloguePorts {
  return {
    ...stack.ports,
    feed: new S3FeedStore(stack.clients.s3, stack.config.feedBucket, { partBytes: MIN_PART_BYTES }),
  };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-catalogue-stream-"));
  stack = await startLocalStack({ home, catalogueEvery: 0 });
  await seedListedYear(LARGE, 12_000);
  await seedListedYear(SMALL, 600);
  await seedListedYear(SPLIT, 100);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("the catalogue job in bounded memory", () => {
  it("writes a year's CSV longer than one part as a multipart upload, byte for byte the CSV made whole", async () => {
    const { result: outcome, calls } = await s3Calls(() => rebuildCatalogue(smallParts()));
    const key = feedPaths.yearCsv(LARGE);
    const expected = new TextEncoder().encode(await csvMadeWhole(LARGE));
    expect(expected.byteLength).toBeGreaterThan(MIN_PART_BYTES);
    const csvCalls = calls.filter(([, input]) => input.Key === key).map(([name]) => name);
    expect(csvCalls[0]).toBe("CreateMultipartUploadCommand");
    expect(csvCalls.filter((name) => name === "UploadPartCommand")).toHaveLength(
      Math.ceil(expected.byteLength / MIN_PART_BYTES),
    );
    expect(csvCalls.at(-1)).toBe("CompleteMultipartUploadCommand");
    expect(csvCalls).not.toContain("PutObjectCommand");

    const { object, bytes } = await feedObject(key);
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
    expect(object.ContentType).toBe("text/csv; charset=utf-8");
    expect(object.CacheControl).toMatch(/^public, max-age=60/);
    expect(outcome.bytes[String(LARGE)]).toBe(expected.byteLength);
    expect(outcome.sha256[String(LARGE)]).toBe(createHash("sha256").update(expected).digest("hex"));
  }, 120_000);

  it("writes a CSV shorter than one part with one PutObject", async () => {
    await stack.ports.aggregates.delete(aggregate.catalogue());
    const { calls } = await s3Calls(() => rebuildCatalogue(smallParts()));
    const key = feedPaths.yearCsv(SMALL);
    expect(calls.filter(([, input]) => input.Key === key).map(([name]) => name)).toEqual([
      "PutObjectCommand",
    ]);
    const { bytes } = await feedObject(key);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe(await csvMadeWhole(SMALL));
  }, 120_000);

  it("never holds more leaves than its batch: each is read after the rows of all but the batch were written", async () => {
    const batch = 8;
    // Which leaf holds each department, as the leaves are read; which leaves' rows are all written.
    const leafOf = new Map<string, number>();
    const rowsLeft = new Map<number, number>();
    let mostHeld = 0;
    let leavesRead = 0;
    const read = (page: ListingPage<unknown> | undefined) => {
      if (!page || levelOf(page) > 0) return;
      leavesRead++;
      const ids = Object.keys(page.entries);
      for (const id of ids) leafOf.set(id, page.n);
      rowsLeft.set(page.n, ids.length);
      mostHeld = Math.max(mostHeld, [...rowsLeft.values()].filter((left) => left > 0).length);
    };
    const aggregates = stack.ports.aggregates;
    const observed: CataloguePorts = {
      ...stack.ports,
      aggregates: Object.assign(Object.create(aggregates), {
        get: async (id: Parameters<typeof aggregates.get>[0]) => {
          const item = await aggregates.get(id);
          if (id.kind === "yearPage" && id.year === SMALL) read(item?.value as ListingPage<unknown>);
          return item;
        },
        getMany: async (ids: Parameters<typeof aggregates.getMany>[0]) => {
          const items = await aggregates.getMany(ids);
          items.forEach((item, i) => {
            const id = ids[i]!;
            if (id.kind === "yearPage" && id.year === SMALL) read(item?.value as ListingPage<unknown>);
          });
          return items;
        },
      }),
      feed: Object.assign(Object.create(stack.ports.feed), {
        writeStream: (path: string, document: Parameters<typeof stack.ports.feed.writeStream>[1]) => {
          if (path !== feedPaths.yearCsv(SMALL)) return stack.ports.feed.writeStream(path, document);
          const decoder = new TextDecoder();
          async function* written() {
            for await (const chunk of document.body) {
              for (const line of decoder.decode(chunk, { stream: true }).split("\r\n")) {
                const leaf = leafOf.get(line.split(",")[0]!);
                if (leaf !== undefined) rowsLeft.set(leaf, rowsLeft.get(leaf)! - 1);
              }
              yield chunk;
            }
          }
          return stack.ports.feed.writeStream(path, { ...document, body: written() });
        },
      }),
    };
    await stack.ports.aggregates.delete(aggregate.catalogue());
    const outcome = await rebuildCatalogue(observed, { leafBatch: batch });
    expect(outcome.years).toContain(SMALL);
    // Every leaf read, every row written, and never more than the batch read ahead of the rows.
    expect(leavesRead).toBeGreaterThan(4 * batch);
    expect([...rowsLeft.values()].every((left) => left === 0)).toBe(true);
    expect(leafOf.size).toBe(600);
    expect(mostHeld).toBeLessThanOrEqual(batch);
  }, 120_000);

  it("reads a leaf split off that the level above does not list yet, in its place along the chain", async () => {
    // Leaf 2's upper half moved to a new page 9,000 linked after it, as a split does before its parent
    // is told.
    const id = aggregate.yearPage(SPLIT, 2);
    const stored = (await stack.ports.aggregates.get(id))!;
    const leaf = stored.value as ListingPage<YearListed>;
    const keys = Object.keys(leaf.entries).sort();
    const half = keys.slice(Math.ceil(keys.length / 2));
    const split: ListingPage<YearListed> = {
      ...leaf,
      n: 9_000,
      lower: half[0]!,
      entries: Object.fromEntries(half.map((key) => [key, leaf.entries[key]!])),
    };
    await stack.ports.aggregates.put(aggregate.yearPage(SPLIT, 9_000), split, null);
    const kept = Object.fromEntries(
      keys.filter((key) => !half.includes(key)).map((key) => [key, leaf.entries[key]!]),
    );
    await stack.ports.aggregates.put(
      id,
      { ...leaf, entries: kept, upper: half[0]!, next: 9_000 },
      stored.version,
    );
    await stack.ports.aggregates.delete(aggregate.catalogue());

    const outcome = await rebuildCatalogue(stack.ports, { leafBatch: 2 });
    const { bytes } = await feedObject(feedPaths.yearCsv(SPLIT));
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text).toBe(await csvMadeWhole(SPLIT));
    expect(text.trimEnd().split("\r\n")).toHaveLength(101);
    expect(outcome.bytes[String(SPLIT)]).toBe(bytes.byteLength);
  }, 120_000);

  it("leaves the previous CSV in place and aborts its upload when a rebuild fails midway", async () => {
    const key = feedPaths.yearCsv(LARGE);
    const before = (await feedObject(key)).bytes;
    const aggregates = stack.ports.aggregates;
    let leavesRead = 0;
    const failing: CataloguePorts = {
      ...smallParts(),
      aggregates: Object.assign(Object.create(aggregates), {
        getMany: async (ids: Parameters<typeof aggregates.getMany>[0]) => {
          // The table fails once 1,000 of the year's ~1,090 leaves are read: its first part has gone.
          if (leavesRead >= 1_000) throw new Error("injected: the table failed");
          const items = await aggregates.getMany(ids);
          leavesRead += items.filter((item, i) => {
            const id = ids[i]!;
            return (
              id.kind === "yearPage" &&
              id.year === LARGE &&
              item &&
              levelOf(item.value as ListingPage<unknown>) === 0
            );
          }).length;
          return items;
        },
      }),
    };
    await stack.ports.aggregates.delete(aggregate.catalogue());
    const { result, calls } = await s3Calls(() =>
      rebuildCatalogue(failing).then(
        () => null,
        (error: Error) => error,
      ),
    );
    expect(result?.message).toBe("injected: the table failed");
    const csvCalls = calls.filter(([, input]) => input.Key === key);
    expect(csvCalls.map(([name]) => name)).toContain("UploadPartCommand");
    expect(csvCalls.at(-1)![0]).toBe("AbortMultipartUploadCommand");
    expect(csvCalls.map(([name]) => name)).not.toContain("CompleteMultipartUploadCommand");
    // The upload is gone: aborting it again is refused as S3 refuses an upload it does not hold.
    const uploadId = csvCalls.at(-1)![1].UploadId;
    await expect(
      stack.clients.s3.send(
        new AbortMultipartUploadCommand({ Bucket: stack.config.feedBucket, Key: key, UploadId: uploadId }),
      ),
    ).rejects.toMatchObject({ name: "NoSuchUpload" });
    expect(Buffer.from((await feedObject(key)).bytes).equals(Buffer.from(before))).toBe(true);
    // Nothing recorded as built: the next run builds the year again.
    expect((await rebuildCatalogue(smallParts())).years).toContain(LARGE);
  }, 120_000);
});
