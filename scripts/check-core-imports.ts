/**
 * The pure core knows nothing of AWS and runs in a browser too: no file under functions/core/ or schemas/
 * may import `@aws-sdk/*`, the adapters, the local stack, the file system, zlib or Node's Buffer. Run by
 * `npm run check` (and so by CI).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const FORBIDDEN_IMPORTS = [
  /from\s+["']@aws-sdk\//,
  /from\s+["'][./]*\/?(adapters|local|ingest|cli)\//,
  /from\s+["']node:fs/,
  /from\s+["']fs(\/promises)?["']/,
  /from\s+["']aws-lambda["']/,
  // Node-only: the core is bundled for a web page, where neither exists (the guard inflates with pako).
  /from\s+["'](node:)?zlib["']/,
  /from\s+["'](node:)?buffer["']/,
  /require\(\s*["'](node:)?(fs|zlib|buffer)["']\s*\)/,
];
/** Node's global Buffer needs no import; looked for in the code with comments taken out. */
const GLOBAL_BUFFER = /\bBuffer\s*[.(<]|\bnew\s+Buffer\b|:\s*Buffer\b/;

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat().filter((file) => file.endsWith(".ts"));
}

const offenders: string[] = [];
for (const file of [...(await files("functions/core")), ...(await files("schemas"))]) {
  const text = await readFile(file, "utf8");
  for (const pattern of FORBIDDEN_IMPORTS) if (pattern.test(text)) offenders.push(`${file}: ${pattern}`);
  if (GLOBAL_BUFFER.test(withoutComments(text))) offenders.push(`${file}: uses Node's global Buffer`);
}
if (offenders.length > 0) {
  console.error(
    `the core must not import AWS, adapters, the file system, zlib or Buffer:\n  ${offenders.join("\n  ")}`,
  );
  process.exit(1);
}
console.log("core imports: clean");
