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
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/**
 * The use case under the conditions of AWS that the one-at-a-time local stack never makes by itself:
 * concurrent deliveries, slow writes, and a crash at every single step followed by a retry. Real local
 * servers and adapters throughout; only the timing and the failures are injected, around the ports.
 */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-concurrency-"));
  stack = await startLocalStack({ home, deliver: false });
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
): Promise<TrustedUpload> {
  await stack.ports.departments.put({
    id: department,
    name: department,
    emails: [`${department}@example.gov.cn`],
  });
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
function hooked(hook: Hook): IngestPorts {
  let calls = 0;
  const wrap = <T extends object>(port: string, target: T): T =>
    new Proxy(target, {
      get(object, method) {
        const value = Reflect.get(object, method);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          await hook(port, String(method), ++calls, args);
          return value.apply(object, args);
        };
      },
    });
  const { objects, departments, uploads, versions, aggregates, feed, mailer } = stack.ports;
  return {
    ...stack.ports,
    objects: wrap("objects", objects),
    departments: wrap("departments", departments),
    uploads: wrap("uploads", uploads),
    versions: wrap("versions", versions),
    aggregates: wrap("aggregates", aggregates),
    feed: wrap("feed", feed),
    mailer: wrap("mailer", mailer),
  };
}

/** A feed document as JSON; the assertions check the fields they name. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed document, read field by field below
async function feed(path: string): Promise<any> {
  const response = await fetch(`${stack.endpoints.feed}/${path}`);
  return response.status === 200 ? await response.json() : null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it("converges after a crash at any one step of a publish, then a retry: counted once, mailed once", async () => {
    // How many port calls does one publish make? Count a clean run.
    let total = 0;
    const counting = hooked((_port, _method, call) => {
      total = call;
    });
    await ingestUpload(counting, await put("crash-00", 2033));
    expect(total).toBeGreaterThan(20);
    for (let n = 1; n <= total; n++) {
      const department = `crash-${String(n).padStart(2, "0")}`;
      const event = await put(department, 2033);
      const crashing = hooked((_port, _method, call) => {
        if (call === n) throw new Error(`injected crash at call ${n}`);
      });
      await expect(ingestUpload(crashing, event)).rejects.toThrow(/injected crash/);
      const outcome = await ingestUpload(stack.ports, event);
      expect(outcome.status, `crash at call ${n}`).toBe("published");
      const summary = await feed("v1/summary/2033.json");
      expect(summary.departments, `crash at call ${n}`).toBe(n + 1);
      expect(summary.tables.applications.received.total, `crash at call ${n}`).toBe(48 * (n + 1));
      expect((await feed("v1/years/2033.json")).reports).toHaveLength(n + 1);
      expect((await feed(`v1/reports/2033/${department}.json`)).department.id).toBe(department);
    }
    const mails = await readLocalMailbox(stack.endpoints.ses);
    for (let n = 0; n <= total; n++) {
      const address = `crash-${String(n).padStart(2, "0")}@example.gov.cn`;
      expect(
        mails.filter((mail) => mail.to.includes(address)),
        address,
      ).toHaveLength(1);
    }
  });
});
