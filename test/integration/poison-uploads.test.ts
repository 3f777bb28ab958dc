import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, S3ServiceException } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCustomerKeyRefusal, S3ObjectStore } from "../../functions/adapters/s3-stores";
import { ingestUpload } from "../../functions/ingest/ingest-upload";
import type { IngestPorts, ObjectStore } from "../../functions/ingest/ports";
import { type TrustedUpload, trustUpload } from "../../functions/ingest/trusted-upload";
import { uploadEvents } from "../../functions/ingest/upload-event";
import { readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, sqsEnvelope, startLocalStack } from "../../functions/local/stack";
import { uploadKey } from "../../functions/storage-layout";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/**
 * Uploads S3 will not give or copy: each gets an outcome on record and a mail, instead of failing every
 * delivery into the dead-letter queue. s3rver knows no SSE-C, so the sealed object is the S3 adapter's
 * answer for it (its recognition of S3's refusal is tested on S3's error as the SDK raises it).
 */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-poison-"));
  stack = await startLocalStack({ home, deliver: false });
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

async function put(department: string): Promise<{ key: string; event: () => Promise<TrustedUpload> }> {
  await stack.ports.departments.put({
    id: department,
    name: department,
    emails: [`${department}@example.gov.cn`],
  });
  const key = uploadKey(department, 2024, "r.xlsx");
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: key,
      Body: nationalWorkbook("2021", county2024Tables()),
    }),
  );
  const message = sqsEnvelope(stack.events.at(-1)!).Records[0]!;
  return { key, event: async () => (await trustUpload(stack.ports, uploadEvents(message)[0]!))! };
}

/** The S3 store, but the object under `key` sealed with a customer key as the adapter reports it. */
function sealing(objects: ObjectStore, key: string): ObjectStore {
  return {
    inspect: async (k, v) => {
      const facts = await objects.inspect(k, v);
      return k === key && facts ? { ...facts, sealed: "customer_key" } : facts;
    },
    read: async (k, v, max) =>
      k === key ? { sealed: "customer_key", size: 0, versionId: v } : objects.read(k, v, max),
    keepOriginal: (...args) => objects.keepOriginal(...args),
    keepOversize: (...args) => objects.keepOversize(...args),
    keepAnnotated: (...args) => objects.keepAnnotated(...args),
    readObject: (k) => objects.readObject(k),
  };
}

const mailsTo = async (address: string) =>
  (await readLocalMailbox(stack.endpoints.ses)).filter((mail) => mail.to.includes(address));

describe("an upload encrypted with the uploader's own key (SSE-C)", () => {
  it("is recorded as unreadable with its finding, keeps no copy, and its department is mailed", async () => {
    const { key, event } = await put("poison-sealed");
    const ports: IngestPorts = { ...stack.ports, objects: sealing(stack.ports.objects, key) };
    const trusted = (await trustUpload(
      ports,
      uploadEvents(sqsEnvelope(stack.events.at(-1)!).Records[0]!)[0]!,
    ))!;
    expect(trusted.order).toBe((await event()).order);

    const outcome = await ingestUpload(ports, trusted);
    expect(outcome.status).toBe("unreadable");
    const [record] = await stack.ports.uploads.list("poison-sealed");
    expect(record).toMatchObject({
      status: "unreadable",
      originalKey: null,
      originalNotKept: "customer_key",
      sha256: null,
    });
    expect(record!.findings.map((finding) => finding.rule)).toEqual(["upload.customer_encrypted"]);
    expect(record!.mailedAt).toBeDefined();
    const mails = await mailsTo("poison-sealed@example.gov.cn");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("SSE-C");
  });

  it("is told from other refusals by S3's own error, as the SDK raises it", () => {
    const refusal = (name: string, message: string) =>
      new S3ServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400 } });
    expect(
      isCustomerKeyRefusal(
        refusal(
          "InvalidRequest",
          "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
        ),
      ),
    ).toBe(true);
    expect(isCustomerKeyRefusal(refusal("InvalidArgument", "Invalid version id specified"))).toBe(false);
    expect(isCustomerKeyRefusal(refusal("InvalidRequest", "Missing required header for this request"))).toBe(
      false,
    );
  });
});

describe("an upload larger than one S3 copy may be", () => {
  it("is recorded as too large with why no copy is kept, and mailed, instead of failing every delivery", async () => {
    const { event } = await put("poison-huge");
    const ports: IngestPorts = {
      ...stack.ports,
      // A copy limit of 1 KB stands for S3's 5 GiB; the read limit below it makes the upload "too large".
      objects: new S3ObjectStore(stack.clients.s3, stack.config.uploadsBucket, 1024),
      settings: { ...stack.ports.settings, maxUploadBytes: 512 },
    };
    const outcome = await ingestUpload(ports, await event());
    expect(outcome.status).toBe("unreadable");
    const [record] = await stack.ports.uploads.list("poison-huge");
    expect(record).toMatchObject({ originalKey: null, originalNotKept: "larger_than_copy_limit" });
    expect(record!.findings.map((finding) => finding.rule)).toEqual(["workbook.too_large"]);
    expect(await mailsTo("poison-huge@example.gov.cn")).toHaveLength(1);
  });

  it("is still kept by a server-side copy when within the copy limit", async () => {
    const { event } = await put("poison-large");
    const ports: IngestPorts = {
      ...stack.ports,
      settings: { ...stack.ports.settings, maxUploadBytes: 512 },
    };
    await ingestUpload(ports, await event());
    const [record] = await stack.ports.uploads.list("poison-large");
    expect(record!.originalKey).toMatch(/^originals\/oversize\//);
    expect(record!.originalNotKept).toBeUndefined();
  });
});
