/**
 * Bundle size and cold-import time of the Lambda functions (`npx tsx bench/bundle.ts`).
 *
 * Builds each function's handler with esbuild using exactly the options of its CDK asset
 * (infra/bundling.ts), reports each minified bundle's size, what the ingest bundle is made of (esbuild's
 * metafile: the bytes each package contributes to the output), and the time to import the ingest and
 * annotate bundles in a fresh Node process (median of IMPORT_RUNS spawns) — a stand-in for the
 * module-initialisation part of a Lambda cold start. For comparison it also builds the ingest variant that
 * leaves the AWS SDK to the Lambda runtime (`@aws-sdk/*`, `@smithy/*` external).
 *
 * Goals (issue 8): the ingest bundle < 1 MiB, its import < 300 ms.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import {
  ANNOTATE_ENTRY,
  DESK_API_ENTRY,
  INGEST_ENTRY,
  INGEST_ESBUILD_OPTIONS,
  LAMBDA_ESBUILD_OPTIONS,
  REPO_ROOT,
} from "../infra/bundling";
import { CATALOGUE_ENTRY } from "../infra/constructs/catalogue-function";
import { MAIL_FEEDBACK_ENTRY } from "../infra/constructs/mail-feedback";
import { REMINDER_ENTRY } from "../infra/constructs/reminder-function";

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
  /** esbuild's account of the build: which input put how many bytes into the output. */
  metafile: Metafile;
}

type EsbuildOptions = typeof LAMBDA_ESBUILD_OPTIONS | typeof INGEST_ESBUILD_OPTIONS;

/** Every Lambda function of the pipeline stack: its entry and the options its asset is built with. */
export const LAMBDA_BUNDLES: readonly { name: string; entry: string; options: EsbuildOptions }[] = [
  { name: "ingest", entry: INGEST_ENTRY, options: INGEST_ESBUILD_OPTIONS },
  { name: "annotate", entry: ANNOTATE_ENTRY, options: LAMBDA_ESBUILD_OPTIONS },
  { name: "desk-api", entry: DESK_API_ENTRY, options: LAMBDA_ESBUILD_OPTIONS },
  { name: "catalogue", entry: CATALOGUE_ENTRY, options: INGEST_ESBUILD_OPTIONS },
  { name: "reminder", entry: REMINDER_ENTRY, options: INGEST_ESBUILD_OPTIONS },
  { name: "mail-feedback", entry: MAIL_FEEDBACK_ENTRY, options: INGEST_ESBUILD_OPTIONS },
];

/**
 * Bundles a handler into `outdir/index.mjs` with its CDK asset's options. `sdkExternal` leaves the AWS
 * SDK out (for comparison); `sourcemap` adds `index.mjs.map` (the bundle is unchanged but for its trailing
 * sourceMappingURL comment), to decode the stack traces of a deployed build.
 */
export async function bundleFunction(
  entry: string,
  esbuildOptions: EsbuildOptions,
  outdir: string,
  options: { sdkExternal?: boolean; sourcemap?: boolean } = {},
): Promise<BundleResult> {
  const file = join(outdir, "index.mjs");
  const result = await build({
    ...esbuildOptions,
    banner: { ...esbuildOptions.banner },
    mainFields: [...esbuildOptions.mainFields],
    alias: { ...esbuildOptions.alias },
    entryPoints: [join(REPO_ROOT, entry)],
    outfile: file,
    absWorkingDir: REPO_ROOT,
    external: [...esbuildOptions.external, ...(options.sdkExternal ? ["@aws-sdk/*", "@smithy/*"] : [])],
    ...(options.sourcemap ? { sourcemap: "external" as const, sourcesContent: false } : {}),
    metafile: true,
    logLevel: "error",
  });
  return { file, bytes: statSync(file).size, metafile: result.metafile };
}

/** The ingest function's bundle, as its CDK asset is built. */
export function bundleIngest(
  outdir: string,
  options: { sdkExternal?: boolean; sourcemap?: boolean } = {},
): Promise<BundleResult> {
  return bundleFunction(INGEST_ENTRY, INGEST_ESBUILD_OPTIONS, outdir, options);
}

/** The pieces a bundle is told apart by, by package (the first that matches). */
const PIECES: readonly [piece: string, packages: RegExp][] = [
  ["sheetjs", /^xlsx$/],
  ["aws-sdk", /^@(aws-sdk|smithy|aws-crypto|aws)\/|^(tslib|fast-xml-parser|strnum|bowser)$/],
  ["document-readers", /^(parse5|entities|postal-mime|saxes|xmlchars)$/],
  ["zod", /^zod$/],
  ["powertools", /^@aws-lambda-powertools\//],
  ["pako", /^pako$/],
];

/**
 * What a bundle is made of: the bytes each piece puts into the output (ours: everything outside
 * node_modules; exceljs+: ExcelJS and the archive, stream and date packages it alone brings).
 */
export function bundlePieces(metafile: Metafile): Record<string, number> {
  const output = Object.values(metafile.outputs)[0]!;
  const pieces: Record<string, number> = {};
  for (const [path, input] of Object.entries(output.inputs)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    const piece = name ? (PIECES.find(([, packages]) => packages.test(name))?.[0] ?? "other") : "ours";
    pieces[piece] = (pieces[piece] ?? 0) + input.bytesInOutput;
  }
  return pieces;
}

/**
 * What of the ingest bundle another function (or a chunk loaded on demand) could hold instead: reading
 * documents, mailing, invoking the annotate function, the desk's sign-in verifier and the catalogue's
 * multipart writer (both reached through `functions/compose.ts`), and zod's JSON Schema generator.
 */
const MOVABLE: readonly RegExp[] = [
  /node_modules\/(parse5|entities|postal-mime|saxes|xmlchars)\//,
  /^functions\/core\/document\//,
  /node_modules\/@aws-sdk\/client-(sesv2|lambda)\//,
  /^functions\/core\/mail\//,
  /^functions\/adapters\/(ses-mailer|lambda-annotator|cognito-tokens)\.ts$/,
  /node_modules\/(aws-jwt-verify|@aws-sdk\/lib-storage)\//,
  /node_modules\/zod\/v4\/core\/(json-schema|to-json-schema|json-schema-processors)\.js$/,
];

/**
 * The bytes of the bundle that an ingest function reading workbooks and publishing them would still hold
 * once every `MOVABLE` piece is gone: SheetJS, the S3 and DynamoDB clients, zod, Powertools, the guard,
 * the rules and the feed. The floor the 1 MiB goal is measured against.
 */
export function bundleFloor(metafile: Metafile): number {
  const output = Object.values(metafile.outputs)[0]!;
  let bytes = 0;
  for (const [path, input] of Object.entries(output.inputs))
    if (!MOVABLE.some((piece) => piece.test(path))) bytes += input.bytesInOutput;
  return bytes;
}

/** Whether a package put any bytes into the bundle. */
export function bundles(metafile: Metafile, packageName: string): boolean {
  const output = Object.values(metafile.outputs)[0]!;
  return Object.entries(output.inputs).some(
    ([path, input]) => input.bytesInOutput > 0 && path.includes(`node_modules/${packageName}/`),
  );
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
    const sizes: Record<string, number> = {};
    const built: Record<string, BundleResult> = {};
    for (const { name, entry, options } of LAMBDA_BUNDLES) {
      built[name] = await bundleFunction(entry, options, join(work, name));
      sizes[`${name}.bundle.bytes`] = built[name].bytes;
    }
    const bundled = built.ingest!;
    const annotate = built.annotate!;
    const pieces = Object.fromEntries(
      Object.entries(bundlePieces(bundled.metafile))
        .sort(([, a], [, b]) => b - a)
        .map(([piece, bytes]) => [`ingest.bundle.${piece}.bytes`, bytes]),
    );
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
    const annotateTimes = importTimes(annotate.file);
    const externalTimes = importTimes(external.file);
    return {
      "ingest.bundle.format": "esm",
      ...sizes,
      "ingest.bundle.goal.bytes": BUNDLE_GOAL_BYTES,
      "ingest.bundle.floor.bytes": bundleFloor(bundled.metafile),
      ...pieces,
      "ingest.import.median.ms": round(median(bundledTimes)),
      "ingest.import.min.ms": round(Math.min(...bundledTimes)),
      "ingest.import.max.ms": round(Math.max(...bundledTimes)),
      "ingest.import.goal.ms": IMPORT_GOAL_MS,
      "ingest.import.runs": bundledTimes.length,
      "annotate.import.median.ms": round(median(annotateTimes)),
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
  const floor = Number(result["ingest.bundle.floor.bytes"]);
  console.log(
    `\nbundle ${(bytes / 1024).toFixed(0)} KiB (${bytes < BUNDLE_GOAL_BYTES ? "under" : "OVER"} 1 MiB; ` +
      `${(floor / 1024).toFixed(0)} KiB of it still there with documents, mail and annotate moved out), ` +
      `import ${ms} ms (${ms < IMPORT_GOAL_MS ? "under" : "OVER"} ${IMPORT_GOAL_MS} ms)`,
  );
}
