import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composePipeline, type Pipeline } from "../../functions/compose";
import { type LocalMail, readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalEndpoints, localConfig } from "../../functions/local/stack";
import { uploadKey } from "../../functions/storage-layout";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/** `gongkai dev` killed (SIGKILL) in the middle of a batch of uploads, then started again on the same home. */

const bin = join(import.meta.dirname, "..", "..", "bin", "gongkai.mjs");
const DEPARTMENTS = Array.from({ length: 20 }, (_, i) => `crash-${String(i + 1).padStart(2, "0")}`);
let home: string;
let dev: ChildProcess | undefined;

async function startDev(): Promise<{ process: ChildProcess; endpoints: LocalEndpoints }> {
  const started = spawn(process.execPath, [bin, "dev"], {
    cwd: home,
    env: { ...process.env, GONGKAI_HOME: join(home, "state") },
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gongkai dev did not get ready:\n${output}`)), 60_000);
    started.stdout!.on("data", (chunk) => {
      output += chunk;
      if (/^ready$/m.test(output) && /endpoints/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    started.stderr!.on("data", (chunk) => {
      output += chunk;
    });
    started.once("exit", (code) => reject(new Error(`gongkai dev exited (${code}):\n${output}`)));
  });
  const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
  return { process: started, endpoints };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-dev-crash-"));
  await writeFile(
    join(home, "departments.json"),
    JSON.stringify(DEPARTMENTS.map((id) => ({ id, name: `${id} 局`, emails: [`${id}@example.gov.cn`] }))),
  );
}, 30_000);

afterAll(async () => {
  if (dev && dev.exitCode === null && dev.signalCode === null) await killed(dev);
  await rm(home, { recursive: true, force: true });
});

describe("gongkai dev killed in the middle of 20 uploads", () => {
  it("finds every upload's outcome after a restart, keeps the mail sent before the crash and mails every department exactly once", async () => {
    let running = await startDev();
    dev = running.process;
    const sync = spawnSync(process.execPath, [bin, "department", "sync", "--file", "departments.json"], {
      cwd: home,
      encoding: "utf8",
      env: { ...process.env, GONGKAI_HOME: join(home, "state") },
    });
    expect(sync.status, sync.stderr).toBe(0);

    let pipeline: Pipeline = composePipeline(localConfig(running.endpoints));
    const workbook = nationalWorkbook("2019", seed2019Tables());
    for (const department of DEPARTMENTS) {
      await pipeline.clients.s3.send(
        new PutObjectCommand({
          Bucket: running.endpoints.uploadsBucket,
          Key: uploadKey(department, 2019, "年度报告.xlsx"),
          Body: workbook,
        }),
      );
    }
    pipeline.close();
    // Every upload was acknowledged; kill the stack once a couple have been mailed.
    const beforeCrash = await until("the first mails", async () => {
      const mails = await readLocalMailbox(running.endpoints.ses);
      return mails.length >= 2 ? mails : undefined;
    });
    await killed(running.process);
    expect(beforeCrash.length).toBeLessThan(DEPARTMENTS.length);

    running = await startDev();
    dev = running.process;
    pipeline = composePipeline(localConfig(running.endpoints));
    try {
      // An outcome is recorded before its mail is sent: wait for both.
      const records = await until("an outcome and its mail for every upload", async () => {
        const all = (await pipeline.ports.uploads.list()).filter(
          (record) => record.status !== "received" && record.mailedAt,
        );
        return all.length >= DEPARTMENTS.length ? all : undefined;
      });
      expect(records.map((record) => [record.department, record.status]).sort()).toEqual(
        DEPARTMENTS.map((department) => [department, "published"]),
      );
      const mails = await readLocalMailbox(running.endpoints.ses);
      const ids = (list: LocalMail[]) => list.map((mail) => mail.messageId);
      expect(ids(mails)).toEqual(expect.arrayContaining(ids(beforeCrash)));
      // Every department mailed exactly once: a claim the killed process held is taken over on replay,
      // and not sent again when the mailbox shows the killed process had sent it.
      const recipients = mails.flatMap((mail) => mail.to).sort();
      expect(recipients).toEqual(DEPARTMENTS.map((department) => `${department}@example.gov.cn`));
    } finally {
      pipeline.close();
    }
  }, 180_000);
});

/** The processes whose parent is `pid` (Linux: from /proc). */
async function childrenOf(pid: number): Promise<number[]> {
  const { readdir } = await import("node:fs/promises");
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, "utf8").catch(() => "");
    if (new RegExp(`^PPid:\\s+${pid}$`, "m").test(status)) found.push(Number(entry));
  }
  return found;
}

/** The process listening on a TCP port of 127.0.0.1 (Linux: its socket in /proc/net/tcp, then whose fd). */
async function listenerOf(port: number): Promise<number | undefined> {
  const { readdir, readlink } = await import("node:fs/promises");
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const table = await readFile("/proc/net/tcp", "utf8");
  // local_address 0100007F:PORT, state 0A (LISTEN), the inode the tenth column.
  const line = table.split("\n").find((row) => {
    const columns = row.trim().split(/\s+/);
    return columns[1] === `0100007F:${hex}` && columns[3] === "0A";
  });
  const inode = line?.trim().split(/\s+/)[9];
  if (!inode) return undefined;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`/proc/${entry}/fd/${fd}`).catch(() => "")) === `socket:[${inode}]`)
        return Number(entry);
    }
  }
  return undefined;
}

/** Whether a process runs (a zombie, dead but not yet reaped by its new parent, does not). */
async function running(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return status !== "" && !/^State:\s+Z/m.test(status);
}

describe("gongkai dev's local servers", () => {
  it("run in a process of their own that ends when gongkai dev is killed", async () => {
    // One stack a home: the one left by the test above goes first.
    if (dev && dev.exitCode === null && dev.signalCode === null) await killed(dev);
    const started = await startDev();
    dev = started.process;
    const servers = await childrenOf(started.process.pid!);
    expect(servers.length).toBeGreaterThan(0);
    // Every server, cognito-local too (it rewrites its pool's file whole: a kill inside that write left
    // it unreadable), listens in that process, never in the one a crash kills.
    for (const name of ["s3", "dynamodb", "ses", "cognito"] as const) {
      const port = Number(new URL(started.endpoints[name]).port);
      expect(servers, name).toContain(await listenerOf(port));
    }
    await killed(started.process);
    await until(
      "the servers' process to end",
      async () => {
        const left = await Promise.all(servers.map(running));
        return left.some(Boolean) ? undefined : true;
      },
      15_000,
    );
  }, 90_000);
});
