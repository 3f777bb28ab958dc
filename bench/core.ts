import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as XLSX from "xlsx";
import { validateWorkbook } from "../functions/core/validate";
import { DEFAULT_LIMITS } from "../functions/core/workbook/limits";
import { benchDocuments } from "./documents";

/** Core figures: validating the seed workbook vs a bare XLSX.read, throughput, peak memory at the bounds. */
export async function benchCore(): Promise<Record<string, number | string>> {
  const seed = await readFile(join(import.meta.dirname, "..", "examples", "nx-office-2019.xlsx"));
  // Interleaved samples, so both sides see the same machine load; medians of each.
  const bareSamples: number[] = [];
  const validateSamples: number[] = [];
  const sample = (fn: () => void) => {
    const t = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const readBare = () => XLSX.read(seed, { type: "buffer" });
  const validate = () => validateWorkbook(seed, { year: 2019 });
  for (let i = 0; i < 30; i++) {
    readBare();
    validate();
  }
  for (let i = 0; i < 300; i++) {
    bareSamples.push(sample(readBare));
    validateSamples.push(sample(validate));
  }
  const median = (samples: number[]) => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  const bare = median(bareSamples);
  const validated = median(validateSamples);
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
  const dir = await mkdtemp(join(tmpdir(), "gongkai-bench-"));
  const file = join(dir, "largest.xlsx");
  await writeFile(file, big);
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "peak-memory.ts"), file],
    {
      encoding: "utf8",
    },
  );
  await rm(dir, { recursive: true, force: true });
  const peak = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as {
    ms: number;
    peakKb: number;
    growthKb: number;
  };
  return {
    "seed workbook: validate (median ms)": round(validated),
    "seed workbook: bare XLSX.read (median ms)": round(bare),
    "validate / bare read ratio": round(validated / bare),
    ...(await benchDocuments()),
    "throughput, one core (workbooks/s)": round(count / 2),
    "largest accepted file (bytes)": big.length,
    "largest accepted file: validate (ms)": round(peak.ms),
    "largest accepted file: peak RSS of the process (MB)": round(peak.peakKb / 1024),
    "largest accepted file: peak RSS growth while validating (MB)": round(peak.growthKb / 1024),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
