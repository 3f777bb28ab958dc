/**
 * Browser POST uploads on the local S3 as S3 takes them. s3rver stores any multipart POST and ignores its
 * policy, so a POST with a larger file or another key than the desk signed would be stored locally and
 * refused on AWS. This middleware (before s3rver's router) buffers the form, checks it as S3 does — the
 * SigV4 signature of the policy with the local secret, its expiry, every condition (exact fields,
 * `starts-with`, `content-length-range`), and that every form field is covered by a condition — answers
 * S3's errors, and hands s3rver the same bytes when the form passes.
 */
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { Readable } from "node:stream";

const require = createRequire(import.meta.url);

interface PolicyContext {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  req: NodeJS.ReadableStream;
}

type S3ErrorClass = new (code: string, message: string, detail?: Record<string, string>) => Error;
type BusboyClass = new (options: {
  headers: unknown;
  limits?: object;
}) => NodeJS.WritableStream & {
  on(event: "field", listener: (name: string, value: string) => void): void;
  on(event: "file", listener: (name: string, stream: NodeJS.ReadableStream) => void): void;
  on(event: "finish" | "error", listener: (error?: Error) => void): void;
};

/** Largest form read: S3's own POST limit is 5 GB; the local stack needs a little over the upload limit. */
const MAX_FORM_BYTES = 64 * 1024 * 1024;
/** Fields S3 does not ask the policy to cover. */
const UNCOVERED = new Set(["policy", "x-amz-signature", "file"]);

export function postPolicies(secretAccessKey: string) {
  const S3Error: S3ErrorClass = require("s3rver/lib/models/error");
  const Busboy: BusboyClass = createRequire(require.resolve("s3rver"))("busboy");
  const denied = (why: string) => new S3Error("AccessDenied", `Invalid according to Policy: ${why}`);

  return async function checkPostPolicy(ctx: PolicyContext, next: () => Promise<void>): Promise<void> {
    const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
    const type = String(ctx.headers["content-type"] ?? "");
    if (ctx.method !== "POST" || !bucket || !type.startsWith("multipart/form-data")) return next();
    const body = await readAll(
      ctx.req,
      () => new S3Error("EntityTooLarge", "Your proposed upload is too large."),
    );
    const { fields, fileSize } = await parseForm(Busboy, ctx.headers, body);
    const encoded = fields.policy;
    if (!encoded)
      throw new S3Error("AccessDenied", "Bucket POST must contain a policy (anonymous POST is refused)");
    const [, date = "", region = "", service = ""] = (fields["x-amz-credential"] ?? "").split("/");
    if (fields["x-amz-algorithm"] !== "AWS4-HMAC-SHA256")
      throw denied("the signing algorithm is not AWS4-HMAC-SHA256");
    const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
    let key = hmac(`AWS4${secretAccessKey}`, date);
    for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
    if (createHmac("sha256", key).update(encoded).digest("hex") !== fields["x-amz-signature"]) {
      throw new S3Error(
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided.",
      );
    }
    let policy: { expiration?: string; conditions?: unknown[] };
    try {
      policy = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
    } catch {
      throw new S3Error("InvalidPolicyDocument", "Invalid Policy: Invalid JSON.");
    }
    if (!policy.expiration || !(Date.parse(policy.expiration) > Date.now())) throw denied("Policy expired.");
    const covered = new Set<string>(["bucket"]);
    const formValue = (name: string) => (name === "bucket" ? bucket : fields[name]);
    for (const condition of policy.conditions ?? []) {
      if (Array.isArray(condition)) {
        const [operator, subject, value] = condition as [string, string | number, string | number];
        if (operator === "content-length-range") {
          if (fileSize < Number(subject) || fileSize > Number(value)) {
            throw new S3Error(
              "EntityTooLarge",
              `Your proposed upload is outside the range ${subject}–${value} bytes.`,
            );
          }
          continue;
        }
        const name = String(subject).replace(/^\$/, "").toLowerCase();
        covered.add(name);
        const actual = formValue(name) ?? "";
        if (
          operator === "eq"
            ? actual !== value
            : operator === "starts-with"
              ? !actual.startsWith(String(value))
              : true
        ) {
          throw denied(`Policy Condition failed: ["${operator}", "$${name}", "${value}"]`);
        }
      } else if (condition && typeof condition === "object") {
        for (const [field, value] of Object.entries(condition)) {
          const name = field.toLowerCase();
          covered.add(name);
          if (formValue(name) !== value)
            throw denied(`Policy Condition failed: ["eq", "$${name}", "${value}"]`);
        }
      }
    }
    const extra = Object.keys(fields).filter(
      (name) => !UNCOVERED.has(name) && !name.startsWith("x-ignore-") && !covered.has(name),
    );
    if (extra.length > 0) throw denied(`Extra input fields: ${extra.join(", ")}`);
    // s3rver reads the form itself from the request: give it the same bytes again.
    ctx.req = Object.assign(Readable.from([body]), {
      headers: ctx.headers,
    }) as unknown as PolicyContext["req"];
    return next();
  };
}

async function readAll(stream: NodeJS.ReadableStream, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The form's fields before the file (lowercased names, as S3 compares them) and the file's size. */
function parseForm(
  Busboy: BusboyClass,
  headers: PolicyContext["headers"],
  body: Buffer,
): Promise<{ fields: Record<string, string>; fileSize: number }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let fileSize = 0;
    let seenFile = false;
    const busboy = new Busboy({ headers });
    busboy.on("field", (name, value) => {
      if (!seenFile) fields[name.toLowerCase()] = value;
    });
    busboy.on("file", (name, stream) => {
      if (name !== "file" || seenFile) {
        stream.resume();
        return;
      }
      seenFile = true;
      stream.on("data", (chunk: Buffer) => {
        fileSize += chunk.length;
      });
    });
    busboy.on("error", reject);
    busboy.on("finish", () => resolve({ fields, fileSize }));
    Readable.from([body]).pipe(busboy);
  });
}
