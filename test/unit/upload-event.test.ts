import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { decodeEventKey, uploadEvents, uploadOrder } from "../../functions/ingest/upload-event";
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

describe("uploadOrder", () => {
  it("orders by event time, then by the sequencer compared as a number", () => {
    const at = "2025-01-20T03:04:05.678Z";
    expect(
      uploadOrder({ eventTime: at, sequencer: "FF" }) < uploadOrder({ eventTime: at, sequencer: "100" }),
    ).toBe(true);
    expect(
      uploadOrder({ eventTime: at, sequencer: "FFFF" }) <
        uploadOrder({ eventTime: "2025-01-20T03:04:05.679Z", sequencer: "01" }),
    ).toBe(true);
    expect(uploadOrder({ eventTime: at, sequencer: "0A" })).toBe(
      uploadOrder({ eventTime: at, sequencer: "0a" }),
    );
  });
});
