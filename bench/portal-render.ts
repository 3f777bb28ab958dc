import { gzipSync } from "node:zlib";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { chromium } from "playwright-core";
import {
  childrenInOrder,
  feedPaths,
  type InnerPage,
  type ListingPage,
  levelOf,
  serializeDocument,
} from "../functions/core/feed";
import {
  writeIndexDocument,
  writeYearDocuments,
  yearPageDocuments,
} from "../functions/ingest/feed-documents";
import { listingRoot } from "../functions/ingest/listing-pages";
import { aggregate } from "../functions/ingest/ports";
import type { LocalStack } from "../functions/local/stack";
import { median } from "./bundle";

const CHROMIUM = process.env.GONGKAI_CHROMIUM ?? "/usr/bin/chromium";
const RUNS = 7;

/**
 * The portal's first render of a seeded year in headless Chromium (Debian's, as the browser tests use):
 * the year's documents written by the pipeline's own code from the seeded listing, then the portal
 * opened at the year in a fresh context each run (nothing cached), timed from navigation to the overview
 * heading and to the table holding every report. The local feed server answers on this machine, so the
 * figures are the page's own work (parsing, rendering, charts) plus the local fetches, not a network's.
 */
export async function benchPortalRender(
  stack: LocalStack,
  year: number,
  count: number,
): Promise<Record<string, number | string>> {
  const pages = await writeSeededPages(stack, year);
  await writeYearDocuments(stack.ports, year, null);
  await writeIndexDocument(stack.ports);

  const figures: Record<string, number | string> = {};
  const yearDoc = await read(stack, feedPaths.year(year));
  figures[`${feedPaths.year(year)}, ${count.toLocaleString("en")} reports: bytes (gzip)`] = sizes(yearDoc);
  if (pages.count > 1) {
    figures[`  its ${pages.count} listing pages (leaves and above) together: bytes (gzip)`] =
      `${pages.bytes.toLocaleString("en")} (${pages.gzipped.toLocaleString("en")})`;
  }
  figures[`${feedPaths.summary(year)}: bytes (gzip)`] = sizes(await read(stack, feedPaths.summary(year)));

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const url = `${stack.endpoints.feed}/#/year/${year}`;
    // The local stack builds the portal on its first request: not part of a reader's render.
    await fetch(`${stack.endpoints.feed}/portal.js`);
    const overview: number[] = [];
    const table: number[] = [];
    const fetched: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole("heading", { name: `${year} 年度概况` }).waitFor();
      const shown = (await page.evaluate("performance.now()")) as number;
      await page.getByText(`显示 ${count} / ${count}`).waitFor();
      await page
        .locator("table.reports tbody tr")
        .nth(count - 1)
        .waitFor();
      const rendered = (await page.evaluate("performance.now()")) as number;
      // When the last feed document the page asked for had arrived: the rest is the page's own work.
      const lastDocument = (await page.evaluate(
        `Math.max(...performance.getEntriesByType("resource").filter((entry) => entry.name.includes("/v1/")).map((entry) => entry.responseEnd))`,
      )) as number;
      if (run > 0) {
        // The first run warms Chromium itself (its caches of fonts and code), as a reader's browser is.
        overview.push(shown);
        table.push(rendered);
        fetched.push(lastDocument);
      }
      await context.close();
    }
    const round = (ms: number) => Math.round(ms);
    figures[`portal first render, ${count.toLocaleString("en")} reports: overview shown (median ms)`] = round(
      median(overview),
    );
    figures[
      `portal first render, ${count.toLocaleString("en")} reports: every row in the table (median ms)`
    ] =
      `${round(median(table))} (min ${round(Math.min(...table))}, max ${round(Math.max(...table))}, ${RUNS} runs)`;
    figures["  of which: until the last feed document arrived / the page's own work after it (median ms)"] =
      `${round(median(fetched))} / ${round(median(table.map((ms, i) => ms - fetched[i]!)))}`;
  } finally {
    await browser.close();
  }
  return figures;
}

async function read(stack: LocalStack, key: string): Promise<Uint8Array> {
  const object = await stack.clients.s3.send(
    new GetObjectCommand({ Bucket: stack.config.feedBucket, Key: key }),
  );
  return object.Body!.transformToByteArray();
}

/** `123,456 (12,345)`: the bytes, and gzipped. */
function sizes(bytes: Uint8Array): string {
  return `${bytes.byteLength.toLocaleString("en")} (${gzipSync(bytes).byteLength.toLocaleString("en")})`;
}

/**
 * The documents of every page of a seeded year's listing tree, as the publishes that built it would have
 * left them (seeding writes the table only): read down from the root, a level at a time.
 */
async function writeSeededPages(
  stack: LocalStack,
  year: number,
): Promise<{ count: number; bytes: number; gzipped: number }> {
  const written = { count: 0, bytes: 0, gzipped: 0 };
  const head = await stack.ports.aggregates.get(aggregate.yearDirectory(year));
  if (!head) return written;
  const documents = yearPageDocuments(year);
  let level: ListingPage<unknown>[] = [
    (await listingRoot(stack.ports, { kind: "year", year }, head.value)).value,
  ];
  while (level.length > 0) {
    for (const page of level) {
      for (const [path, doc] of documents(page)) {
        const serialized = serializeDocument(doc);
        await stack.ports.feed.write(path, serialized);
        const body = new TextEncoder().encode(serialized.body);
        written.count++;
        written.bytes += body.byteLength;
        written.gzipped += gzipSync(body).byteLength;
      }
    }
    if (levelOf(level[0]!) === 0) return written;
    const below = level.flatMap((page) => childrenInOrder(page as InnerPage).map((child) => child.n));
    const read = await stack.ports.aggregates.getMany(below.map((n) => aggregate.yearPage(year, n)));
    level = read.flatMap((item) => (item ? [item.value as ListingPage<unknown>] : []));
  }
  return written;
}
