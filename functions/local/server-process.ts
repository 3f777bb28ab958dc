import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { S3EventRecord } from "aws-lambda";
import type { LocalServers } from "./servers";

/** Where the child's servers listen: the three AWS ones and cognito-local. */
export type ServerEndpoints = LocalServers["endpoints"] & { cognito: string };

/**
 * The local servers (`servers.ts`) and cognito-local in a process of their own, so that they and the
 * pipeline use two cores: at a few hundred uploads the servers (dynalite and its LevelDB above all) are as
 * busy as the pipeline. And so that a pipeline killed mid-write (SIGKILL) never kills a server mid-write:
 * cognito-local rewrites its pool's file whole, and a kill inside that write left it unreadable. The child also keeps the event journal (`event-journal.ts`), since an upload's event must be
 * on disk before S3 answers it; the parent is told each event, with its journal number, in S3's order,
 * and says when it is finished. The child exits when the parent does, however the parent ends.
 */

export interface ServerProcessOptions {
  /** State directory, as for `startLocalServers`. */
  home: string;
  ports?: { s3?: number; dynamodb?: number; ses?: number; cognito?: number };
  /** Where the events of this bucket and key prefix are kept before S3 answers; none: no journal. */
  journal?: { file: string; bucket: string; prefix: string };
  /**
   * Every object created (any bucket) in S3's order, with its journal number when it was kept; first,
   * before any new one, each event the journal held unfinished from the last process (`replayed`).
   */
  onObjectCreated(record: S3EventRecord, n: number | undefined, replayed: boolean): void;
}

export interface ServerProcess extends Omit<LocalServers, "endpoints"> {
  endpoints: ServerEndpoints;
  /** The journal's event `n` was handled (or dead-lettered). */
  finish(n: number): void;
  /** CPU time the servers' process has used. */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
}

/** What the child is started with (its one argument, as JSON). */
export type ServersChildOptions = Pick<ServerProcessOptions, "home" | "ports" | "journal">;

/** Messages from the child. */
export type ChildMessage =
  | { type: "pending"; pending: { n: number; event: S3EventRecord }[] }
  | { type: "event"; record: S3EventRecord; n?: number }
  | { type: "ready"; endpoints: ServerEndpoints }
  | { type: "failed"; message: string }
  | { type: "usage"; id: number; usage: NodeJS.CpuUsage }
  | { type: "stopped"; error?: string };

/** Messages to the child. */
export type ParentMessage = { type: "finish"; n: number } | { type: "usage"; id: number } | { type: "stop" };

const require = createRequire(import.meta.url);

/** Starts the servers' process; resolves once every server listens. */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const { home, ports, journal } = options;
  const child = fork(
    join(import.meta.dirname, "servers-child.ts"),
    [JSON.stringify({ home, ports, journal })],
    {
      // The child runs TypeScript as the CLI does, whatever the parent was started with (a test runner).
      execArgv: ["--import", require.resolve("tsx")],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const usages = new Map<number, (usage: NodeJS.CpuUsage) => void>();
  let nextUsage = 0;
  let stopped: ((error?: string) => void) | undefined;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise<ServerProcess>((resolve, reject) => {
    let ready = false;
    child.on("message", (message: ChildMessage) => {
      switch (message.type) {
        case "pending":
          for (const { n, event } of message.pending) options.onObjectCreated(event, n, true);
          break;
        case "event":
          options.onObjectCreated(message.record, message.n, false);
          break;
        case "ready":
          ready = true;
          resolve(servers(child, message.endpoints));
          break;
        case "failed":
          child.disconnect();
          reject(new Error(message.message));
          break;
        case "usage":
          usages.get(message.id)?.(message.usage);
          usages.delete(message.id);
          break;
        case "stopped":
          stopped?.(message.error);
          break;
      }
    });
    child.once("exit", (code, signal) => {
      if (!ready)
        reject(new Error(`the local servers' process exited (${signal ?? code}) before it was ready`));
      else if (!stopped) console.error(`gongkai: the local servers' process exited (${signal ?? code})`);
    });
  });

  function servers(process: ChildProcess, endpoints: ServerEndpoints): ServerProcess {
    const post = (message: ParentMessage) => {
      if (process.connected) process.send(message);
    };
    let stopping: Promise<void> | undefined;
    return {
      endpoints,
      finish: (n) => post({ type: "finish", n }),
      cpuUsage: () =>
        new Promise((resolve) => {
          const id = nextUsage++;
          usages.set(id, resolve);
          post({ type: "usage", id });
        }),
      stop: () =>
        (stopping ??= (async () => {
          if (!process.connected) return exited;
          const answered = new Promise<string | undefined>((resolve) => {
            stopped = resolve;
            exited.then(() => resolve(undefined));
          });
          post({ type: "stop" });
          const error = await answered;
          if (process.connected) process.disconnect();
          await exited;
          if (error) throw new Error(error);
        })()),
    };
  }
}
