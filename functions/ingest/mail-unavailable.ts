import type { MailProblem, MailProblemCode } from "../../schemas/mail-problems";

/**
 * The mail service sends nothing now (sending paused, the account suspended, a configuration set missing,
 * throttling): the system's fault, not the address's. Thrown, so the upload's event fails and is delivered
 * again; its code is kept on the upload meanwhile, and the handler logs and counts it for the alarm.
 */
export class MailUnavailable extends Error {
  override name = "MailUnavailable";

  constructor(
    readonly code: MailProblemCode,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }

  /** What is kept on the upload until a retry sends the mail. */
  get problem(): MailProblem {
    return { code: this.code, detail: this.detail };
  }
}

/** The metric the ingest function counts each such failure under (namespace `Gongkai`); infra alarms on it. */
export const MAIL_UNAVAILABLE_METRIC = "mail_unavailable";
