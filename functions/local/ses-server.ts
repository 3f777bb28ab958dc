import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

type SesServer = typeof import("aws-ses-v2-local").default;
type SesStore = typeof import("aws-ses-v2-local/dist/store");
type SesEmail = import("aws-ses-v2-local/dist/store").Email;

const require = createRequire(import.meta.url);

/**
 * aws-ses-v2-local on loopback, its mailbox on disk as mail is sent. The package keeps mail in a
 * module-global store (shared by every server in the process) that dies with the process; here every
 * mail it accepts is appended to `{folder}/mailbox.jsonl` and fsync'd before SendEmail is answered, so a
 * mail the pipeline was told was sent survives a crash. `mailbox.json`, where earlier versions saved the
 * store on a clean stop, is read once and folded in.
 */
export async function startSes(
  folder: string,
  host: string,
  port: number,
  closers: (() => Promise<void>)[],
): Promise<string> {
  const sesServer: SesServer = require("aws-ses-v2-local").default;
  const store: SesStore = require("aws-ses-v2-local/dist/store");
  const log = join(folder, "mailbox.jsonl");
  const legacy = join(folder, "mailbox.json");
  store.clearStore();
  const kept = [...readLegacy(legacy), ...readLog(log)];
  // Not saveEmail(): that would forward old mail again when SMTP_TRANSPORT is set.
  store.getStoreReadonly().emails.push(...kept);
  // Rewritten whole (the legacy mail folded in, a torn last line dropped) beside it, then renamed over
  // it: a crash while starting leaves the old log or the new one, never half of either.
  const rewritten = `${log}.tmp`;
  const out = openSync(rewritten, "w");
  writeSync(out, kept.map((email) => `${JSON.stringify(email)}\n`).join(""));
  fsyncSync(out);
  closeSync(out);
  renameSync(rewritten, log);
  rmSync(legacy, { force: true });
  const fd = openSync(log, "a");
  const { saveEmail, clearStore } = store;
  // The package's handlers call these through its exports object, so replacing them there reaches them.
  const exports = store as { -readonly [K in keyof SesStore]: SesStore[K] };
  exports.saveEmail = (email) => {
    writeSync(fd, `${JSON.stringify(email)}\n`);
    fsyncSync(fd);
    saveEmail(email);
  };
  exports.clearStore = () => {
    clearStore();
    writeFileSync(log, "");
  };
  // aws-ses-v2-local resolves with a server that is not listening when the port is taken.
  let server = await sesServer({ host, port });
  if (!server.listening && port !== 0) server = await sesServer({ host, port: 0 });
  if (!server.listening) {
    closeSync(fd);
    throw new Error("aws-ses-v2-local could not listen");
  }
  const listening = server;
  closers.push(async () => {
    await new Promise<void>((resolve, reject) => {
      listening.close((error) => (error ? reject(error) : resolve()));
      listening.closeAllConnections();
    });
    Object.assign(exports, { saveEmail, clearStore });
    closeSync(fd);
  });
  return `http://${host}:${(listening.address() as AddressInfo).port}`;
}

function readLegacy(file: string): SesEmail[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SesEmail[]) : [];
}

/** One mail a line; a torn last line (a crash while writing it) was never acknowledged. */
function readLog(file: string): SesEmail[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as SesEmail] : [];
      } catch {
        return [];
      }
    });
}
