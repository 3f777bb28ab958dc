/**
 * How the ingest function is bundled, in one place so the CDK asset (`NodejsFunction`) and the bundle
 * benchmark (`bench/bundle.ts`, which runs esbuild directly) build exactly the same thing.
 *
 * - ESM (`index.mjs`): our code is ESM and may use top-level await; the Lambda runtime loads `.mjs` as ESM.
 *   CommonJS dependencies that `require()` Node built-ins at run time need a real `require` in an ESM
 *   bundle, hence the `createRequire` banner.
 * - The AWS SDK v3 is bundled (`externalModules: []`), not taken from the runtime: the versions pinned in
 *   package-lock.json are what the tests ran against, the runtime's copy changes under us without a deploy,
 *   and a single minified file with only the commands we use loads faster than resolving the runtime's
 *   full client packages (measured by `npx tsx bench/bundle.ts`).
 * - `charset=utf8`: the rule and label texts are Chinese; escaping them as \uXXXX would triple their size.
 * - No source map in the asset: it would more than double the zip the function downloads on a cold start,
 *   and the build is deterministic — `bundleIngest(dir, { sourcemap: true })` (bench/bundle.ts) at the
 *   deployed commit reproduces the exact bundle with its map, to decode a minified stack trace.
 */
import { fileURLToPath } from "node:url";
import type { BundlingOptions } from "aws-cdk-lib/aws-lambda-nodejs";
import { OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The ingest Lambda's entry point, relative to the repository root. */
export const INGEST_ENTRY = "functions/ingest/handler.ts";
export const INGEST_HANDLER = "handler";

/** The desk API Lambda's entry point, bundled the same way. */
export const DESK_API_ENTRY = "functions/api/handler.ts";

/** esbuild target matching the Lambda runtime (nodejs24.x). */
export const ESBUILD_TARGET = "node24";

export const ESM_REQUIRE_BANNER =
  'import{createRequire as __gongkaiCreateRequire}from"node:module";const require=__gongkaiCreateRequire(import.meta.url);';

export const INGEST_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: ESBUILD_TARGET,
  minify: true,
  mainFields: ["module", "main"],
  banner: ESM_REQUIRE_BANNER,
  externalModules: [],
  sourceMap: false,
  // `charset` is passed as a raw flag: aws-cdk-lib 2.276 drops the `charset` bundling prop in local bundling.
  esbuildArgs: { "--charset": "utf8", "--legal-comments": "none" },
};

/** The same options for esbuild's JavaScript API (used by the benchmark). */
export const INGEST_ESBUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: ESBUILD_TARGET,
  minify: true,
  mainFields: ["module", "main"],
  banner: { js: ESM_REQUIRE_BANNER },
  external: [] as string[],
  sourcemap: false,
  charset: "utf8",
  legalComments: "none",
} as const;
