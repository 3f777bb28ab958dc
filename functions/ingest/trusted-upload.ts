import { randomUUID } from "node:crypto";
import type { IngestPorts, IntakeRefusal } from "./ports";
import type { UploadEvent } from "./upload-event";

/**
 * The intake trusts S3, not the message. Anyone allowed `sqs:SendMessage` on the queue can write a
 * message that looks like an S3 event, so nothing in it decides what is published: the object (version)
 * it names must exist in our uploads bucket, and the upload's place in its department's order comes from
 * what S3 says of that version — its Last-Modified, then the event's sequencer as S3 sent it (S3's own
 * tie-break for events of one key; a forged one can at most reorder versions S3 wrote in the same second).
 * A message naming another bucket or an object that does not exist is refused and recorded.
 */

/** An upload as S3 vouches for it: the version, size and time are S3's; the order is derived from them. */
export interface TrustedUpload {
  bucket: string;
  key: string;
  versionId: string | null;
  size: number;
  /** S3's Last-Modified of the version. */
  lastModified: string;
  sequencer: string;
  /** The upload's place among its department's uploads of the year. */
  order: string;
}

/** S3 sequencers are hex numbers (compared after left-padding); anything else is not S3's. */
const SEQUENCER = /^[0-9A-Fa-f]{1,32}$/;

/**
 * The order of uploads of one department and year: S3's Last-Modified (milliseconds, 15 digits), then the
 * sequencer compared as a number. The same version always gets the same order, so a replay is a no-op.
 */
export function s3Order(lastModified: string, sequencer: string): string {
  const time = new Date(lastModified).getTime();
  const millis = Number.isFinite(time) ? time : 0;
  return `${String(millis).padStart(15, "0")}-${sequencer.toUpperCase().padStart(32, "0")}`;
}

/**
 * The upload a message names, as S3 vouches for it; null when the message is refused (the refusal is
 * recorded). Costs one HEAD request.
 */
export async function trustUpload(ports: IngestPorts, event: UploadEvent): Promise<TrustedUpload | null> {
  const refuse = async (reason: IntakeRefusal["reason"]) => {
    await ports.refusals.record({
      at: ports.clock.now().toISOString(),
      reason,
      bucket: event.bucket.slice(0, 255),
      key: event.key.slice(0, 1024),
      versionId: event.versionId?.slice(0, 1024) ?? null,
      claimed: {
        eventTime: String(event.eventTime).slice(0, 64),
        sequencer: String(event.sequencer).slice(0, 64),
        size: event.size,
      },
      id: randomUUID(),
    });
    return null;
  };
  if (event.bucket !== ports.settings.uploadsBucket) return refuse("foreign_bucket");
  if (!SEQUENCER.test(event.sequencer ?? "")) return refuse("malformed_sequencer");
  const facts = await ports.objects.inspect(event.key, event.versionId);
  if (!facts) return refuse("no_such_object");
  return {
    bucket: event.bucket,
    key: event.key,
    versionId: facts.versionId,
    size: facts.size,
    lastModified: facts.lastModified,
    sequencer: event.sequencer,
    order: s3Order(facts.lastModified, event.sequencer),
  };
}
