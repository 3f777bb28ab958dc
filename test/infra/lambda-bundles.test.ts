/**
 * What the Lambda bundles hold (esbuild's metafile, the options of the CDK assets): the ingest function
 * without ExcelJS and without the SDK's credential providers no Lambda reaches; the annotate function with
 * ExcelJS. Sizes are the benchmark's (`npm run bench -- bundle`), not asserted here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BundleResult, bundleFunction, bundleIngest, bundles } from "../../bench/bundle";
import { defaultProvider } from "../../functions/adapters/lambda-credentials";
import { ANNOTATE_ENTRY, LAMBDA_ESBUILD_OPTIONS } from "../../infra/bundling";

const work = mkdtempSync(join(tmpdir(), "gongkai-lambda-bundles-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The SDK's credential sources a Lambda function is never given, and the clients they bring. */
const UNREACHED = [
  "@aws-sdk/credential-provider-ini",
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-web-identity",
  "@aws-sdk/credential-provider-login",
  "@aws-sdk/nested-clients",
  "@aws-sdk/token-providers",
  "@smithy/credential-provider-imds",
];

let ingest: BundleResult;
let annotate: BundleResult;

describe("the Lambda bundles", () => {
  it("leave ExcelJS out of the ingest function: a rejected upload is annotated by its own function", async () => {
    ingest = await bundleIngest(join(work, "ingest"));
    annotate = await bundleFunction(ANNOTATE_ENTRY, LAMBDA_ESBUILD_OPTIONS, join(work, "annotate"));
    expect(bundles(ingest.metafile, "exceljs")).toBe(false);
    expect(bundles(ingest.metafile, "xlsx")).toBe(true);
    expect(bundles(annotate.metafile, "exceljs")).toBe(true);
  }, 120_000);

  it("leave SheetJS's writers out of the ingest function: it only reads workbooks", () => {
    // A message only SheetJS's write path holds; the writers come back whenever the xlsx namespace is
    // used as a value (e.g. cast to reach an export its types leave out) instead of member by member.
    expect(readFileSync(ingest.file, "utf8")).not.toContain("Unrecognized bookType");
    expect(readFileSync(annotate.file, "utf8")).toContain("Unrecognized bookType");
  });

  it("carry only the environment and container credential providers, what Lambda hands a function", () => {
    for (const bundle of [ingest, annotate]) {
      for (const name of UNREACHED) expect(bundles(bundle.metafile, name), name).toBe(false);
      expect(bundles(bundle.metafile, "@aws-sdk/credential-provider-env")).toBe(true);
    }
  });
});

describe("the Lambda credential chain", () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it("gives the role's credentials Lambda puts in the environment", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDLAMBDA";
    process.env.AWS_SECRET_ACCESS_KEY = "secret";
    process.env.AWS_SESSION_TOKEN = "session";
    const credentials = await defaultProvider()();
    expect(credentials).toMatchObject({
      accessKeyId: "AKIDLAMBDA",
      secretAccessKey: "secret",
      sessionToken: "session",
    });
  });

  it("refuses, naming the environment, when none is set and no container endpoint is named", async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
    await expect(defaultProvider()()).rejects.toThrow(/environment/i);
  });
});
