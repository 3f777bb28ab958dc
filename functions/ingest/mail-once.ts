import { composeMail, type MailInput } from "../core/mail";
import type { IngestPorts, MailAttachment, MailDelivery, UploadRecord } from "./ports";

/** A delivery that claimed the mail and died is replaced after this long (the SQS retry comes later). */
const CLAIM_LEASE_MS = 2 * 60 * 1000;

/**
 * Sends the one email about an upload: once, however often the event is delivered. The claim is a
 * lease, so a delivery that died after claiming does not lose the mail; a refusal for good is recorded
 * on the upload (and so shown by `gongkai status`) rather than retried into the dead-letter queue.
 */
export async function mailOnce(
  ports: IngestPorts,
  record: UploadRecord,
  to: string[],
  input: MailInput,
  attachments: readonly MailAttachment[] = [],
): Promise<void> {
  if (to.length === 0 || record.mailedAt) return;
  const now = ports.clock.now();
  const staleBefore = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
  if (!(await ports.uploads.claimMail(record, now.toISOString(), staleBefore))) return;
  let delivery: MailDelivery;
  try {
    delivery = await ports.mailer.send({
      to,
      ...composeMail(input),
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
    });
  } catch (error) {
    await ports.uploads.releaseMail(record);
    throw error;
  }
  await ports.uploads.markMailed(
    record,
    ports.clock.now().toISOString(),
    delivery.status === "refused" ? delivery.reason : undefined,
  );
}
