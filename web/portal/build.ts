/**
 * Builds the reference portal: esbuild bundles `src/main.tsx` (Preact, ECharts' bar, pie and line charts
 * with the SVG renderer, the page's code) for the browser, beside `index.html` and `portal.css`. The
 * local stack builds it in memory on the first request for it; `npx tsx web/portal/build.ts <dir>` writes
 * it to a directory a deployment uploads to the root of the feed bucket.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const SOURCE = fileURLToPath(new URL(".", import.meta.url));

/**
 * Every file the build writes, at the feed's root: the deployment may write exactly these objects of the
 * feed bucket (`infra/constructs/portal-site.ts`), so a new one must be named here.
 */
export const PORTAL_FILES = ["index.html", "portal.css", "portal.js"] as const;

export interface PortalFile {
  /** Relative to the feed's root (`index.html`, `portal.js`). */
  path: string;
  bytes: Uint8Array;
  contentType: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** Every file of the portal, in memory. */
export async function buildPortal(options: { minify?: boolean } = {}): Promise<PortalFile[]> {
  const outdir = join(SOURCE, "dist");
  const result = await build({
    entryPoints: [join(SOURCE, "src/main.tsx")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["chrome110", "firefox115", "safari16"],
    outdir,
    entryNames: "portal",
    minify: options.minify ?? true,
    jsx: "automatic",
    jsxImportSource: "preact",
    charset: "utf8",
    legalComments: "none",
    write: false,
    logLevel: "error",
  });
  const files: PortalFile[] = result.outputFiles.map((file) => ({
    path: relative(outdir, file.path).split("\\").join("/"),
    bytes: file.contents,
    contentType: TYPES[/\.[a-z]+$/.exec(file.path)?.[0] ?? ""] ?? "application/octet-stream",
  }));
  for (const name of ["index.html", "portal.css"]) {
    files.push({
      path: name,
      bytes: new Uint8Array(await readFile(join(SOURCE, name))),
      contentType: TYPES[/\.[a-z]+$/.exec(name)?.[0] ?? ""]!,
    });
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const target = process.argv[2];
  if (!target) throw new Error("usage: tsx web/portal/build.ts <directory>");
  for (const file of await buildPortal()) {
    await mkdir(dirname(join(target, file.path)), { recursive: true });
    await writeFile(join(target, file.path), file.bytes);
  }
}
