import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { s3Order } from "../../functions/ingest/trusted-upload";
import { decodeEventKey, uploadEvents } from "../../functions/ingest/upload-event";
import { parseUploadKey } from "../../functions/storage-layout";

/** S3 event notifications as SQS delivers them to the Lambda (test/fixtures/events/*.json). */

const fixture = async (name: string) =>
  JSON.parse(await readFile(join(import.meta.dirname, "..", "fixtures", "events", name), "utf8")) as SQSEvent;

describe("uploadEvents", () => {
  it("reads an object-created record with its form-encoded key decoded", async () => {
    const event = await fixture("sqs-s3-put.json");
    expect(uploadEvents(event.Records[0]!)).toEqual([
      {
        bucket: "gongkai-prod-uploads",
        key: "uploads/county-amr/2024/2024年度 统计表+附件.xlsx",
        versionId: "096fKKXTRTtl3on89fVO.nfljtsv6qko",
        size: 15605,
        eventTime: "2025-01-20T03:04:05.678Z",
        sequencer: "0055AED6DCD90281E5",
      },
    ]);
  });

  it("ignores the s3:TestEvent S3 sends when the notification is configured", async () => {
    const event = await fixture("sqs-s3-put.json");
    expect(uploadEvents(event.Records[1]!)).toEqual([]);
  });
});

describe("decodeEventKey and parseUploadKey", () => {
  it("turns + into a space and %2B into a plus", () => {
    expect(decodeEventKey("a+b%2Bc")).toBe("a b+c");
  });

  it("routes uploads/{department}/{year}/{uploadId}/{file} of the desk, with its upload id", () => {
    expect(parseUploadKey("uploads/county-amr/2024/0b3e9a38-1c2d-4e5f-8a9b-0c1d2e3f4a5b/r.xlsx")).toEqual({
      department: "county-amr",
      year: 2024,
      fileName: "r.xlsx",
      uploadId: "0b3e9a38-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
    });
  });

  it("routes uploads/{department}/{year}/{file} and nothing else", () => {
    expect(parseUploadKey("uploads/county-amr/2024/sub/r.xlsx")).toEqual({
      department: "county-amr",
      year: 2024,
      fileName: "r.xlsx",
    });
    expect(parseUploadKey("uploads/County/2024/r.xlsx")).toBeNull();
    expect(parseUploadKey("uploads/county-amr/24/r.xlsx")).toBeNull();
    expect(parseUploadKey("uploads/../2024/r.xlsx")).toBeNull();
    expect(parseUploadKey("originals/abc")).toBeNull();
  });
});

describe("s3Order", () => {
  it("orders by S3's last-modified time, then by the sequencer compared as a number", () => {
    const at = "2025-01-20T03:04:05.000Z";
    expect(s3Order(at, "FF") < s3Order(at, "100")).toBe(true);
    expect(s3Order(at, "FFFF") < s3Order("2025-01-20T03:04:06.000Z", "01")).toBe(true);
    expect(s3Order(at, "0A")).toBe(s3Order(at, "0a"));
  });
});
