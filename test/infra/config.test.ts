/** The deployment settings read from CDK context: defaults, `-c` strings, and what is refused at synth. */
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_UPLOAD_BYTES } from "../../functions/config";
import {
  CONTEXT_KEYS,
  DEFAULTS,
  ignoredDepartments,
  operatorRoleName,
  parseSettings,
  SettingsError,
} from "../../infra/config";
import { CDK_JSON } from "./synth";

describe("settings from context", () => {
  it("has sensible defaults", () => {
    const settings = parseSettings({});
    expect(settings).toEqual({
      stage: "dev",
      mailFrom: DEFAULTS.mailFrom,
      sesIdentity: "example.org",
      operatorEmail: DEFAULTS.operatorEmail,
      operatorPrincipal: "account",
      logRetentionDays: 90,
      memoryMb: 1024,
      timeoutSeconds: 60,
      batchSize: 5,
      maxConcurrency: 5,
      maxReceiveCount: 4,
      noncurrentVersionExpiryDays: 90,
      accessLogExpiryDays: 365,
      originalsExpiryDays: 3650,
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
      operatorPrincipal: "210987654321",
    });
    expect(settings).toMatchObject({
      stage: "prod",
      account: "123456789012",
      region: "ap-east-1",
      memoryMb: 2048,
      timeoutSeconds: 120,
      reservedConcurrency: 10,
      operatorPrincipal: "210987654321",
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
    ["bad operator principal", { operatorPrincipal: "everyone" }, /operatorPrincipal/],
  ];
  for (const [what, context, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => parseSettings(context)).toThrow(SettingsError);
      expect(() => parseSettings(context)).toThrow(message);
    });
  }

  it("reads no departments: a legacy departments list is only counted, for the warning", () => {
    const list = Array.from({ length: 2000 }, (_, i) => ({ id: `d-${i}`, name: "局" }));
    expect(parseSettings({ departments: list } as Record<string, unknown>)).toEqual(parseSettings({}));
    expect(ignoredDepartments(list)).toBe(2000);
    expect(ignoredDepartments(JSON.stringify(list.slice(0, 3)))).toBe(3);
    expect(ignoredDepartments(undefined)).toBe(0);
    expect(ignoredDepartments([])).toBe(0);
  });

  it("names the operator role by stage, within IAM's 64 characters", () => {
    expect(operatorRoleName("abcdefghijklmnop")).toBe("gongkai-abcdefghijklmnop-operator");
    expect(operatorRoleName("abcdefghijklmnop").length).toBeLessThanOrEqual(64);
  });
});
