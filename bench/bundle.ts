/**
 * Bundle size and cold-import time of the ingest function (`npx tsx bench/bundle.ts`).
 *
 * Builds the handler with esbuild using exactly the options of the CDK asset (infra/bundling.ts), reports
 * the minified bundle size, and the time to import it in a fresh Node process (median of IMPORT_RUNS
 * spawns) — a stand-in for the module-initialisation part of a Lambda cold start. For comparison it also
 * builds the variant that leaves the AWS SDK to the Lambda runtime (`@aws-sdk/*`, `@smithy/*` external).
 *
 * Goals: bundle < 1 MB, import < 300 ms.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { INGEST_ENTRY, INGEST_ESBUILD_OPTIONS, REPO_ROOT } from "../infra/bundling";

const IMPORT_RUNS = 10;
export const BUNDLE_GOAL_BYTES = 1024 * 1024;
export const IMPORT_GOAL_MS = 300;

/** What the handler module needs at import time (it reads its configuration when loaded). */
const IMPORT_ENV: Record<string, string> = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_EC2_METADATA_DISABLED: "true",
  GONGKAI_UPLOADS_BUCKET: "bench-uploads",
  GONGKAI_FEED_BUCKET: "bench-feed",
  GONGKAI_TABLE: "bench-table",
  GONGKAI_MAIL_FROM: "bench@example.org",
  GONGKAI_OPERATOR_EMAIL: "operator@example.org",
  GONGKAI_FEED_BASE_URL: "https://feed.example.org",
  POWERTOOLS_DEV: "false",
};

export interface BundleResult {
  file: string;
  bytes: number;
}

/**
 * Bundles the handler into `outdir/index.mjs` with the CDK asset's options. `sdkExternal` leaves the AWS
 * SDK out (for comparison); `sourcemap` adds `index.mjs.map` (the bundle is unchanged but for its trailing
 * sourceMappingURL comment), to decode the stack traces of a deployed build.
 */
export async function bundleIngest(
  outdir: string,
  options: { sdkExternal?: boolean; sourcemap?: boolean } = {},
): Promise<BundleResult> {
  const file = join(outdir, "index.mjs");
  await build({
    ...INGEST_ESBUILD_OPTIONS,
    banner: { ...INGEST_ESBUILD_OPTIONS.banner },
    mainFields: [...INGEST_ESBUILD_OPTIONS.mainFields],
    entryPoints: [join(REPO_ROOT, INGEST_ENTRY)],
    outfile: file,
    absWorkingDir: REPO_ROOT,
    external: options.sdkExternal ? ["@aws-sdk/*", "@smithy/*"] : [...INGEST_ESBUILD_OPTIONS.external],
    ...(options.sourcemap ? { sourcemap: "external" as const, sourcesContent: false } : {}),
    logLevel: "error",
  });
  return { file, bytes: statSync(file).size };
}

/** Milliseconds to `import()` the module in a fresh Node process, one sample per spawn. */
export function importTimes(file: string, runs = IMPORT_RUNS): number[] {
  const script = [
    "const t0 = performance.now();",
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    "process.stdout.write(String(performance.now() - t0));",
  ].join("\n");
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { PATH: process.env.PATH ?? "", ...IMPORT_ENV },
      encoding: "utf8",
      timeout: 30_000,
    });
    if (run.status !== 0) throw new Error(`importing ${file} failed:\n${run.stderr}`);
    samples.push(Number(run.stdout));
  }
  return samples;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export async function benchBundle(): Promise<Record<string, number | string>> {
  const work = mkdtempSync(join(tmpdir(), "gongkai-bundle-"));
  try {
    const bundled = await bundleIngest(join(work, "bundled"));
    const external = await bundleIngest(join(work, "sdk-external"), { sdkExternal: true });
    // The SDK-external variant resolves @aws-sdk/* the way the Lambda runtime would: from a node_modules
    // next to it (here ours, on Lambda the runtime's).
    symlinkSync(join(REPO_ROOT, "node_modules"), join(work, "node_modules"), "dir");

    // Calibration: importing an empty module costs (almost) nothing, so this is the measuring floor of
    // this machine; compare the handler's figure against it when the machine is busy.
    const empty = join(work, "empty.mjs");
    writeFileSync(empty, "export {};\n");
    const emptyTimes = importTimes(empty);
    const bundledTimes = importTimes(bundled.file);
    const externalTimes = importTimes(external.file);
    return {
      "ingest.bundle.format": "esm",
      "ingest.bundle.bytes": bundled.bytes,
      "ingest.bundle.goal.bytes": BUNDLE_GOAL_BYTES,
      "ingest.import.median.ms": round(median(bundledTimes)),
      "ingest.import.min.ms": round(Math.min(...bundledTimes)),
      "ingest.import.max.ms": round(Math.max(...bundledTimes)),
      "ingest.import.goal.ms": IMPORT_GOAL_MS,
      "ingest.import.runs": bundledTimes.length,
      "ingest.sdk-external.bundle.bytes": external.bytes,
      "ingest.sdk-external.import.median.ms": round(median(externalTimes)),
      "node.empty-import.median.ms": round(median(emptyTimes)),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchBundle();
  const width = Math.max(...Object.keys(result).map((key) => key.length));
  for (const [key, value] of Object.entries(result)) console.log(`${key.padEnd(width)}  ${value}`);
  const bytes = Number(result["ingest.bundle.bytes"]);
  const ms = Number(result["ingest.import.median.ms"]);
  console.log(
    `\nbundle ${(bytes / 1024).toFixed(0)} KiB (${bytes < BUNDLE_GOAL_BYTES ? "under" : "OVER"} 1 MiB), ` +
      `import ${ms} ms (${ms < IMPORT_GOAL_MS ? "under" : "OVER"} ${IMPORT_GOAL_MS} ms)`,
  );
}
