import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SCHEMA_FINGERPRINT, SCHEMA_REVISION } from "../../functions/ingest/publish-current";
import { feedJsonSchemas } from "../../schemas/feed";

describe("the published JSON Schemas", () => {
  it("are the ones SCHEMA_REVISION names, so a schema change cannot ship without being republished", () => {
    const fingerprint = createHash("sha256").update(JSON.stringify(feedJsonSchemas())).digest("hex");
    expect(
      fingerprint,
      `the feed's JSON Schemas changed: bump SCHEMA_REVISION (now ${SCHEMA_REVISION}) and set SCHEMA_FINGERPRINT to ${fingerprint}`,
    ).toBe(SCHEMA_FINGERPRINT);
  });
});
