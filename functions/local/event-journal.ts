import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import type { S3EventRecord } from "aws-lambda";

/**
 * What SQS is to the pipeline on AWS, for the local stack: every S3 event is written to an append-only
 * file and fsync'd before S3 answers the upload, and marked finished once it was handled (or
 * dead-lettered). Whatever a killed `gongkai dev` had not finished is handed back on the next start, in
 * the order it arrived. A finish mark lost in a crash only replays an event the use case has already
 * handled, which it treats as a no-op (it is idempotent by upload), so marks are not fsync'd.
 *
 * Lines: `{"n":1,"event":{…}}` for an event, `{"done":1}` for its finish. A torn last line (the process
 * died while writing it) is ignored: its upload was never acknowledged.
 */
export interface EventJournal {
  /** Keeps the event durably; returns its number. Throws when it cannot (then S3 must not acknowledge). */
  append(event: S3EventRecord): number;
  /** The event was handled or dead-lettered. */
  finish(n: number): void;
  /** Events kept but not finished: what the last process left, then what arrived since, in order. */
  pending(): { n: number; event: S3EventRecord }[];
  close(): void;
}

/** Once nothing is pending and the file holds this many lines, it is emptied. */
const COMPACT_AFTER_LINES = 10_000;

/** Opens (creating) the journal at `file`, rewriting it with only the events left unfinished. */
export function openEventJournal(file: string): EventJournal {
  const pending = new Map<number, S3EventRecord>();
  let last = 0;
  if (existsSync(file)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const entry = parseLine(line);
      if (!entry) continue;
      if ("event" in entry) pending.set(entry.n, entry.event);
      else pending.delete(entry.done);
      last = Math.max(last, "n" in entry ? entry.n : entry.done);
    }
  }
  // Rewritten whole (write, fsync, rename, fsync the folder), so a crash now leaves the old or the new.
  const fresh = `${file}.next`;
  const out = openSync(fresh, "w");
  try {
    for (const [n, event] of pending) writeSync(out, line({ n, event }));
    fsyncSync(out);
  } finally {
    closeSync(out);
  }
  renameSync(fresh, file);
  syncFolder(dirname(file));

  let fd = openSync(file, "a");
  let lines = pending.size;
  return {
    append(event) {
      const n = ++last;
      writeSync(fd, line({ n, event }));
      fsyncSync(fd);
      pending.set(n, event);
      lines++;
      return n;
    },
    finish(n) {
      if (!pending.delete(n)) return;
      writeSync(fd, line({ done: n }));
      if (++lines >= COMPACT_AFTER_LINES && pending.size === 0) {
        ftruncateSync(fd, 0);
        lines = 0;
      }
    },
    pending: () => [...pending].map(([n, event]) => ({ n, event })),
    close() {
      if (fd < 0) return;
      fsyncSync(fd);
      closeSync(fd);
      fd = -1;
    },
  };
}

type Entry = { n: number; event: S3EventRecord } | { done: number };

function line(entry: Entry): string {
  return `${JSON.stringify(entry)}\n`;
}

function parseLine(text: string): Entry | null {
  if (!text.trim()) return null;
  try {
    const entry = JSON.parse(text) as Partial<{ n: number; event: S3EventRecord; done: number }>;
    if (typeof entry.n === "number" && entry.event?.s3) return { n: entry.n, event: entry.event };
    if (typeof entry.done === "number") return { done: entry.done };
  } catch {
    // A torn last line.
  }
  return null;
}

function syncFolder(folder: string): void {
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
