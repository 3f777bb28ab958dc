/**
 * Builds the desk page: esbuild bundles `src/main.tsx` (Preact, the page's code, and — as a chunk of its
 * own, loaded when the first file is checked — the core that validates uploads) for the browser; the
 * HTML and CSS are copied; the blank template of each format is written as `gongkai template` writes it.
 * The local stack builds it in memory when it starts; the CDK app (`npx tsx web/desk/build.ts <dir>`)
 * writes it to the directory the deployment uploads. `config.json` is not built: each place writes its own.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { BLANK_TITLE, printableTemplate } from "../../functions/core/printable-template";
import { FORMATS } from "../../schemas/formats";
import { templateFile } from "./src/templates";

export const DESK_SOURCE = fileURLToPath(new URL(".", import.meta.url));

export interface DeskFile {
  /** Relative to the page (`index.html`, `desk.js`, `chunks/core-….js`, `templates/2021.xlsx`). */
  path: string;
  bytes: Uint8Array;
  contentType: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const contentTypeOf = (path: string) =>
  TYPES[/\.[a-z]+$/.exec(path)?.[0] ?? ""] ?? "application/octet-stream";

/** Every file of the page (but its config), in memory. */
export async function buildDeskPage(options: { minify?: boolean } = {}): Promise<DeskFile[]> {
  const outdir = join(DESK_SOURCE, "dist");
  const result = await build({
    entryPoints: [join(DESK_SOURCE, "src/main.tsx")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["chrome110", "firefox115", "safari16"],
    outdir,
    entryNames: "desk",
    chunkNames: "chunks/[name]-[hash]",
    minify: options.minify ?? true,
    jsx: "automatic",
    jsxImportSource: "preact",
    charset: "utf8",
    legalComments: "none",
    write: false,
    logLevel: "error",
  });
  const files: DeskFile[] = result.outputFiles.map((file) => ({
    path: relative(outdir, file.path).split("\\").join("/"),
    bytes: file.contents,
    contentType: contentTypeOf(file.path),
  }));
  for (const name of ["index.html", "desk.css"]) {
    files.push({
      path: name,
      bytes: new Uint8Array(await readFile(join(DESK_SOURCE, name))),
      contentType: contentTypeOf(name),
    });
  }
  for (const format of FORMATS) {
    const template = await printableTemplate(format, { title: BLANK_TITLE });
    const path = templateFile(format);
    files.push({ path, bytes: template.bytes, contentType: contentTypeOf(path) });
  }
  return files;
}

/** Writes the page's files under `directory`. */
export async function writeDeskPage(directory: string): Promise<DeskFile[]> {
  const files = await buildDeskPage();
  for (const file of files) {
    const target = join(directory, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.bytes);
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const directory = process.argv[2];
  if (!directory) {
    console.error("usage: tsx web/desk/build.ts <output directory>");
    process.exit(2);
  }
  const files = await writeDeskPage(directory);
  console.log(`desk page: ${files.length} files in ${directory}`);
}
