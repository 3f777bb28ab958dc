import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { buildDeskPage, type DeskFile } from "../web/desk/build";
import { median } from "./bundle";

/**
 * The desk page's figures: validating the seed workbook in headless Chromium with the page's own core
 * chunk (the bytes it ships, imported as the page imports it), and the page's size gzipped — what a clerk
 * downloads before signing in, the core chunk loaded after, and both together. Chromium is Debian's
 * (`$GONGKAI_CHROMIUM`, else /usr/bin/chromium), as the browser tests use.
 *
 * Goals: validate < 150 ms (median), the page < 400 KB gzipped.
 */
export const VALIDATE_GOAL_MS = 150;
export const PAGE_GOAL_BYTES = 400 * 1024;
const ROUNDS = 50;
const CHROMIUM = process.env.GONGKAI_CHROMIUM ?? "/usr/bin/chromium";

/** Gzipped at zlib's default level, about what CloudFront sends (it compresses on the fly). */
const gzipped = (files: readonly DeskFile[]) =>
  files.reduce((sum, file) => sum + gzipSync(file.bytes).length, 0);

export async function benchDeskPage(): Promise<Record<string, number | string>> {
  const files = await buildDeskPage();
  const shipped = files.filter((file) => /\.(js|css|html)$/.test(file.path));
  const core = shipped.filter((file) => file.path.startsWith("chunks/core-"));
  const before = shipped.filter((file) => !core.includes(file));
  const total = gzipped(shipped);

  const seed = await readFile(join(import.meta.dirname, "..", "examples", "nx-office-2019.xlsx"));
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").slice(1) || "index.html";
    const file = path === "bench.html" ? null : files.find((candidate) => candidate.path === path);
    if (path === "bench.html") {
      response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>bench</title>");
    } else if (path === "seed.xlsx") {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(seed);
    } else if (file) {
      response.writeHead(200, { "content-type": file.contentType }).end(file.bytes);
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/bench.html`);
    // Run in the page as a string: this file is type-checked without the DOM's types.
    const timings = (await page.evaluate(`(async () => {
      const core = await import(${JSON.stringify(`/${core[0]!.path}`)});
      const bytes = new Uint8Array(await (await fetch("/seed.xlsx")).arrayBuffer());
      const time = async () => {
        const started = performance.now();
        const validation = await core.validateUpload(bytes, { year: 2019 });
        if (validation.kind !== "workbook") throw new Error("the seed did not read as a workbook");
        return performance.now() - started;
      };
      const first = await time();
      for (let i = 0; i < 5; i++) await time();
      const samples = [];
      for (let i = 0; i < ${ROUNDS}; i++) samples.push(await time());
      return { first, samples };
    })()`)) as { first: number; samples: number[] };
    const validated = median(timings.samples);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
    return {
      "desk.chromium.validate-seed.median.ms": round(validated),
      "desk.chromium.validate-seed.first.ms": round(timings.first),
      "desk.chromium.validate-seed.goal": `${VALIDATE_GOAL_MS} ms: ${validated < VALIDATE_GOAL_MS ? "met" : "not met"}`,
      "desk.page.gzip.kB (html, css, js)": kb(total),
      "desk.page.before-core.gzip.kB": kb(gzipped(before)),
      "desk.page.core-chunk.gzip.kB": kb(gzipped(core)),
      "desk.page.minified.kB": kb(shipped.reduce((sum, file) => sum + file.bytes.length, 0)),
      "desk.page.goal": `${PAGE_GOAL_BYTES / 1024} KB: ${total < PAGE_GOAL_BYTES ? "met" : "not met"}`,
    };
  } finally {
    await browser.close();
    server.close();
  }
}
