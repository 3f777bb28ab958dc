import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { END, rulesMarkdown, START } from "../../scripts/readme-rules";

/** A markdown table's rows as trimmed cells (the formatter pads columns; the words are what count). */
const rows = (table: string) =>
  table
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

describe("the README's list of finding codes", () => {
  it("is the catalogue's, as scripts/readme-rules.ts writes it", async () => {
    const readme = await readFile("README.md", "utf8");
    const section = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END));
    expect(rows(section), "run: npx tsx scripts/readme-rules.ts && npm run fix").toEqual(
      rows(rulesMarkdown()),
    );
  });
});
