import type { MailProblem } from "../../schemas/mail-problems";
import { UPLOAD_TAGS } from "./mail-once";
import type { IngestPorts, UploadRecord } from "./ports";

/**
 * What SES says of a mail after it took it — a bounce or a complaint, published by the configuration
 * set's event destination (EventBridge, or SNS with the same body) — kept on the upload the mail was about,
 * which its tags name (mail-once.ts). `gongkai status` then shows that the department never got it.
 */

/** The part of an SES event record this reads (the `detail` of EventBridge's "Email Bounced"). */
export interface SesMailEvent {
  eventType?: string;
  mail?: { messageId?: string; timestamp?: string; tags?: Record<string, string[] | undefined> };
  bounce?: {
    bounceType?: string;
    bounceSubType?: string;
    timestamp?: string;
    bouncedRecipients?: { emailAddress?: string; diagnosticCode?: string; status?: string }[];
  };
  complaint?: {
    timestamp?: string;
    complaintFeedbackType?: string;
    complainedRecipients?: { emailAddress?: string }[];
  };
}

export type MailFeedbackOutcome =
  | { result: "recorded"; upload: Pick<UploadRecord, "department" | "year" | "order">; problem: MailProblem }
  /** Not a bounce or complaint, not tagged with an upload, or about no upload on record. */
  | { result: "ignored"; why: "not_feedback" | "untagged" | "no_such_upload" };

const tag = (event: SesMailEvent, name: string) => event.mail?.tags?.[name]?.[0];

/** Records one SES bounce or complaint on its upload. */
export async function recordMailFeedback(
  ports: Pick<IngestPorts, "uploads" | "clock">,
  event: SesMailEvent,
): Promise<MailFeedbackOutcome> {
  const problem = feedbackProblem(event);
  if (!problem) return { result: "ignored", why: "not_feedback" };
  const department = tag(event, UPLOAD_TAGS.department);
  const year = Number(tag(event, UPLOAD_TAGS.year));
  const order = tag(event, UPLOAD_TAGS.order);
  if (!department || !order || !Number.isInteger(year)) return { result: "ignored", why: "untagged" };
  const upload = { department, year, order };
  const at = event.bounce?.timestamp ?? event.complaint?.timestamp ?? ports.clock.now().toISOString();
  if (!(await ports.uploads.recordMailFeedback(upload, problem, at))) {
    return { result: "ignored", why: "no_such_upload" };
  }
  return { result: "recorded", upload, problem };
}

/** The problem a bounce or complaint is, in SES's words (who, and what their server said). */
function feedbackProblem(event: SesMailEvent): MailProblem | null {
  if (event.eventType === "Bounce" && event.bounce) {
    const { bounceType = "?", bounceSubType = "?", bouncedRecipients = [] } = event.bounce;
    const who = bouncedRecipients
      .map((r) => [r.emailAddress, r.diagnosticCode ?? r.status].filter(Boolean).join(" "))
      .join("; ");
    return { code: "mail.bounced", detail: `Bounce ${bounceType}/${bounceSubType}: ${who}` };
  }
  if (event.eventType === "Complaint" && event.complaint) {
    const { complaintFeedbackType, complainedRecipients = [] } = event.complaint;
    const who = complainedRecipients.map((r) => r.emailAddress).join("; ");
    return { code: "mail.complained", detail: `Complaint ${complaintFeedbackType ?? ""}: ${who}`.trim() };
  }
  return null;
}
