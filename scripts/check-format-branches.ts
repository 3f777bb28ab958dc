/**
 * The formats are known only to their descriptions: no code outside `schemas/formats/` branches on a
 * format id (`format.id === "2019"`, `format === "2021" ? … : …`). Run by `npm run check` (and so by CI).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const BRANCHES = [
  /\b(id|format|formatId)\s*[!=]==?\s*["'`]\d{4}["'`]/,
  /["'`]\d{4}["'`]\s*[!=]==?\s*\w*(\.id|format)\b/,
  /case\s+["'`]20\d\d["'`]\s*:/,
];

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat().filter((file) => file.endsWith(".ts"));
}

const offenders: string[] = [];
for (const file of [...(await files("functions")), ...(await files("schemas")), ...(await files("infra"))]) {
  if (file.startsWith(join("schemas", "formats"))) continue;
  const lines = (await readFile(file, "utf8")).split("\n");
  lines.forEach((line, i) => {
    if (BRANCHES.some((pattern) => pattern.test(line))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
  });
}
if (offenders.length > 0) {
  console.error(`only the format descriptions may tell formats apart:\n  ${offenders.join("\n  ")}`);
  process.exit(1);
}
console.log("format branches: none outside schemas/formats");
