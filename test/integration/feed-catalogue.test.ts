import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedResponseHeaders, PORTAL_CSP, preflightHeaders } from "../../functions/feed-http";
import { type LocalStack, startLocalStack } from "../../functions/local/stack";
import { formatById, formatCells } from "../../schemas/formats";
import { cellKey } from "../../schemas/formats/cells";
import { strictAjv } from "../support/feed-ajv";

/**
 * The feed's catalogue on the local stack: format documents, the department list, the years' CSV, the
 * index linking them, folder indexes, and CORS as CloudFront answers it — every document checked with
 * Ajv's strict mode against the schema the feed itself publishes.
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

async function get(path: string, init?: RequestInit) {
  return fetch(`${stack.endpoints.feed}/${path}`, init);
}

// biome-ignore lint/suspicious/noExplicitAny: feed documents, read field by field
async function json(path: string): Promise<any> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return response.json();
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-catalogue-"));
  stack = await startLocalStack({ home, catalogueEvery: 0 });
  for (const [id, name] of [
    ["county-amr", "某县市场监督管理局"],
    ["nx-office", "自治区人民政府办公厅"],
    ["city-water", "某市水务局"],
  ] as const) {
    await stack.ports.departments.put({ id, name, emails: [`${id}@example.gov.cn`] });
  }
  await upload("county-amr", 2023, "county-amr-2023.xlsx");
  await upload("county-amr", 2024, "county-amr-2024.xlsx");
  await upload("nx-office", 2019, "nx-office-2019.xlsx");
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("the feed's catalogue on the local stack", () => {
  it("links the formats, the department list, the schemas and each year's CSV from the index", async () => {
    const index = await json("v1/index.json");
    expect(index.formats.map((format: { path: string }) => format.path)).toEqual([
      "v1/formats/2019.json",
      "v1/formats/2021.json",
    ]);
    expect(index.departments).toBe("v1/departments.json");
    expect(index.schemas).toBe("v1/schema/index.json");
    expect(index.years[0].paths.csv).toBe("v1/years/2024.csv");
  });

  it("answers the folders v1/ and v1/schema/ with their index documents, not 404", async () => {
    expect(await json("v1/")).toEqual(await json("v1/index.json"));
    const schemas = await json("v1/schema/");
    expect(schemas.schemas.map((schema: { name: string }) => schema.name)).toContain("format");
  });

  it("validates every document against the schemas it publishes, compiled in Ajv's strict mode", async () => {
    await stack.catalogue();
    const list = await json("v1/schema/index.json");
    const schemas: Record<string, object> = {};
    for (const entry of list.schemas) {
      schemas[entry.name] = await json(entry.path);
      expect((schemas[entry.name] as { $id: string }).$id).toBe(`${stack.endpoints.feed}/${entry.path}`);
    }
    const { validator } = strictAjv(schemas);
    const documents: [string, string][] = [
      ["index", "v1/index.json"],
      ["format", "v1/formats/2019.json"],
      ["format", "v1/formats/2021.json"],
      ["departments", "v1/departments.json"],
      ["year", "v1/years/2024.json"],
      ["summary", "v1/summary/2024.json"],
      ["report", "v1/reports/2024/county-amr.json"],
      ["report", "v1/reports/2019/nx-office.json"],
      ["department", "v1/departments/county-amr.json"],
      ["schema-index", "v1/schema/index.json"],
    ];
    for (const [name, path] of documents) {
      const validate = validator(name);
      validate(await json(path));
      expect(validate.errors, path).toBeNull();
    }
  });

  it("lists every registered department with the years it published, those that never did too", async () => {
    await stack.catalogue();
    const list = await json("v1/departments.json");
    expect(list.departments).toEqual([
      {
        id: "city-water",
        name: "某市水务局",
        parent: null,
        years: [],
        path: "v1/departments/city-water.json",
      },
      {
        id: "county-amr",
        name: "某县市场监督管理局",
        parent: null,
        years: [2023, 2024],
        path: "v1/departments/county-amr.json",
      },
      {
        id: "nx-office",
        name: "自治区人民政府办公厅",
        parent: null,
        years: [2019],
        path: "v1/departments/nx-office.json",
      },
    ]);
  });

  it("writes the year's CSV with a BOM, a column per cell code, and each report's numbers as published", async () => {
    await stack.catalogue();
    const response = await get("v1/years/2024.csv");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const header = lines[0]!.split(",");
    const cells = formatCells(formatById("2021")).map(cellKey);
    expect(header.slice(5).map((field) => field.split(" ")[0])).toEqual(cells);
    expect(lines).toHaveLength(2);
    const row = lines[1]!.split(",");
    const report = await json("v1/reports/2024/county-amr.json");
    expect(row[0]).toBe("county-amr");
    cells.forEach((key, i) => {
      const [table, ...rest] = key.split(".");
      const column = rest.pop()!;
      expect(Number(row[5 + i]), key).toBe(report.tables[table!][rest.join(".")][column]);
    });
  });

  it("rebuilds only a year that changed, and nothing when nothing did", async () => {
    await stack.catalogue();
    expect((await stack.catalogue()).years).toEqual([]);
    await upload("county-amr", 2024, "county-amr-2024.xlsx");
    const outcome = await stack.catalogue();
    expect(outcome.years).toEqual([2024]);
    expect(outcome.pagesRead).toBeGreaterThan(0);
  });

  it("answers a CORS preflight as CloudFront does, and exposes the ETag to readers", async () => {
    const preflight = await get("v1/index.json", {
      method: "OPTIONS",
      headers: { origin: "https://portal.example.org", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    for (const [name, value] of Object.entries(preflightHeaders())) {
      expect(preflight.headers.get(name), name).toBe(value);
    }
    const document = await get("v1/index.json");
    for (const [name, value] of Object.entries(feedResponseHeaders())) {
      expect(document.headers.get(name), name).toBe(value);
    }
    expect(document.headers.get("access-control-expose-headers")).toMatch(/\bETag\b/);
    const etag = document.headers.get("etag")!;
    expect((await get("v1/index.json", { headers: { "if-none-match": etag } })).status).toBe(304);
  });

  it("serves the portal at the feed's root with its content security policy", async () => {
    const page = await get("");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(PORTAL_CSP);
    expect(await page.text()).toContain('src="/portal.js"');
    expect((await get("portal.js")).status).toBe(200);
    expect((await get("no-such-page.html")).status).toBe(404);
  });
});
