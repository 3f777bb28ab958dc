import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { validateUpload } from "../../../functions/core/validate-upload";
import { FindingSchema } from "../../../schemas/finding";
import { writeDocx } from "../../fixtures/documents/docx-writer";
import { reportMhtml, reportPageBytes } from "../../fixtures/documents/html-pages";
import { reportDocument } from "../../fixtures/documents/report-document";
import { nationalWorkbook } from "../../fixtures/layouts/national-template";
import { county2024Tables } from "../../fixtures/reports/county-2021";

/**
 * Files nobody wrote on purpose: a good upload of each kind, broken in many small ways — bytes flipped,
 * cut short, an XML part inside the zip edited (a cell's value or address made odd, a run of markup
 * dropped or repeated) and zipped again. Whatever comes of it, the core answers with a verdict whose
 * every finding is one of the catalogue's, never an exception. Seeded, so a failure is found again.
 */

/** A small linear congruential generator: the same seed, the same files. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const ODD = [
  "-1",
  "1e308",
  "NaN",
  "99999999999999999999",
  "１２３",
  "&#0;",
  "&amp;",
  "\uD800",
  "A1048577",
  "XFD1",
  "",
  "<",
  "<x/>",
  "<f>SUM(A1:A9)</f>",
];

function mutateText(text: string, random: ReturnType<typeof generator>): string {
  let out = text;
  const edits = 1 + Math.floor(random.next() * 3);
  for (let k = 0; k < edits; k++) {
    const i = Math.floor(random.next() * out.length);
    const j = Math.min(out.length, i + Math.floor(random.next() * 200));
    switch (Math.floor(random.next() * 5)) {
      case 0:
        out = out.slice(0, i) + out.slice(j);
        break;
      case 1:
        out = out.slice(0, i) + out.slice(i, j) + out.slice(i);
        break;
      case 2:
        out = out.slice(0, i) + random.pick(ODD) + out.slice(i);
        break;
      case 3:
        out = out.replace(/<v>[^<]*<\/v>/g, (v) => (random.next() < 0.05 ? `<v>${random.pick(ODD)}</v>` : v));
        break;
      case 4:
        out = out.replace(/r="[A-Z]+\d+"/g, (r) => (random.next() < 0.05 ? `r="${random.pick(ODD)}"` : r));
        break;
    }
  }
  return out;
}

type Container = { FileIndex: { name: string; type: number; content: Uint8Array | number[] }[] };

/** One XML part of the zip edited, the zip written again (SheetJS's own container code). */
function mutateZipPart(bytes: Uint8Array, random: ReturnType<typeof generator>): Uint8Array {
  const zip = XLSX.CFB.read(bytes, { type: "buffer" }) as unknown as Container;
  const parts = zip.FileIndex.filter((entry) => entry.type === 2 && /\.(xml|rels)$/.test(entry.name));
  const part = random.pick(parts);
  const text = new TextDecoder().decode(new Uint8Array(part.content));
  part.content = new TextEncoder().encode(mutateText(text, random));
  return new Uint8Array(
    XLSX.CFB.write(zip as never, { fileType: "zip", type: "buffer", compression: true }) as Uint8Array,
  );
}

function mutateBytes(bytes: Uint8Array, random: ReturnType<typeof generator>): Uint8Array {
  let out = bytes.slice();
  const flips = 1 + Math.floor(random.next() * 8);
  for (let f = 0; f < flips; f++)
    out[Math.floor(random.next() * out.length)] = Math.floor(random.next() * 256);
  if (random.next() < 0.3) out = out.slice(0, Math.floor(random.next() * out.length));
  return out;
}

const document = reportDocument("2021", county2024Tables());
const workbook = nationalWorkbook("2021", county2024Tables());
const KINDS: [string, () => Promise<Uint8Array>, "zip" | "text" | "binary"][] = [
  ["an .xlsx", async () => workbook, "zip"],
  [
    "an .xls",
    async () => new Uint8Array(XLSX.write(XLSX.read(workbook), { type: "buffer", bookType: "biff8" })),
    "binary",
  ],
  ["a .docx", () => writeDocx(document), "zip"],
  ["a web page", async () => reportPageBytes(document, { style: "word_export" }), "text"],
  ["a single-file web page", async () => reportMhtml(document), "text"],
];

const PER_KIND = 40;

describe("validateUpload › uploads broken in small ways", () => {
  for (const [name, make, shape] of KINDS) {
    it(`answers every one of ${PER_KIND} broken copies of ${name} with catalogued findings, never a throw`, async () => {
      const good = await make();
      const random = generator(name.length * 7919);
      const unreadable = new Set<string>();
      for (let n = 0; n < PER_KIND; n++) {
        const broken =
          shape === "zip" && random.next() < 0.75
            ? mutateZipPart(good, random)
            : shape === "text"
              ? new TextEncoder().encode(mutateText(new TextDecoder().decode(good), random))
              : mutateBytes(good, random);
        const result = await validateUpload(broken, { year: 2024 });
        for (const finding of result.findings) expect(FindingSchema.safeParse(finding).success).toBe(true);
        if (!result.readable) for (const finding of result.findings) unreadable.add(finding.rule);
        // A verdict either way: published numbers, or the reasons it cannot be.
        expect(result.ok || result.findings.some((finding) => finding.severity === "error")).toBe(true);
      }
      // The mutations reach the readers' refusals, not only the rules.
      if (shape !== "text") expect(unreadable.size).toBeGreaterThan(0);
    });
  }
});
