import type { MailProblemCode } from "../../schemas/mail-problems";

/** The ingest's port for mail. */

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  /** Carried with the mail and back in its bounces and complaints (SES message tags). */
  tags?: Record<string, string>;
}

export interface MailAttachment {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** What became of a mail: accepted by the mail service, or refused for good (a retry would not help). */
export type MailDelivery = { status: "sent" } | { status: "refused"; reason: string; code?: MailProblemCode };

export interface Mailer {
  /**
   * Sends the mail; throws when the failure is one a retry may get past — `MailUnavailable`
   * (mail-unavailable.ts) when the mail service sends nothing now, whatever the message.
   */
  send(mail: OutgoingMail): Promise<MailDelivery>;
  /**
   * Whether this very mail was accepted since `since` (ISO 8601), for a mailbox that can tell (the local
   * stack's): a delivery taking over a dead one's claim asks before sending, since the dead one may have
   * sent it and died before it was recorded. SES cannot tell, and leaves it out.
   */
  sentSince?(mail: OutgoingMail, since: string): Promise<boolean>;
}
