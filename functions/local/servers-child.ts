/**
 * The entry of the local servers' own process (`server-process.ts` forks it): s3rver, dynalite,
 * aws-ses-v2-local and cognito-local, and the event journal, so that every upload's event is on disk before S3 answers the
 * upload. Talks to its parent over the IPC channel only; exits when the parent closes it (after a stop, or
 * by dying).
 */
import { join } from "node:path";
import type { S3EventRecord } from "aws-lambda";
import { type LocalCognito, startCognitoLocal } from "./cognito";
import { type EventJournal, openEventJournal } from "./event-journal";
import type { ChildMessage, ParentMessage, ServersChildOptions } from "./server-process";
import { startLocalServers } from "./servers";

const send = (message: ChildMessage) => process.send?.(message);

// The parent decides when the servers stop: Ctrl-C reaches the whole process group, and the parent's
// graceful stop still needs them. A parent that dies (even SIGKILLed) closes the channel: exit then.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});
process.on("disconnect", () => process.exit(0));

const options = JSON.parse(process.argv[2] ?? "{}") as ServersChildOptions;
let journal: EventJournal | null = null;
let cognito: LocalCognito | null = null;

try {
  if (options.journal) {
    journal = openEventJournal(options.journal.file);
    send({ type: "pending", pending: journal.pending() });
  }
  const kept = options.journal;
  const servers = await startLocalServers({
    home: options.home,
    ports: options.ports,
    onObjectCreated: (record: S3EventRecord) => {
      // Kept on disk before S3 answers (a throw here fails the PUT), handled by the parent after.
      const journaled =
        journal &&
        kept &&
        record.s3.bucket.name === kept.bucket &&
        record.s3.object.key.startsWith(kept.prefix);
      send({ type: "event", record, ...(journaled ? { n: journal!.append(record) } : {}) });
    },
  });
  cognito = await startCognitoLocal(join(options.home, "cognito"), options.ports?.cognito ?? 0);
  const pool = cognito;
  process.on("message", (message: ParentMessage) => {
    if (message.type === "finish") journal?.finish(message.n);
    else if (message.type === "usage") send({ type: "usage", id: message.id, usage: process.cpuUsage() });
    else if (message.type === "stop") {
      pool
        .stop()
        .finally(() => servers.stop())
        .finally(() => journal?.close())
        .then(
          () => send({ type: "stopped" }),
          (error: Error) => send({ type: "stopped", error: error.message }),
        );
    }
  });
  send({ type: "ready", endpoints: { ...servers.endpoints, cognito: pool.endpoint } });
} catch (error) {
  await cognito?.stop().catch(() => {});
  journal?.close();
  send({ type: "failed", message: (error as Error).message });
}
