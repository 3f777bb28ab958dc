import type { Mailer, OutgoingMail } from "../ingest/ports";
/**
 * The mail aws-ses-v2-local accepted, read over its HTTP API: `GET /store` answers
 * `{ templates, emails }` (all mail, oldest first; `?since=<epoch seconds>` filters), `POST /clear-store`
 * empties mail and templates. Nothing is delivered anywhere (unless SMTP_TRANSPORT is set).
 */

export interface LocalMail {
  /** aws-ses-v2-local's id, as returned in SendEmail's `MessageId`. */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** The attachments, their bytes decoded. */
  attachments: { fileName: string; contentType: string; bytes: Uint8Array }[];
  /** ISO 8601; aws-ses-v2-local records whole seconds. */
  at: string;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** `content` is base64. */
  attachments?: { content: string; contentType: string; filename?: string }[];
  at: number;
}

export async function readLocalMailbox(sesEndpoint: string): Promise<LocalMail[]> {
  const response = await fetch(new URL("/store", sesEndpoint));
  if (!response.ok) throw new Error(`local mailbox: GET /store answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.map((email) => ({
    messageId: email.messageId,
    from: email.from,
    to: email.destination.to,
    subject: email.subject,
    text: email.body.text ?? "",
    ...(email.body.html ? { html: email.body.html } : {}),
    attachments: (email.attachments ?? []).map((attachment) => ({
      fileName: attachment.filename ?? "",
      contentType: attachment.contentType,
      bytes: new Uint8Array(Buffer.from(attachment.content, "base64")),
    })),
    at: new Date(email.at * 1000).toISOString(),
  }));
}

export async function clearLocalMailbox(sesEndpoint: string): Promise<void> {
  const response = await fetch(new URL("/clear-store", sesEndpoint), { method: "POST" });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`local mailbox: POST /clear-store answered ${response.status}`);
}

/**
 * The pipeline's mailer, with the local mailbox answering whether a mail went out: the same recipients,
 * subject and text accepted since a time (the mailbox records whole seconds, so from that second on).
 */
export function withLocalMailbox(mailer: Mailer, sesEndpoint: string): Mailer {
  return {
    send: (mail) => mailer.send(mail),
    async sentSince(mail: OutgoingMail, since: string): Promise<boolean> {
      const from = new Date(since).getTime() - 1000;
      const to = [...mail.to].sort().join(",");
      return (await readLocalMailbox(sesEndpoint)).some(
        (sent) =>
          new Date(sent.at).getTime() >= from &&
          [...sent.to].sort().join(",") === to &&
          sent.subject === mail.subject &&
          sent.text === mail.text,
      );
    },
  };
}
