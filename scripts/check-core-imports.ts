/**
 * The pure core knows nothing of AWS: no file under functions/core/ or schemas/ may import `@aws-sdk/*`,
 * the adapters, the local stack or the file system. Run by `npm run check` (and so by CI).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const FORBIDDEN = [
  /from\s+["']@aws-sdk\//,
  /from\s+["'][./]*\/?(adapters|local|ingest|cli)\//,
  /from\s+["']node:fs/,
  /from\s+["']aws-lambda["']/,
];

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
  for (const pattern of FORBIDDEN) if (pattern.test(text)) offenders.push(`${file}: ${pattern}`);
}
if (offenders.length > 0) {
  console.error(`the core must not import AWS, adapters or the file system:\n  ${offenders.join("\n  ")}`);
  process.exit(1);
}
console.log("core imports: clean");
