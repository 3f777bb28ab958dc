import { createHmac } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { S3UploadSigner } from "../../functions/adapters/s3-upload-signer";

/**
 * The POST policy the desk signs for a browser's upload, checked on the signed document itself: the exact
 * key, the content-length range, the bucket, the expiry, and a signature S3 can verify. (s3rver ignores
 * POST policies; the local stack checks them before it, and the desk API tests post through that.)
 */

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const client = new S3Client({
  region: "cn-north-1",
  credentials,
  endpoint: "http://127.0.0.1:4568",
  forcePathStyle: true,
});
afterAll(() => client.destroy());

const KEY = "uploads/finance/2024/0b3e9a38-1c2d-4e5f-8a9b-0c1d2e3f4a5b/年度报告.xlsx";
const LIMIT = 10 * 1024 * 1024;

type Condition = Record<string, string> | [string, ...unknown[]];
interface Policy {
  expiration: string;
  conditions: Condition[];
}

async function signed() {
  const post = await new S3UploadSigner(client, "gongkai-uploads").presignPost(KEY, LIMIT, 600);
  const policy = JSON.parse(Buffer.from(post.fields.Policy!, "base64").toString("utf8")) as Policy;
  return { post, policy };
}

/** Whether S3 would take a form with these fields and a file of `size` bytes at `at`, by the policy's rules. */
function admits(policy: Policy, form: Record<string, string>, size: number, at: Date): boolean {
  if (at.getTime() >= Date.parse(policy.expiration)) return false;
  return policy.conditions.every((condition) => {
    if (!Array.isArray(condition)) {
      const [[name, value]] = Object.entries(condition) as [[string, string]];
      return name === "bucket" ? value === "gongkai-uploads" : form[name] === value;
    }
    const [operator, ...args] = condition;
    const field = String(args[0]).replace(/^\$/, "");
    if (operator === "content-length-range") return size >= Number(args[0]) && size <= Number(args[1]);
    if (operator === "eq") return form[field] === args[1];
    if (operator === "starts-with") return (form[field] ?? "").startsWith(String(args[1]));
    return false;
  });
}

describe("the presigned POST policy", () => {
  it("pins the bucket, the exact key and a size of 1 byte to the upload limit", async () => {
    const { post, policy } = await signed();
    expect(policy.conditions).toContainEqual({ bucket: "gongkai-uploads" });
    expect(policy.conditions).toContainEqual({ key: KEY });
    expect(policy.conditions).toContainEqual(["content-length-range", 1, LIMIT]);
    expect(policy.conditions.some((c) => Array.isArray(c) && c[0] === "starts-with")).toBe(false);
    expect(post.fields.key).toBe(KEY);
    expect(post.url).toBe("http://127.0.0.1:4568/gongkai-uploads");
  });

  it("expires in the minutes it was asked for, and says when", async () => {
    const before = Date.now();
    const { post, policy } = await signed();
    const expires = Date.parse(policy.expiration);
    expect(post.expiresAt).toBe(policy.expiration);
    expect(expires - before).toBeGreaterThan(590_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(601_000);
  });

  it("is signed with SigV4 for S3 in the client's region, so S3 can check every condition", async () => {
    const { post } = await signed();
    const [accessKey, date, region, service, terminator] = post.fields["X-Amz-Credential"]!.split("/");
    expect([accessKey, region, service, terminator]).toEqual([
      "AKIDEXAMPLE",
      "cn-north-1",
      "s3",
      "aws4_request",
    ]);
    const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
    let signingKey = hmac(`AWS4${credentials.secretAccessKey}`, date!);
    for (const part of [region!, service!, terminator!]) signingKey = hmac(signingKey, part);
    expect(post.fields["X-Amz-Signature"]).toBe(
      createHmac("sha256", signingKey).update(post.fields.Policy!).digest("hex"),
    );
  });

  it("admits the file it was issued for, and refuses a larger file, another key, an empty file or a late post", async () => {
    const { post, policy } = await signed();
    const now = new Date();
    expect(admits(policy, post.fields, 15_000, now)).toBe(true);
    expect(admits(policy, post.fields, LIMIT + 1, now)).toBe(false);
    expect(admits(policy, post.fields, 0, now)).toBe(false);
    expect(admits(policy, { ...post.fields, key: "uploads/other-dept/2024/x.xlsx" }, 15_000, now)).toBe(
      false,
    );
    expect(admits(policy, { ...post.fields, key: `${KEY}.exe` }, 15_000, now)).toBe(false);
    expect(admits(policy, post.fields, 15_000, new Date(Date.parse(policy.expiration) + 1000))).toBe(false);
  });
});
