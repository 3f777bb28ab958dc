import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nextFeedIndex } from "../functions/core/feed";
import { aggregate } from "../functions/ingest/ports";
import { update } from "../functions/ingest/state-writes";
import { startLocalStack } from "../functions/local/stack";
import { county2024Tables } from "../test/fixtures/reports/county-2021";
import { prng, seedYear } from "./seed-year";

const YEAR = 2024;
/** The old-space limit of the capped run (`--max-old-space-size`). */
const CAPPED_HEAP_MB = 96;

/**
 * The catalogue job at a large year: one full rebuild (the year's CSV and the department list) on the local
 * stack, run in a fresh process through the Lambda's own composition (`catalogue-peak.ts`), its time and
 * the process's peak RSS (the Lambda has 1 GB), at 20,000 and 200,000 reports (`--quick`: 20,000), each
 * report's department registered; then the year's CSV alone, and again in a 96 MB heap.
 */
export async function benchCatalogue(quick = false): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  for (const count of quick ? [20_000] : [20_000, 200_000]) {
    const home = await mkdtemp(join(tmpdir(), "gongkai-bench-catalogue-"));
    const stack = await startLocalStack({ home, catalogueEvery: 0 });
    try {
      const seeding = performance.now();
      const ids = await seedYear(stack.ports, YEAR, count, county2024Tables(), prng(2026));
      for (let i = 0; i < ids.length; i += 32) {
        await Promise.all(
          ids.slice(i, i + 32).map((id) =>
            stack.ports.departments.put({
              id,
              name: `部门${id.slice(2)}`,
              emails: [`${id}@example.gov.cn`],
            }),
          ),
        );
      }
      await update(stack.ports, aggregate.feedIndex(), (state) =>
        nextFeedIndex(state, YEAR, { reports: count, lastChanged: "2025-01-10T08:00:00.000Z", version: 1 }),
      );
      const label = `${count.toLocaleString("en")} reports`;
      figures[`${label}: seeding the year and the registry (s)`] =
        Math.round((performance.now() - seeding) / 100) / 10;
      const rebuild = (mode: "all" | "csv", heapMb?: number) => {
        const child = spawnSync(
          process.execPath,
          [
            ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
            "--import",
            "tsx",
            join(import.meta.dirname, "catalogue-peak.ts"),
            JSON.stringify(stack.endpoints),
            mode,
          ],
          { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
        );
        const line = child.stdout.trim().split("\n").pop() ?? "";
        if (child.status !== 0 || !line.startsWith("{")) {
          if (heapMb && /heap out of memory/i.test(child.stderr)) return null;
          throw new Error(`bench: the rebuild failed: ${child.stderr.slice(-2000)}`);
        }
        return JSON.parse(line) as {
          ms: number;
          peakKb: number;
          growthKb: number;
          outcome: { bytes: Record<string, number>; pagesRead: number };
        };
      };
      const all = rebuild("all")!;
      figures[`${label}: rebuild, year CSV + departments (s)`] = Math.round(all.ms / 100) / 10;
      figures[`${label}: rebuild, peak RSS of the process (MB)`] = Math.round(all.peakKb / 1024);
      figures[`${label}: rebuild, peak RSS growth (MB)`] = Math.round(all.growthKb / 1024);
      figures[`${label}: CSV bytes, listing pages read`] =
        `${(all.outcome.bytes[String(YEAR)] ?? 0).toLocaleString("en")}, ${all.outcome.pagesRead.toLocaleString("en")}`;
      const csv = rebuild("csv")!;
      figures[`${label}: the year's CSV alone (s)`] = Math.round(csv.ms / 100) / 10;
      figures[`${label}: the year's CSV alone, peak RSS growth (MB)`] = Math.round(csv.growthKb / 1024);
      // V8 collects late while it has room: in a small heap the peak shows what a rebuild must hold.
      const capped = rebuild("csv", CAPPED_HEAP_MB);
      figures[`${label}: the year's CSV alone, ${CAPPED_HEAP_MB} MB heap: peak RSS (MB)`] = capped
        ? Math.round(capped.peakKb / 1024)
        : "out of memory";
    } finally {
      await stack.stop();
      await rm(home, { recursive: true, force: true });
    }
  }
  return figures;
}
