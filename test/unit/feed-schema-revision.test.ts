import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatDocument, yearCsvSchemaDocument } from "../../functions/core/feed";
import { SCHEMA_FINGERPRINT, SCHEMA_REVISION } from "../../functions/ingest/publish-current";
import { feedJsonSchemas } from "../../schemas/feed";
import { FORMATS } from "../../schemas/formats";

describe("the published JSON Schemas", () => {
  it("are the ones SCHEMA_REVISION names, with the format documents and CSVW schemas, so none can change unpublished", () => {
    const formats = FORMATS.map((format) => formatDocument(format, FORMATS));
    const csv = FORMATS.map((format) => yearCsvSchemaDocument(format, FORMATS));
    const fingerprint = createHash("sha256")
      .update(JSON.stringify({ schemas: feedJsonSchemas(), formats, csv }))
      .digest("hex");
    expect(
      fingerprint,
      `the feed's JSON Schemas changed: bump SCHEMA_REVISION (now ${SCHEMA_REVISION}) and set SCHEMA_FINGERPRINT to ${fingerprint}`,
    ).toBe(SCHEMA_FINGERPRINT);
  });
});
