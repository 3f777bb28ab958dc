/** The deployment settings read from CDK context: defaults, `-c` strings, and what is refused at synth. */
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_UPLOAD_BYTES } from "../../functions/config";
import { DEPARTMENT_ID } from "../../functions/storage-layout";
import { CONTEXT_KEYS, DEFAULTS, parseSettings, SettingsError, uploaderRoleName } from "../../infra/config";
import { CDK_JSON } from "./synth";

describe("settings from context", () => {
  it("has sensible defaults", () => {
    const settings = parseSettings({});
    expect(settings).toEqual({
      stage: "dev",
      mailFrom: DEFAULTS.mailFrom,
      sesIdentity: "example.org",
      operatorEmail: DEFAULTS.operatorEmail,
      departments: [],
      uploaderPrincipal: "account",
      logRetentionDays: 90,
      memoryMb: 1024,
      timeoutSeconds: 60,
      batchSize: 5,
      maxConcurrency: 5,
      maxReceiveCount: 4,
      noncurrentVersionExpiryDays: 90,
      accessLogExpiryDays: 365,
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      season: { deadline: "01-31", reminderDays: [-14, -3, 1] },
    });
  });

  it("reads the season's deadline and reminder rounds, and refuses a day that is not one", () => {
    expect(parseSettings({ deadline: "03-31", reminderDays: "-7,2" }).season).toEqual({
      deadline: "03-31",
      reminderDays: [-7, 2],
    });
    expect(parseSettings({ reminderDays: [-10] as never }).season.reminderDays).toEqual([-10]);
    expect(() => parseSettings({ deadline: "02-30" })).toThrow(/deadline/);
    expect(() => parseSettings({ reminderDays: "-3,x" })).toThrow(/reminderDays|REMINDER/);
  });

  it("cdk.json states the defaults explicitly and nothing the app does not read", () => {
    const ours = Object.fromEntries(
      Object.entries(CDK_JSON.context).filter(
        ([key]) => !key.startsWith("@aws-cdk") && !key.startsWith("aws:"),
      ),
    );
    for (const key of Object.keys(ours)) expect(CONTEXT_KEYS as readonly string[], key).toContain(key);
    expect(parseSettings(ours)).toEqual(parseSettings({}));
    expect(CDK_JSON.app).toBe("npx tsx infra/app.ts");
  });

  it("parses the strings `cdk -c key=value` passes", () => {
    const settings = parseSettings({
      stage: "prod",
      account: "123456789012",
      region: "ap-east-1",
      memoryMb: "2048",
      timeoutSeconds: "120",
      reservedConcurrency: "10",
      departments:
        '[{"id":"finance","name":"财政局"},{"id":"edu-2","name":"教育局","uploaderPrincipal":"210987654321"}]',
    });
    expect(settings).toMatchObject({
      stage: "prod",
      account: "123456789012",
      region: "ap-east-1",
      memoryMb: 2048,
      timeoutSeconds: 120,
      reservedConcurrency: 10,
      departments: [
        { id: "finance", name: "财政局" },
        { id: "edu-2", name: "教育局", uploaderPrincipal: "210987654321" },
      ],
    });
  });

  it("accepts an address identity equal to mailFrom, or a parent domain", () => {
    expect(
      parseSettings({ mailFrom: "a@mail.example.gov.cn", sesIdentity: "example.gov.cn" }).sesIdentity,
    ).toBe("example.gov.cn");
    expect(parseSettings({ mailFrom: "a@example.gov.cn", sesIdentity: "a@example.gov.cn" }).sesIdentity).toBe(
      "a@example.gov.cn",
    );
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ["stage with capitals", { stage: "Prod" }, /stage/],
    ["stage too long", { stage: "a".repeat(17) }, /stage/],
    ["account not 12 digits", { account: "1234" }, /account/],
    ["bad region", { region: "mars" }, /region/],
    ["mailFrom not an address", { mailFrom: "gongkai" }, /mailFrom/],
    ["operator not an address", { operatorEmail: "ops at example" }, /operatorEmail/],
    [
      "identity domain not matching mailFrom",
      { mailFrom: "a@example.org", sesIdentity: "other.org" },
      /sesIdentity/,
    ],
    [
      "identity address not mailFrom",
      { mailFrom: "a@example.org", sesIdentity: "b@example.org" },
      /sesIdentity/,
    ],
    ["retention not a CloudWatch value", { logRetentionDays: 17 }, /logRetentionDays/],
    ["memory too small", { memoryMb: 64 }, /memoryMb/],
    ["timeout beyond Lambda's", { timeoutSeconds: 901 }, /timeoutSeconds/],
    ["fractional number", { batchSize: "2.5" }, /batchSize/],
    ["batch size beyond SQS's", { batchSize: 11 }, /batchSize/],
    ["domain without certificate", { feedDomainName: "feed.example.org" }, /feedCertificateArn/],
    [
      "certificate outside us-east-1",
      {
        feedDomainName: "f.example.org",
        feedCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      },
      /us-east-1/,
    ],
    ["reserved below max concurrency", { reservedConcurrency: 2, maxConcurrency: 5 }, /reservedConcurrency/],
    ["bad uploader principal", { uploaderPrincipal: "everyone" }, /uploaderPrincipal/],
    ["departments not JSON", { departments: "finance" }, /JSON/],
    ["department without name", { departments: [{ id: "finance" }] }, /name/],
    [
      "department emails not a list",
      { departments: [{ id: "finance", name: "x", emails: "a@b.c" }] },
      /emails/,
    ],
    [
      "department with unknown field",
      { departments: [{ id: "finance", name: "x", email: "a@b.c" }] },
      /unknown field/,
    ],
    ["department id with capitals", { departments: [{ id: "Finance", name: "x" }] }, /departments\[0\]\.id/],
    [
      "department id with underscore",
      { departments: [{ id: "fin_ance", name: "x" }] },
      /departments\[0\]\.id/,
    ],
    [
      "department id too long for a role name",
      { departments: [{ id: "a".repeat(60), name: "x" }] },
      /too long/,
    ],
    [
      "department principal invalid",
      { departments: [{ id: "a", name: "x", uploaderPrincipal: "*" }] },
      /uploaderPrincipal/,
    ],
  ];
  for (const [what, context, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => parseSettings(context)).toThrow(SettingsError);
      expect(() => parseSettings(context)).toThrow(message);
    });
  }

  it("accepts only department ids the ingest function also accepts in upload keys", () => {
    for (const id of ["finance", "edu-2", "0", "a-b-c", "x".repeat(40)]) {
      expect(parseSettings({ departments: [{ id, name: "x" }] }).departments[0]!.id).toBe(id);
      expect(DEPARTMENT_ID.test(id), id).toBe(true);
    }
  });

  it("keeps every uploader role name within IAM's 64 characters", () => {
    const longest = "a".repeat(64 - uploaderRoleName("abcdefghijklmnop", "").length);
    expect(uploaderRoleName("abcdefghijklmnop", longest)).toHaveLength(64);
    expect(() =>
      parseSettings({ stage: "abcdefghijklmnop", departments: [{ id: longest, name: "x" }] }),
    ).not.toThrow();
    expect(() =>
      parseSettings({ stage: "abcdefghijklmnop", departments: [{ id: `${longest}b`, name: "x" }] }),
    ).toThrow(/too long/);
  });
});
