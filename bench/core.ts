import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as XLSX from "xlsx";
import { validateWorkbook } from "../functions/core/validate";
import { DEFAULT_LIMITS } from "../functions/core/workbook/limits";

/** Core figures: validating the seed workbook vs a bare XLSX.read, throughput, peak memory at the bounds. */
export async function benchCore(): Promise<Record<string, number | string>> {
  const seed = await readFile(join(import.meta.dirname, "..", "examples", "nx-office-2019.xlsx"));
  const time = (fn: () => void, n: number) => {
    for (let i = 0; i < 20; i++) fn();
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      fn();
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)]!;
  };
  const bare = time(() => XLSX.read(seed, { type: "buffer" }), 200);
  const validate = time(() => validateWorkbook(seed, { year: 2019 }), 200);
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < 2000) {
    validateWorkbook(seed, { year: 2019 });
    count++;
  }
  // The largest sheet the bounds accept: maxRows rows of 100 number cells.
  const rows = Array.from({ length: DEFAULT_LIMITS.maxRows }, (_, r) =>
    Array.from({ length: 100 }, (_, c) => r * c),
  );
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "big");
  const big = new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const t = performance.now();
  validateWorkbook(big, { year: 2024 });
  const bigMs = performance.now() - t;
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(timer);
  return {
    "seed workbook: validate (median ms)": round(validate),
    "seed workbook: bare XLSX.read (median ms)": round(bare),
    "validate / bare read ratio": round(validate / bare),
    "throughput, one core (workbooks/s)": round(count / 2),
    "largest accepted file (bytes)": big.length,
    "largest accepted file: validate (ms)": round(bigMs),
    "largest accepted file: rss growth (MB)": round((peak - before) / 1024 / 1024),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
