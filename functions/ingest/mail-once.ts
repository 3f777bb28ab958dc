import { composeMail, type MailInput } from "../core/mail";
import { MailUnavailable } from "./mail-unavailable";
import type { IngestPorts, MailAttachment, MailDelivery, OutgoingMail, UploadRecord } from "./ports";

/** A delivery that claimed the mail and died is replaced after this long (the SQS retry comes later). */
const CLAIM_LEASE_MS = 2 * 60 * 1000;

/**
 * The message tags that name the upload a mail is about: SES hands them back with its bounces and
 * complaints (mail-feedback.ts), so those are kept on the upload.
 */
export const UPLOAD_TAGS = { department: "gongkai-department", year: "gongkai-year", order: "gongkai-order" };

/**
 * Sends the one email about an upload: once, however often the event is delivered. The claim is a
 * lease, so a delivery that died after claiming does not lose the mail; a refusal for good is recorded
 * on the upload (and so shown by `gongkai status`) rather than retried into the dead-letter queue. When
 * the mail service sends nothing now (`MailUnavailable`), the claim is given back with the reason kept on
 * the upload, and the error goes on up: the event fails, is delivered again, and the retry sends.
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
  const leaseOver = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
  const orphaned = ports.settings.claimsOrphanedBefore;
  const staleBefore = orphaned && orphaned > leaseOver ? orphaned : leaseOver;
  if (!(await ports.uploads.claimMail(record, now.toISOString(), staleBefore))) return;
  const mail: OutgoingMail = {
    to,
    ...composeMail(input, { ...(ports.settings.deskUrl ? { deskUrl: ports.settings.deskUrl } : {}) }),
    ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
    tags: {
      [UPLOAD_TAGS.department]: record.department,
      [UPLOAD_TAGS.year]: String(record.year),
      [UPLOAD_TAGS.order]: record.order,
    },
  };
  // A claim taken over: its holder may have sent the mail and died before recording it.
  const takenOver = record.mailClaimedAt;
  if (takenOver && (await ports.mailer.sentSince?.(mail, takenOver))) {
    await ports.uploads.markMailed(record, ports.clock.now().toISOString());
    return;
  }
  let delivery: MailDelivery;
  try {
    delivery = await ports.mailer.send(mail);
  } catch (error) {
    await ports.uploads.releaseMail(record, error instanceof MailUnavailable ? error.problem : undefined);
    throw error;
  }
  await ports.uploads.markMailed(
    record,
    ports.clock.now().toISOString(),
    delivery.status === "refused"
      ? { code: delivery.code ?? "mail.refused", detail: delivery.reason }
      : undefined,
  );
}
