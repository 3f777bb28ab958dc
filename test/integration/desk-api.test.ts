import { createSign } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cognitoClient } from "../../functions/adapters/aws-clients";
import { type LocalStack, localConfig, startLocalStack } from "../../functions/local/stack";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { call, clerkOf, postToS3, signIn } from "./desk-sign-in";

/**
 * The desk API on the local stack, against the real servers (cognito-local, s3rver, dynalite): clerks
 * sign in, get a presigned POST, upload straight to S3, and read the pipeline's verdict — and never see
 * or touch another department's uploads.
 */

let stack: LocalStack;
let home: string;
let cognito: CognitoIdentityProviderClient;
let clerkA: string;
let clerkB: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-desk-"));
  stack = await startLocalStack({ home });
  cognito = cognitoClient(localConfig(stack.endpoints).aws);
  clerkA = await clerkOf(stack, cognito, "desk-a");
  clerkB = await clerkOf(stack, cognito, "desk-b");
});

afterAll(async () => {
  cognito?.destroy();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

const workbook = (tables = county2024Tables()) => nationalWorkbook("2021", tables);

/** Issues a POST for A's clerk, uploads `bytes` through it, and waits for the pipeline. */
async function upload(token: string, bytes: Uint8Array, fileName = "2024年报.xlsx") {
  const issued = await call(stack, "POST", "/uploads", token, { year: 2024, fileName, size: bytes.length });
  expect(issued.status).toBe(201);
  const posted = await postToS3(issued.body, bytes, fileName);
  expect(posted.status).toBe(204);
  await stack.settle();
  return issued.body as { uploadId: string; key: string };
}

describe("the desk API", () => {
  it("tells a signed-in clerk their department, its addresses and the years open for upload", async () => {
    const me = await call(stack, "GET", "/me", clerkA);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      department: { id: "desk-a", name: "desk-a 局" },
      emails: ["clerk@desk-a.example.gov.cn"],
      operator: false,
    });
    expect(me.body.years).toContain(2024);
    expect(me.body.years).toContain(2019);
    expect(me.body.years).not.toContain(2018);
  });

  it("lets a clerk upload through a presigned POST and read the published outcome", async () => {
    const { uploadId, key } = await upload(clerkA, workbook());
    expect(key).toBe(`uploads/desk-a/2024/${uploadId}/2024年报.xlsx`);
    const shown = await call(stack, "GET", `/uploads/${uploadId}`, clerkA);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      uploadId,
      department: "desk-a",
      year: 2024,
      fileName: "2024年报.xlsx",
      status: "published",
      errors: 0,
      feedPath: "v1/reports/2024/desk-a.json",
    });
    expect(shown.body.reportUrl).toBe(`${stack.endpoints.feed}/v1/reports/2024/desk-a.json`);
    expect((await fetch(shown.body.reportUrl)).status).toBe(200);
  });

  it("shows a rejected upload with the pipeline's findings, cell by cell", async () => {
    const tables = county2024Tables();
    tables.applications.received!.total = 47;
    const { uploadId } = await upload(clerkA, workbook(tables), "有错.xlsx");
    const shown = await call(stack, "GET", `/uploads/${uploadId}`, clerkA);
    expect(shown.body.status).toBe("rejected");
    expect(shown.body.errors).toBeGreaterThan(0);
    expect(shown.body.findings).toContainEqual(
      expect.objectContaining({
        rule: "applications.row_total",
        severity: "error",
        sheet: expect.any(String),
      }),
    );
    expect(shown.body.feedPath).toBeNull();
  });

  it("lists the year's uploads newest first, one issued but not yet sent as pending", async () => {
    const issued = await call(stack, "POST", "/uploads", clerkA, {
      year: 2024,
      fileName: "草稿.xlsx",
      size: 10,
    });
    const listed = await call(stack, "GET", "/uploads?year=2024", clerkA);
    expect(listed.status).toBe(200);
    const uploads = listed.body.uploads as { uploadId: string; status: string; fileName: string }[];
    expect(uploads.map((item) => item.status)).toEqual(["pending", "rejected", "published"]);
    expect(uploads[0]).toMatchObject({
      uploadId: issued.body.uploadId,
      fileName: "草稿.xlsx",
      uploadedAt: null,
    });
    expect((await call(stack, "GET", "/uploads?year=2023", clerkA)).body.uploads).toEqual([]);
  });

  it("answers 403 to a clerk asking for another department's upload, with nothing of it in the body", async () => {
    const { uploadId } = await upload(clerkA, workbook(), "a-only.xlsx");
    const asked = await call(stack, "GET", `/uploads/${uploadId}`, clerkB);
    expect(asked.status).toBe(403);
    expect(asked.body.error.code).toBe("upload.other_department");
    expect(asked.text).not.toMatch(/desk-a|a-only|published|uploads\//);
    const listed = await call(stack, "GET", "/uploads?year=2024&department=desk-a", clerkB);
    expect(listed.status).toBe(403);
    expect(listed.body.error.code).toBe("auth.operator_only");
  });

  it("refuses a clerk who names another department in the body, and issues nothing", async () => {
    const posted = await call(stack, "POST", "/uploads", clerkB, {
      year: 2024,
      fileName: "x.xlsx",
      size: 10,
      department: "desk-a",
    });
    expect(posted.status).toBe(403);
    expect(posted.body.error).toMatchObject({
      code: "auth.operator_only",
      message: { zh: expect.any(String) },
    });
    expect(posted.text).not.toMatch(/uploads\/desk-a/);
    expect((await call(stack, "GET", "/uploads?year=2024", clerkB)).body.uploads).toEqual([]);
  });

  it("answers 404 for an upload id nobody issued, and for a path that is no endpoint", async () => {
    const unknown = await call(stack, "GET", "/uploads/0b3e9a38-1c2d-4e5f-8a9b-0c1d2e3f4a5b", clerkA);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("upload.not_found");
    expect((await call(stack, "GET", "/uploads/%2E%2E%2Fme", clerkA)).body.error.code).toBe(
      "upload.not_found",
    );
    expect((await call(stack, "GET", "/nothing", clerkA)).body.error.code).toBe("route.not_found");
    expect((await call(stack, "DELETE", "/uploads", clerkA)).status).toBe(405);
  });
});

describe("the presigned POST on the local S3 (policies checked as S3 does)", () => {
  const issue = async (size = 100) =>
    (await call(stack, "POST", "/uploads", clerkA, { year: 2024, fileName: "p.xlsx", size })).body as {
      url: string;
      fields: Record<string, string>;
      key: string;
    };
  const errorOf = async (response: Response) => [
    response.status,
    /<Code>(\w+)<\/Code>/.exec(await response.text())?.[1],
  ];

  it("refuses a file larger than the upload limit, and an empty one", async () => {
    const post = await issue();
    const limit = stack.api.settings.maxUploadBytes;
    expect(await errorOf(await postToS3(post, new Uint8Array(limit + 1), "big.xlsx"))).toEqual([
      400,
      "EntityTooLarge",
    ]);
    expect(await errorOf(await postToS3(post, new Uint8Array(0), "empty.xlsx"))).toEqual([
      400,
      "EntityTooLarge",
    ]);
  });

  it("refuses another key, another department's prefix, or a field the policy does not cover", async () => {
    const post = await issue();
    const bytes = new Uint8Array(100);
    const other = { ...post, fields: { ...post.fields, key: "uploads/desk-b/2024/x.xlsx" } };
    expect(await errorOf(await postToS3(other, bytes, "x.xlsx"))).toEqual([403, "AccessDenied"]);
    const extra = { ...post, fields: { ...post.fields, acl: "public-read" } };
    expect(await errorOf(await postToS3(extra, bytes, "x.xlsx"))).toEqual([403, "AccessDenied"]);
    const keys = (await stack.ports.uploads.listYear("desk-b", 2024)).map((record) => record.key);
    expect(keys).not.toContain("uploads/desk-b/2024/x.xlsx");
  });

  it("refuses a policy changed after signing, and one that has expired", async () => {
    const post = await issue();
    const policy = JSON.parse(Buffer.from(post.fields.Policy!, "base64").toString("utf8"));
    policy.conditions = policy.conditions.filter((c: unknown) => !Array.isArray(c));
    const widened = {
      ...post,
      fields: { ...post.fields, Policy: Buffer.from(JSON.stringify(policy)).toString("base64") },
    };
    expect(await errorOf(await postToS3(widened, new Uint8Array(100), "x.xlsx"))).toEqual([
      403,
      "SignatureDoesNotMatch",
    ]);
    const expired = await stack.api.signer.presignPost(post.key, 1000, -60);
    expect(await errorOf(await postToS3(expired, new Uint8Array(100), "x.xlsx"))).toEqual([
      403,
      "AccessDenied",
    ]);
  });
});

describe("the desk API for an operator", () => {
  it("lets a user of the operators group see and issue any registered department's uploads", async () => {
    const email = "ops@example.gov.cn";
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.endpoints.userPoolId,
        Username: email,
        TemporaryPassword: "Operator-Temp-1!",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: email }],
      }),
    );
    await cognito.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: stack.endpoints.userPoolId,
        Username: email,
        GroupName: "operators",
      }),
    );
    const operator = await signIn(cognito, stack.endpoints.userPoolClientId, email, "Operator-Temp-1!");
    const { uploadId } = await upload(clerkA, workbook(), "for-ops.xlsx");
    expect((await call(stack, "GET", `/uploads/${uploadId}`, operator)).body.department).toBe("desk-a");
    const listed = await call(stack, "GET", "/uploads?year=2024&department=desk-a", operator);
    expect(listed.body.uploads.some((item: { uploadId: string }) => item.uploadId === uploadId)).toBe(true);
    const issued = await call(stack, "POST", "/uploads", operator, {
      year: 2024,
      fileName: "代传.xlsx",
      size: 5,
      department: "desk-b",
    });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^uploads\/desk-b\/2024\//);
    expect((await call(stack, "GET", "/me", operator)).body.error.code).toBe("request.missing_field");
    const unknown = await call(stack, "GET", "/me?department=nobody", operator);
    expect([unknown.status, unknown.body.error.code]).toEqual([403, "auth.department_unregistered"]);
  });
});

describe("the desk API's bad input", () => {
  const post = (body: unknown) => call(stack, "POST", "/uploads", clerkA, body);
  const codeOf = async (body: unknown) => {
    const answer = await post(body);
    return [answer.status, answer.body.error.code, answer.body.error.message.en];
  };

  it("refuses a year no format covers, or one still to come", async () => {
    expect(await codeOf({ year: 2018, fileName: "a.xlsx", size: 1 })).toEqual([
      400,
      "request.invalid_year",
      expect.stringContaining("2018"),
    ]);
    expect((await codeOf({ year: 2999, fileName: "a.xlsx", size: 1 }))[1]).toBe("request.invalid_year");
    expect((await codeOf({ year: "二〇二四", fileName: "a.xlsx", size: 1 }))[1]).toBe("request.invalid_year");
  });

  it("refuses a file over the upload limit with 413, naming the limit", async () => {
    const limit = stack.api.settings.maxUploadBytes;
    expect(await codeOf({ year: 2024, fileName: "a.xlsx", size: limit + 1 })).toEqual([
      413,
      "upload.too_large",
      expect.stringContaining(String(limit)),
    ]);
    expect((await codeOf({ year: 2024, fileName: "a.xlsx", size: 0 }))[1]).toBe("request.invalid_size");
    expect((await codeOf({ year: 2024, fileName: "a.xlsx", size: 1.5 }))[1]).toBe("request.invalid_size");
  });

  it("refuses file names that leave their folder, hide characters or run on", async () => {
    for (const fileName of [
      "../other/x.xlsx",
      "..",
      "a/b.xlsx",
      "a\\b.xlsx",
      "a\u0000.xlsx",
      "a\nb.xlsx",
      "a\u202eslx.exe",
      "长".repeat(300),
      "  ",
    ]) {
      const [status, code] = await codeOf({ year: 2024, fileName, size: 1 });
      expect([status, code], JSON.stringify(fileName)).toEqual([400, "request.invalid_file_name"]);
    }
    const cleaned = await post({ year: 2024, fileName: "  报告.xlsx ", size: 1 });
    expect(cleaned.body.key).toMatch(/\/报告\.xlsx$/);
  });

  it("refuses unknown or missing fields and a body that is not a JSON object, naming them", async () => {
    expect(await codeOf({ year: 2024, fileName: "a.xlsx", size: 1, acl: "public-read" })).toEqual([
      400,
      "request.unknown_field",
      expect.stringContaining("acl"),
    ]);
    expect(await codeOf({ year: 2024, size: 1 })).toEqual([
      400,
      "request.missing_field",
      expect.stringContaining("fileName"),
    ]);
    expect((await codeOf("[1,2]"))[1]).toBe("request.not_json");
    expect((await codeOf("{not json"))[1]).toBe("request.not_json");
    expect((await call(stack, "GET", "/uploads", clerkA)).body.error.code).toBe("request.missing_field");
    expect((await call(stack, "GET", "/uploads?year=2024&sort=asc", clerkA)).body.error.code).toBe(
      "request.unknown_field",
    );
  });
});

describe("the desk API's tokens", () => {
  const meWith = (token: string | null) => call(stack, "GET", "/me", token);

  /** A token signed with cognito-local's own key (shipped in the package), with the claims given. */
  function signed(claims: Record<string, unknown>): string {
    const key = createRequire(import.meta.url)("cognito-local/lib/keys/cognitoLocal.private.json") as {
      pem: string;
    };
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${part({ alg: "RS256", typ: "JWT", kid: "CognitoLocal" })}.${part(claims)}`;
    return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(key.pem, "base64url")}`;
  }
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));

  it("answers 401 without a token, or with one that is not a bearer token", async () => {
    expect((await meWith(null)).body.error.code).toBe("auth.missing_token");
    const basic = await fetch(`${stack.endpoints.api}/me`, { headers: { authorization: "Basic YTpi" } });
    expect(basic.status).toBe(401);
  });

  it("answers 401 to a token whose claims were changed after signing", async () => {
    const [h, , s] = clerkB.split(".");
    const claims = { ...claimsOf(clerkB), "custom:department": "desk-a" };
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
    const answer = await meWith(tampered);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe("auth.invalid_token");
  });

  it("answers 401 to an expired token, an access token, and a token for another app client", async () => {
    const claims = claimsOf(clerkA);
    const now = Math.floor(Date.now() / 1000);
    expect((await meWith(signed({ ...claims, iat: now - 7200, exp: now - 3600 }))).status).toBe(401);
    expect((await meWith(signed({ ...claims, exp: now + 600 }))).status).toBe(200);
    expect((await meWith(signed({ ...claims, exp: now + 600, token_use: "access" }))).status).toBe(401);
    expect((await meWith(signed({ ...claims, exp: now + 600, aud: "another-client" }))).status).toBe(401);
  });

  it("answers 401 to a valid token of another user pool", async () => {
    const pool = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: "foreign",
        UsernameAttributes: ["email"],
        Schema: [{ Name: "department", AttributeDataType: "String", Mutable: false }],
      }),
    );
    const poolId = pool.UserPool!.Id!;
    const client = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "foreign",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
      }),
    );
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "intruder@example.org",
        TemporaryPassword: "Temporary-1!",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "custom:department", Value: "desk-a" }],
      }),
    );
    const token = await signIn(
      cognito,
      client.UserPoolClient!.ClientId!,
      "intruder@example.org",
      "Temporary-1!",
    );
    expect(claimsOf(token)["custom:department"]).toBe("desk-a");
    expect((await meWith(token)).status).toBe(401);
  });
});
