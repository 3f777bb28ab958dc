import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { MailProblem, MailProblemCode } from "../../schemas/mail-problems";
import { MailUnavailable } from "../ingest/mail-unavailable";
import type { MailDelivery, Mailer, OutgoingMail } from "../ingest/ports";

/** SES refusals of this one message, which a retry will not get past: a bad or unverified address. */
const REFUSED = new Set(["MessageRejected", "BadRequestException"]);

/**
 * SES sends nothing now, whatever the message: the account's or the setup's fault, which the operator
 * fixes; meanwhile the mail waits (the event is retried). Throttling the SDK's own retries did not get past
 * counts here too.
 */
const ACCOUNT: Record<string, MailProblemCode> = {
  SendingPausedException: "mail.sending_paused",
  AccountSuspendedException: "mail.account_suspended",
  NotFoundException: "mail.configuration_missing",
  MailFromDomainNotVerifiedException: "mail.sender_unverified",
  LimitExceededException: "mail.quota_exceeded",
  TooManyRequestsException: "mail.throttled",
  ThrottlingException: "mail.throttled",
};

/** What an SES error means for the mail: this message refused, the service unavailable, or neither known. */
export type SesFailure =
  | { kind: "refused"; problem: MailProblem }
  | { kind: "unavailable"; problem: MailProblem };

/** Tells SES's refusals of a message from its account-level errors; undefined for anything else (network). */
export function sesFailure(error: unknown): SesFailure | undefined {
  const name = (error as { name?: string }).name ?? "";
  const detail = `${name}: ${(error as Error).message}`;
  if (REFUSED.has(name)) return { kind: "refused", problem: { code: "mail.refused", detail } };
  const code = ACCOUNT[name];
  return code ? { kind: "unavailable", problem: { code, detail } } : undefined;
}

/** SES v2 message tags: ASCII letters, digits, `_` and `-`, at most 256 characters. */
const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

/** Mail through SES v2, UTF-8 text and HTML, with attachments (SES v2's simple content carries them). */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<MailDelivery> {
    // A tag SES would refuse is left off: the mail matters more than its bounce being traced.
    const tags = Object.entries(mail.tags ?? {})
      .filter(([name, value]) => TAG_VALUE.test(name) && TAG_VALUE.test(value))
      .map(([Name, Value]) => ({ Name, Value }));
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
          ...(tags.length > 0 ? { EmailTags: tags } : {}),
          ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        }),
      );
    } catch (error) {
      const failure = sesFailure(error);
      if (failure?.kind === "refused") {
        return { status: "refused", reason: failure.problem.detail, code: failure.problem.code };
      }
      if (failure) throw new MailUnavailable(failure.problem.code, failure.problem.detail, { cause: error });
      throw error;
    }
    return { status: "sent" };
  }
}
