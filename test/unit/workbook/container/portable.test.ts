import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import type { inspectContainer } from "../../../../functions/core/workbook/container";
import { DEFAULT_LIMITS } from "../../../../functions/core/workbook/limits";
import * as hostile from "../../../fixtures/hostile";
import { inspect } from "./inspect";

const ENTRY = join(import.meta.dirname, "../../../../functions/core/workbook/container/index.ts");

describe("the guard in a browser", () => {
  it("bundles for a browser without any Node built-in, and the bundle gives the same verdicts", async () => {
    // esbuild refuses to resolve node:zlib, node:buffer and the like for the browser platform.
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\brequire\(|["']node:|(?<!Array)\bBuffer\b|\bprocess\./);

    const dir = await mkdtemp(join(tmpdir(), "gongkai-guard-"));
    try {
      const file = join(dir, "guard.mjs");
      await writeFile(file, code);
      const bundled = (await import(pathToFileURL(file).href)) as {
        inspectContainer: typeof inspectContainer;
      };
      for (const bytes of [hostile.writeXlsx(), hostile.writeXls(), hostile.lyingSizes(64), hostile.docx()]) {
        expect(bundled.inspectContainer(new Uint8Array(bytes), DEFAULT_LIMITS)).toEqual(inspect(bytes));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
