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
 * - The SDK's default credential chain is replaced (`--alias`) by functions/adapters/lambda-credentials.ts:
 *   environment and container credentials only, which is all a Lambda function is given; the rest of
 *   the chain (profiles, SSO, STS web identity, instance metadata, with their own SDK clients) was ~90 KB
 *   that no Lambda ever ran.
 * - The ingest function leaves out the in-process annotation (`external`): on AWS the annotate function
 *   marks rejected uploads (ExcelJS, ~1.2 MB with its dependencies, is in that bundle alone), and the
 *   ingest function is told its name, so the module left out is never imported there.
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

/** The annotate Lambda's entry point (invoked by the ingest function for a rejected upload). */
export const ANNOTATE_ENTRY = "functions/ingest/annotate-handler.ts";

/** The desk API Lambda's entry point, bundled the same way. */
export const DESK_API_ENTRY = "functions/api/handler.ts";

/** esbuild target matching the Lambda runtime (nodejs24.x). */
export const ESBUILD_TARGET = "node24";

export const ESM_REQUIRE_BANNER =
  'import{createRequire as __gongkaiCreateRequire}from"node:module";const require=__gongkaiCreateRequire(import.meta.url);';

/** The module the SDK clients take their default credential chain from, and what stands for it. */
export const CREDENTIALS_ALIAS = {
  "@aws-sdk/credential-provider-node": "./functions/adapters/lambda-credentials.ts",
} as const;

/** The in-process annotation (functions/ingest/annotator.ts imports it by this path), left out of ingest. */
export const IN_PROCESS_ANNOTATION = "*/annotate-upload";

/** Every function but the ingest one (the annotate function, the desk API, …). */
export const LAMBDA_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: ESBUILD_TARGET,
  minify: true,
  mainFields: ["module", "main"],
  banner: ESM_REQUIRE_BANNER,
  externalModules: [],
  sourceMap: false,
  // `charset` is passed as a raw flag: aws-cdk-lib 2.276 drops the `charset` bundling prop in local bundling.
  // The alias is relative to the project root, where CDK runs esbuild (and esbuild's API, absWorkingDir).
  esbuildArgs: {
    "--charset": "utf8",
    "--legal-comments": "none",
    "--alias": Object.entries(CREDENTIALS_ALIAS).map(([module, replacement]) => `${module}=${replacement}`),
  },
};

/** The ingest function (and those composing the pipeline, the reminder function): no ExcelJS. */
export const INGEST_BUNDLING: BundlingOptions = {
  ...LAMBDA_BUNDLING,
  externalModules: [IN_PROCESS_ANNOTATION],
};

/** The same options for esbuild's JavaScript API (the benchmark): every function but the ingest one. */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: ESBUILD_TARGET,
  minify: true,
  mainFields: ["module", "main"],
  banner: { js: ESM_REQUIRE_BANNER },
  external: [] as string[],
  alias: CREDENTIALS_ALIAS,
  sourcemap: false,
  charset: "utf8",
  legalComments: "none",
} as const;

/** The ingest function's, for esbuild's JavaScript API. */
export const INGEST_ESBUILD_OPTIONS = {
  ...LAMBDA_ESBUILD_OPTIONS,
  external: [IN_PROCESS_ANNOTATION] as string[],
} as const;
