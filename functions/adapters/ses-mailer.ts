import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { MailDelivery, Mailer, OutgoingMail } from "../ingest/ports";

/** SES refusals a retry will not get past: sandbox, unverified or bad address, account stopped. */
const PERMANENT = new Set([
  "MessageRejected",
  "MailFromDomainNotVerifiedException",
  "AccountSuspendedException",
  "SendingPausedException",
  "BadRequestException",
  "NotFoundException",
]);

/**
 * Why SES refused a mail for good (`{name}: {message}`), or undefined for a failure that a retry may get
 * past (throttling, a network error, a server error).
 */
export function refusalForGood(error: unknown): string | undefined {
  const name = (error as { name?: string }).name ?? "";
  return PERMANENT.has(name) ? `${name}: ${(error as Error).message}` : undefined;
}

/** Mail through SES v2, UTF-8 text and HTML, with attachments (SES v2's simple content carries them). */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<MailDelivery> {
    try {
      await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: mail.to },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: "UTF-8" },
              Body: {
                Text: { Data: mail.text, Charset: "UTF-8" },
                Html: { Data: mail.html, Charset: "UTF-8" },
              },
              ...(mail.attachments?.length
                ? {
                    Attachments: mail.attachments.map((attachment) => ({
                      FileName: attachment.fileName,
                      RawContent: attachment.bytes,
                      ContentType: attachment.contentType,
                      ContentDisposition: "ATTACHMENT" as const,
                    })),
                  }
                : {}),
            },
          },
          ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        }),
      );
    } catch (error) {
      const reason = refusalForGood(error);
      if (reason === undefined) throw error;
      return { status: "refused", reason };
    }
    return { status: "sent" };
  }
}
