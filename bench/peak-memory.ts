/**
 * Run in a fresh process by bench/core.ts: peak RSS while validating one file, over the process's
 * peak before it (modules loaded, file read). Prints JSON.
 */
import { readFile } from "node:fs/promises";
import { validateWorkbook } from "../functions/core/validate";

const bytes = await readFile(process.argv[2]!);
validateWorkbook(new Uint8Array(0));
const before = process.resourceUsage().maxRSS;
const started = performance.now();
const result = validateWorkbook(bytes, { year: 2024 });
const ms = performance.now() - started;
const after = process.resourceUsage().maxRSS;
console.log(
  JSON.stringify({ ms, peakKb: after, growthKb: after - before, findings: result.findings.length }),
);
