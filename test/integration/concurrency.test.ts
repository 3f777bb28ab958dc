import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestUpload } from "../../functions/ingest/ingest-upload";
import type { IngestPorts } from "../../functions/ingest/ports";
import { type TrustedUpload, trustUpload } from "../../functions/ingest/trusted-upload";
import { uploadEvents } from "../../functions/ingest/upload-event";
import { readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, sqsEnvelope, startLocalStack } from "../../functions/local/stack";
import { placeDepartment, registerRegion } from "../../functions/season/register";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/**
 * The use case under the conditions of AWS that the one-at-a-time local stack never makes by itself:
 * concurrent deliveries, slow writes, and a crash at every single step followed by a retry. Real local
 * servers and adapters throughout; only the timing and the failures are injected, around the ports.
 */

let stack: LocalStack;
let home: string;

/** Pages of three entries, so that the crash test splits listings at every level of their trees. */
const PAGE_CAPACITY = 3;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-concurrency-"));
  stack = await startLocalStack({ home, deliver: false, listingPageCapacity: PAGE_CAPACITY });
  expect((await registerRegion(stack.ports, { id: "crash-prov", name: "某省", parent: null })).ok).toBe(true);
  expect(
    (await registerRegion(stack.ports, { id: "crash-city", name: "某市", parent: "crash-prov" })).ok,
  ).toBe(true);
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

/** Uploads through S3 and returns the upload S3's event names, as S3 vouches for it, without handling it. */
async function put(
  department: string,
  year: number,
  tables = county2024Tables(),
  file = "r.xlsx",
  parent: string | null = null,
): Promise<TrustedUpload> {
  const registered = await placeDepartment(stack.ports, {
    id: department,
    name: department,
    emails: [`${department}@example.gov.cn`],
    parent,
  });
  expect(registered.ok).toBe(true);
  const before = stack.events.length;
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: `uploads/${department}/${year}/${file}`,
      Body: nationalWorkbook("2021", tables),
    }),
  );
  expect(stack.events.length).toBe(before + 1);
  return (await trustUpload(stack.ports, uploadEvents(sqsEnvelope(stack.events.at(-1)!).Records[0]!)[0]!))!;
}

type Hook = (port: string, method: string, call: number, args: unknown[]) => Promise<void> | void;

/** The stack's ports with a hook before every call: a delay, or a crash at the n-th call. */
function hooked(hook: Hook, counter = { calls: 0 }): IngestPorts {
  const wrap = <T extends object>(port: string, target: T): T =>
    new Proxy(target, {
      get(object, method) {
        const value = Reflect.get(object, method);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          await hook(port, String(method), ++counter.calls, args);
          return value.apply(object, args);
        };
      },
    });
  // Every port that does I/O, whatever ports there are: a new one cannot escape the crash test.
  const ports: Record<string, unknown> = { ...stack.ports };
  for (const [name, port] of Object.entries(stack.ports)) {
    if (name !== "settings" && name !== "clock" && typeof port === "object" && port !== null) {
      ports[name] = wrap(name, port);
    }
  }
  return ports as unknown as IngestPorts;
}

/** A feed document as JSON; the assertions check the fields they name. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed document, read field by field below
async function feed(path: string): Promise<any> {
  const response = await fetch(`${stack.endpoints.feed}/${path}`);
  return response.status === 200 ? await response.json() : null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The entries a listing document shows, inline or down the tree of its pages, each page's range checked
 * against the page above's: every page it lists has its document, and holds what it says it holds.
 */
// biome-ignore lint/suspicious/noExplicitAny: parsed feed documents, read field by field
async function treeEntries(doc: any, field: "reports" | "departments", depth = 0): Promise<any[]> {
  if (doc[field]) return doc[field];
  const entries = [];
  for (const [i, page] of doc.pages.entries()) {
    const body = await feed(page.path);
    expect(body, page.path).not.toBeNull();
    expect(body.from, page.path).toBe(page.from);
    expect(body.to, page.path).toBe(doc.pages[i + 1]?.from ?? doc.to ?? null);
    entries.push(...(await treeEntries(body, field, depth + 1)));
  }
  return entries;
}

/** How many levels of pages a listing document stands on (0: inline). */
async function treeHeight(path: string): Promise<number> {
  const doc = await feed(path);
  return doc.pages ? 1 + (await treeHeight(doc.pages[0].path)) : 0;
}

/** Every department a year document lists, following its pages when it has them. */
async function yearListing(year: number): Promise<string[]> {
  const doc = await feed(`v1/years/${year}.json`);
  return (await treeEntries(doc, "reports")).map((r: { department: { id: string } }) => r.department.id);
}

/** Every department a region document lists (reported or not), following its pages. */
async function regionListing(region: string, year: number): Promise<{ id: string; reported: boolean }[]> {
  const doc = await feed(`v1/regions/${region}/${year}.json`);
  const entries = await treeEntries(doc, "departments");
  return entries.map((entry: { department: { id: string }; years: { year: number }[] }) => ({
    id: entry.department.id,
    reported: entry.years.some((y) => y.year === year),
  }));
}

describe("ingestUpload under concurrency and crashes", () => {
  it("keeps every feed document current when two departments publish the same year at once", async () => {
    const a = await put("conc-a", 2031);
    const b = await put("conc-b", 2031);
    // a renders the year document from the state it read, then stalls; b publishes completely; then a's
    // (by now stale) write lands last.
    let aRendered!: () => void;
    const aHasRendered = new Promise<void>((resolve) => {
      aRendered = resolve;
    });
    let bDone!: () => void;
    const bHasFinished = new Promise<void>((resolve) => {
      bDone = resolve;
    });
    let stalled = false;
    const stalling = hooked(async (port, _method, _call, args) => {
      if (port === "feed" && args[0] === "v1/years/2031.json" && !stalled) {
        stalled = true;
        aRendered();
        await bHasFinished;
      }
    });
    const first = ingestUpload(stalling, a);
    await aHasRendered;
    await ingestUpload(stack.ports, b);
    bDone();
    await first;
    const year = await feed("v1/years/2031.json");
    expect(year.reports.map((r: { department: { id: string } }) => r.department.id)).toEqual([
      "conc-a",
      "conc-b",
    ]);
    const summary = await feed("v1/summary/2031.json");
    expect(summary.departments).toBe(2);
    expect(summary.tables.applications.received.total).toBe(96);
    const index = await feed("v1/index.json");
    expect(index.years.find((y: { year: number }) => y.year === 2031).reports).toBe(2);
  });

  it("publishes the newer of two uploads of one department processed at once, whatever finishes last", async () => {
    const olderTables = county2024Tables();
    olderTables.proactive.licensing!.decisions = 111;
    const newerTables = county2024Tables();
    newerTables.proactive.licensing!.decisions = 222;
    const older = await put("conc-c", 2032, olderTables, "v1.xlsx");
    await sleep(5);
    const newer = await put("conc-c", 2032, newerTables, "v2.xlsx");
    // The older one becomes current first and stalls just before writing its report document; the newer
    // one then publishes completely; the older one's (stale) write lands last.
    let olderStalled!: () => void;
    const olderHasStalled = new Promise<void>((resolve) => {
      olderStalled = resolve;
    });
    let newerDone!: () => void;
    const newerHasFinished = new Promise<void>((resolve) => {
      newerDone = resolve;
    });
    let stalled = false;
    const stalling = hooked(async (port, _method, _call, args) => {
      if (port === "feed" && args[0] === "v1/reports/2032/conc-c.json" && !stalled) {
        stalled = true;
        olderStalled();
        await newerHasFinished;
      }
    });
    const firstRun = ingestUpload(stalling, older);
    await olderHasStalled;
    const second = await ingestUpload(stack.ports, newer);
    newerDone();
    const first = await firstRun;
    expect(second.status).toBe("published");
    expect(["published", "superseded"]).toContain(first.status);
    expect((await feed("v1/reports/2032/conc-c.json")).tables.proactive.licensing.decisions).toBe(222);
    const summary = await feed("v1/summary/2032.json");
    expect(summary.tables.proactive.licensing.decisions).toBe(222);
    expect(summary.departments).toBe(1);
  });

  it("tells a department when its valid upload arrived after a later one was already published", async () => {
    const earlier = await put("conc-d", 2034, county2024Tables(), "draft.xlsx");
    // Uploaded in a later second than the draft, by S3's clock.
    await sleep(1100);
    const later = await put("conc-d", 2034, county2024Tables(), "final.xlsx");
    // S3 delivered the earlier upload's event late, after the later one was handled.
    expect((await ingestUpload(stack.ports, later)).status).toBe("published");
    expect((await ingestUpload(stack.ports, earlier)).status).toBe("superseded");
    const mails = (await readLocalMailbox(stack.endpoints.ses)).filter((mail) =>
      mail.to.includes("conc-d@example.gov.cn"),
    );
    expect(mails.map((mail) => mail.subject.slice(0, 5))).toEqual(["【已发布】", "【未采用】"]);
    expect(mails[1]!.text).toMatch(/draft\.xlsx[\s\S]*final\.xlsx/);
  });

  it("converges after a crash at any one step of a publish, then a retry: counted once, mailed once, listed once", async () => {
    // How many port calls does one publish make? Count a clean run (not the year's first: that one also
    // creates the listings).
    await ingestUpload(stack.ports, await put("crash-00", 2033, county2024Tables(), "r.xlsx", "crash-city"));
    const counting = { calls: 0 };
    await ingestUpload(
      hooked(() => {}, counting),
      await put("crash-01", 2033, county2024Tables(), "r.xlsx", "crash-city"),
    );
    const total = counting.calls;
    expect(total).toBeGreaterThan(40);
    let crashed = 0;
    for (let n = 1; n <= total; n++) {
      const department = `crash-${String(n + 1).padStart(3, "0")}`;
      const event = await put(department, 2033, county2024Tables(), "r.xlsx", "crash-city");
      const crashing = hooked((_port, _method, call) => {
        if (call === n) throw new Error(`injected crash at call ${n}`);
      });
      // A publish that splits a page makes more calls, one that does not fewer: most runs crash at call n.
      const first = await ingestUpload(crashing, event).then(
        () => "done",
        (error: Error) => {
          expect(error.message).toMatch(/injected crash/);
          return "crashed";
        },
      );
      if (first === "crashed") crashed++;
      const outcome = await ingestUpload(stack.ports, event);
      const published = n + 2;
      expect(outcome.status, `crash at call ${n}`).toBe("published");
      const summary = await feed("v1/summary/2033.json");
      expect(summary.departments, `crash at call ${n}`).toBe(published);
      expect(summary.tables.applications.received.total, `crash at call ${n}`).toBe(48 * published);
      const year = await feed("v1/years/2033.json");
      expect(year.counts.reported, `crash at call ${n}`).toBe(published);
      const listed = await yearListing(2033);
      expect(listed, `crash at call ${n}`).toHaveLength(published);
      expect(new Set(listed).size).toBe(published);
      expect(listed).toEqual([...listed].sort());
      for (const region of ["crash-prov", "crash-city"]) {
        const doc = await feed(`v1/regions/${region}/2033.json`);
        expect(doc.counts, `${region}, crash at call ${n}`).toMatchObject({
          registered: published,
          reported: published,
        });
        expect(doc.tables.applications.received.total, `${region}, crash at call ${n}`).toBe(48 * published);
        const members = await regionListing(region, 2033);
        expect(
          members.filter((member) => member.reported),
          `${region}, crash at call ${n}`,
        ).toHaveLength(published);
      }
      expect((await feed(`v1/reports/2033/${department}.json`)).department.id).toBe(department);
    }
    expect(crashed).toBeGreaterThan(total * 0.8);
    // Pages of three split at every level: leaves, the pages above them, and those above those.
    expect(await treeHeight("v1/years/2033.json")).toBeGreaterThanOrEqual(3);
    expect(await treeHeight("v1/regions/crash-city/2033.json")).toBeGreaterThanOrEqual(3);
    const mails = await readLocalMailbox(stack.endpoints.ses);
    for (let n = 0; n <= total + 1; n++) {
      const address = `crash-${String(n).padStart(n <= 1 ? 2 : 3, "0")}@example.gov.cn`;
      expect(
        mails.filter((mail) => mail.to.includes(address)),
        address,
      ).toHaveLength(1);
    }
    // One crash and one retry for each of the ~100 calls of a publish: minutes on a loaded machine.
  }, 300_000);
});
