/**
 * The real thing: `cdk synth` run by the CDK CLI as a child process, as an operator would, offline (no
 * credentials, no lookups, no Docker — esbuild bundles locally). One synth for the whole file.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunction, bundleIngest, importTimes } from "../../bench/bundle";
import { ANNOTATE_ENTRY, ESM_REQUIRE_BANNER, LAMBDA_ESBUILD_OPTIONS, REPO_ROOT } from "../../infra/bundling";
import { pipelineStackName, statefulStackName } from "../../infra/outputs";
import { PORTAL_FILES } from "../../web/portal/build";
import type { CfnResources } from "./synth";

const run = promisify(execFile);
const STAGE = "ci";

let outdir: string;
let output: { stdout: string; stderr: string };

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "gongkai-cdk-out-"));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Offline and credential-free: no version check, telemetry or instance-metadata probing.
    CDK_DISABLE_VERSION_CHECK: "1",
    CDK_DISABLE_CLI_TELEMETRY: "true",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  output = await run(
    process.execPath,
    [
      join(REPO_ROOT, "node_modules/aws-cdk/bin/cdk"),
      "synth",
      "--quiet",
      "--no-notices",
      "--no-version-reporting",
      "--output",
      outdir,
      "--context",
      `stage=${STAGE}`,
      "--context",
      'departments=[{"id":"finance","name":"财政局"},{"id":"education","name":"教育局"}]',
      "--context",
      "timeoutSeconds=120",
    ],
    { cwd: REPO_ROOT, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
  );
}, 250_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const readJson = (file: string) => JSON.parse(readFileSync(join(outdir, file), "utf8"));

/** The asset directory of a Lambda function of the pipeline stack, by its construct id. */
function functionAsset(construct = "IngestFunction"): string {
  const pipeline = readJson(`${pipelineStackName(STAGE)}.template.json`);
  const functions = Object.entries(pipeline.Resources as CfnResources)
    .filter(([id, r]) => r.Type === "AWS::Lambda::Function" && id.startsWith(construct))
    .map(([, r]) => r);
  expect(functions).toHaveLength(1);
  const key = String(functions[0]!.Properties.Code.S3Key);
  expect(key).toMatch(/^[0-9a-f]{64}\.zip$/);
  return join(outdir, `asset.${key.replace(/\.zip$/, "")}`);
}

describe("npx cdk synth", () => {
  it("writes both stack templates, with the -c context applied and the legacy departments ignored", () => {
    expect(output.stdout + output.stderr).toContain("Successfully synthesized");
    const stateful = readJson(`${statefulStackName(STAGE)}.template.json`);
    const pipeline = readJson(`${pipelineStackName(STAGE)}.template.json`);
    const roles = Object.values(stateful.Resources as CfnResources)
      .filter((r) => r.Type === "AWS::IAM::Role")
      .map((r) => r.Properties.RoleName)
      .sort();
    // Departments in context are ignored (they are data): no role or output per department.
    expect(roles).toEqual(["gongkai-ci-operator"]);
    expect(JSON.stringify(stateful.Outputs)).not.toMatch(/finance|education/);
    expect(output.stderr).toMatch(/departments.*ignored/);
    const fn = Object.entries(pipeline.Resources as CfnResources).find(
      ([id, r]) => r.Type === "AWS::Lambda::Function" && id.startsWith("IngestFunction"),
    )?.[1];
    expect(fn?.Properties.Timeout).toBe(120);
  });

  it("built the reference portal into its deployment's asset: exactly the files its role may write", () => {
    const pipeline = readJson(`${pipelineStackName(STAGE)}.template.json`);
    const portal = Object.entries(pipeline.Resources as CfnResources).find(
      ([id, r]) => r.Type === "Custom::CDKBucketDeployment" && id.startsWith("PortalSite"),
    )?.[1];
    const [key] = portal!.Properties.SourceObjectKeys as string[];
    const asset = join(outdir, `asset.${String(key).replace(/\.zip$/, "")}`);
    expect(readdirSync(asset).sort()).toEqual([...PORTAL_FILES].sort());
    expect(readFileSync(join(asset, "index.html"), "utf8")).toContain('src="/portal.js"');
  });

  it("needed no lookups (no missing context) and reported no validation findings", () => {
    const manifest = readJson("manifest.json");
    expect(manifest.missing).toBeUndefined();
    expect(existsSync(join(REPO_ROOT, "cdk.context.json"))).toBe(false);
    const report = readJson("validation-report.json");
    // The one expected finding: the warning that the legacy departments context is ignored.
    const unexpected = (violations: unknown[] = []) =>
      violations.filter((violation) => !JSON.stringify(violation).includes("gongkai:departments-context"));
    for (const plugin of report.pluginReports ?? [])
      expect(unexpected(plugin.violations), plugin.pluginName).toEqual([]);
  });

  it("bundled the ingest function as one ESM file, AWS SDK included, referenced by the template", () => {
    const asset = functionAsset();
    expect(readdirSync(asset)).toEqual(["index.mjs"]);
    const code = readFileSync(join(asset, "index.mjs"), "utf8");
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bas handler\b/);
    // Self-contained: it loads (and runs its top-level initialisation) from a directory with no
    // node_modules anywhere above it, as in /var/task.
    const isolated = mkdtempSync(join(tmpdir(), "gongkai-isolated-"));
    try {
      copyFileSync(join(asset, "index.mjs"), join(isolated, "index.mjs"));
      expect(importTimes(join(isolated, "index.mjs"), 1)).toHaveLength(1);
    } finally {
      rmSync(isolated, { recursive: true, force: true });
    }
  });

  it("bench/bundle.ts measures the same bundles the CDK deploys", async () => {
    const deployed = statSync(join(functionAsset(), "index.mjs"));
    const benched = await bundleIngest(mkdtempSync(join(outdir, "bench-")));
    expect(benched.bytes).toBe(deployed.size);
    const annotate = await bundleFunction(
      ANNOTATE_ENTRY,
      LAMBDA_ESBUILD_OPTIONS,
      mkdtempSync(join(outdir, "bench-annotate-")),
    );
    expect(annotate.bytes).toBe(statSync(join(functionAsset("AnnotateFunction"), "index.mjs")).size);
  });

  it("bundled the annotate function on its own, ExcelJS in it and not in the ingest function", () => {
    const annotate = readFileSync(join(functionAsset("AnnotateFunction"), "index.mjs"), "utf8");
    const ingest = readFileSync(join(functionAsset(), "index.mjs"), "utf8");
    // ExcelJS's own error text, which minification keeps.
    const excelJs = "Worksheet name already exists";
    expect(annotate).toContain(excelJs);
    expect(ingest).not.toContain(excelJs);
  });
});
