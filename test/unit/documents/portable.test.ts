import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as reading from "../../../functions/core/document/read-document";
import { DEFAULT_LIMITS } from "../../../functions/core/workbook/limits";
import { writeDocx } from "../../fixtures/documents/docx-writer";
import { reportMhtml, reportPageBytes } from "../../fixtures/documents/html-pages";
import { reportDocument } from "../../fixtures/documents/report-document";
import { docxBomb } from "../../fixtures/hostile/documents";
import { county2024Tables } from "../../fixtures/reports/county-2021";

const ENTRY = join(import.meta.dirname, "../../../functions/core/document/read-document.ts");

describe("the document readers in a browser", () => {
  it("bundle for a browser (saxes, parse5, postal-mime) without any Node built-in, and read the same", async () => {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\brequire\(|["']node:|(?<!Array)\bBuffer\b/);
    const dir = await mkdtemp(join(tmpdir(), "gongkai-documents-"));
    try {
      const file = join(dir, "documents.mjs");
      await writeFile(file, code);
      const bundled = (await import(pathToFileURL(file).href)) as typeof reading;
      const document = reportDocument("2021", county2024Tables());
      const docx = await writeDocx(document);
      expect(bundled.readDocxDocument(docx, DEFAULT_LIMITS)).toEqual(
        reading.readDocxDocument(docx, DEFAULT_LIMITS),
      );
      const bomb = new Uint8Array(docxBomb());
      expect(bundled.readDocxDocument(bomb, DEFAULT_LIMITS)).toEqual(
        reading.readDocxDocument(bomb, DEFAULT_LIMITS),
      );
      const page = reportPageBytes(document, { style: "word_export" });
      expect(bundled.readHtmlDocument(page, DEFAULT_LIMITS)).toEqual(
        reading.readHtmlDocument(page, DEFAULT_LIMITS),
      );
      const mhtml = reportMhtml(document);
      expect(await bundled.readMhtmlDocument(mhtml, DEFAULT_LIMITS)).toEqual(
        await reading.readMhtmlDocument(mhtml, DEFAULT_LIMITS),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
