import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import type { SchemaIndexDoc } from "../../schemas/feed";
import { checkCsv, type TableMetadata, tableSchemaOf } from "../support/csvw";

/**
 * The years' CSV and their CSVW metadata on the local stack: the table schema of each format published
 * with the JSON Schemas and listed in `v1/schema/index.json`, the metadata the catalogue job writes beside
 * each CSV, and the CSV it writes checked against them — a CSV with a broken row fails the check.
 */

let stack: LocalStack;
let home: string;
const examples = join(import.meta.dirname, "..", "..", "examples");

async function upload(department: string, year: number, file: string) {
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/${year}/${file}`,
      Body: await readFile(join(examples, file)),
    }),
  );
  await stack.settle();
}

const url = (path: string) => `${stack.endpoints.feed}/${path}`;
async function json(address: string): Promise<unknown> {
  const response = await fetch(address);
  expect(response.status, address).toBe(200);
  return response.json();
}

/** A year's CSV bytes and the metadata a CSVW processor finds for it, with its table schema. */
async function yearCsv(year: number) {
  const csvUrl = url(`v1/years/${year}.csv`);
  const bytes = new Uint8Array(await (await fetch(csvUrl)).arrayBuffer());
  // CSVW's default location of a file's metadata: `{+url}-metadata.json`.
  const metadataUrl = `${csvUrl}-metadata.json`;
  const metadata = (await json(metadataUrl)) as TableMetadata;
  expect(new URL(metadata.url, metadataUrl).href).toBe(csvUrl);
  return { bytes, metadata, schema: await tableSchemaOf(metadata, metadataUrl, json) };
}

/** The CSV's text with one line (0: the header) changed. */
function withLine(bytes: Uint8Array, n: number, change: (line: string) => string): Uint8Array {
  const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).split("\r\n");
  lines[n] = change(lines[n]!);
  return new TextEncoder().encode(lines.join("\r\n"));
}

const field = (line: string, i: number, value: string) =>
  line
    .split(",")
    .map((text, j) => (j === i ? value : text))
    .join(",");

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-csvw-"));
  stack = await startLocalStack({ home, catalogueEvery: 0 });
  for (const [id, name] of [
    ["county-amr", "某县市场监督管理局"],
    ["city-water", '某市水务局,"供水"处'],
    ["nx-office", "自治区人民政府办公厅"],
  ] as const) {
    await stack.ports.departments.put({ id, name, emails: [`${id}@example.gov.cn`] });
  }
  await upload("county-amr", 2024, "county-amr-2024.xlsx");
  await upload("city-water", 2024, "county-amr-2024.xlsx");
  await upload("nx-office", 2019, "nx-office-2019.xlsx");
  await stack.catalogue();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("the years' CSV and their CSVW metadata", () => {
  it("lists a CSVW table schema per format in v1/schema/index.json, each at its @id", async () => {
    const index = (await json(url("v1/schema/index.json"))) as SchemaIndexDoc;
    expect(index.csv.map((entry) => entry.format)).toEqual(["2019", "2021"]);
    for (const entry of index.csv) {
      expect(entry.id).toBe(url(entry.path));
      expect(entry.tables).toBe("v1/years/{year}.csv");
      const schema = (await json(url(entry.path))) as { "@context": unknown[]; "@id": string };
      expect(schema["@context"][0]).toBe("http://www.w3.org/ns/csvw");
      expect(schema["@id"]).toBe(entry.id);
    }
  });

  it("describes each column: its code as name, the header as written and in English, datatype, required", async () => {
    const { schema } = await yearCsv(2024);
    expect(schema.columns[0]).toEqual({
      name: "department_id",
      titles: { zh: "department_id 单位代码", en: "department_id department id" },
      datatype: { base: "string", format: "^[^\\s/\\\\?#%]+$" },
      required: true,
    });
    expect(schema.columns.find((column) => column.name === "applications.received.total")).toMatchObject({
      titles: { zh: "applications.received.total 三、一、本年新收政府信息公开申请数量 · 总计" },
      datatype: { base: "nonNegativeInteger" },
      required: false,
    });
    expect(schema.columns.find((column) => column.name === "proactive.fees.amount")).toMatchObject({
      datatype: { base: "decimal", minimum: 0 },
    });
    expect(schema.primaryKey).toBe("department_id");
  });

  it("passes the check for every year's CSV the catalogue job wrote, a quoted name and the older format too", async () => {
    for (const year of [2024, 2019]) {
      const { bytes, metadata, schema } = await yearCsv(year);
      expect(checkCsv(bytes, metadata, schema, { bom: true }), String(year)).toEqual([]);
    }
  });

  it("fails the check for a CSV with a broken row, naming the line and the column", async () => {
    const { bytes, metadata, schema } = await yearCsv(2024);
    const check = (broken: Uint8Array) => checkCsv(broken, metadata, schema, { bom: true });
    const received = schema.columns.findIndex((column) => column.name === "applications.received.total");
    // Line 3 is county-amr's (line 2, city-water's, has a quoted name with a comma in it).
    const broken = (change: (line: string) => string) => check(withLine(bytes, 2, change));
    expect(broken((line) => field(line, received, "12a"))).toEqual([
      { line: 3, column: "applications.received.total", problem: '"12a" is not a nonNegativeInteger' },
    ]);
    expect(broken((line) => field(line, received, "-3"))).toMatchObject([
      { line: 3, column: "applications.received.total" },
    ]);
    expect(broken((line) => field(line, 0, ""))).toMatchObject([
      { line: 3, column: "department_id", problem: "required, but empty" },
    ]);
    expect(broken((line) => field(line, 3, "2025-13-45T00:00:00Z"))).toMatchObject([
      { line: 3, column: "published_at" },
    ]);
    expect(broken((line) => field(line, 2, "2020"))).toMatchObject([{ line: 3, column: "format" }]);
    expect(broken((line) => line.slice(0, line.lastIndexOf(",")))).toMatchObject([
      { line: 3, problem: `${schema.columns.length - 1} cells for ${schema.columns.length} columns` },
    ]);
    expect(broken((line) => `${line}\n`)).toMatchObject([
      { problem: "a line ends without the dialect's line terminator" },
    ]);
    const first = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).split("\r\n")[1]!;
    expect(broken(() => first)).toMatchObject([{ line: 3, problem: "primary key as on line 2" }]);
  });

  it("fails the check for a header out of the schema's order, or a file without its BOM", async () => {
    const { bytes, metadata, schema } = await yearCsv(2024);
    const swapped = withLine(bytes, 0, (line) => {
      const cells = line.split(",");
      [cells[6], cells[7]] = [cells[7]!, cells[6]!];
      return cells.join(",");
    });
    expect(checkCsv(swapped, metadata, schema).map((problem) => problem.column)).toEqual([
      schema.columns[6]!.name,
      schema.columns[7]!.name,
    ]);
    expect(checkCsv(bytes.slice(3), metadata, schema, { bom: true })).toEqual([
      { line: 1, problem: "no UTF-8 byte order mark" },
    ]);
  });
});
