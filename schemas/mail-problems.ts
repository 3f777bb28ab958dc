/**
 * What can become of an upload's mail besides being delivered: one stable code each, whether the pipeline
 * retries it, and what `gongkai status` (and the desk) say of it in Chinese and English. Kept on the upload
 * (`mailErrorCode`, the service's own words in `mailError`).
 */

export interface MailProblemEntry {
  /**
   * `message`: this mail was refused or came back (an address's fault): never retried. `account`: the mail
   * service sends nothing now (the operator's to fix): the upload's event fails and is retried, and alarmed.
   */
  kind: "message" | "account";
  message: { zh: string; en: string };
}

export const MAIL_PROBLEMS = {
  "mail.refused": {
    kind: "message",
    message: {
      zh: "邮件服务拒收这封邮件（地址无效或未验证）",
      en: "the mail service refused this mail (a bad or unverified address)",
    },
  },
  "mail.bounced": {
    kind: "message",
    message: {
      zh: "邮件被退回（收件地址不存在或拒收）",
      en: "the mail bounced (no such address, or refused)",
    },
  },
  "mail.complained": {
    kind: "message",
    message: { zh: "收件人把邮件标为垃圾邮件", en: "the recipient marked the mail as spam" },
  },
  "mail.sending_paused": {
    kind: "account",
    message: {
      zh: "邮件服务已暂停发送（配置集或账号），暂未发出，恢复后重试",
      en: "sending is paused (configuration set or account); not sent yet, retried when resumed",
    },
  },
  "mail.account_suspended": {
    kind: "account",
    message: {
      zh: "邮件服务账号被停用，暂未发出，恢复后重试",
      en: "the mail service account is suspended; not sent yet, retried when restored",
    },
  },
  "mail.configuration_missing": {
    kind: "account",
    message: {
      zh: "邮件服务的配置集或发件身份不存在，暂未发出，修复后重试",
      en: "the mail configuration set or sender identity does not exist; not sent yet, retried when fixed",
    },
  },
  "mail.sender_unverified": {
    kind: "account",
    message: {
      zh: "发件域名未验证，暂未发出，验证后重试",
      en: "the sender's domain is not verified; not sent yet, retried when verified",
    },
  },
  "mail.quota_exceeded": {
    kind: "account",
    message: {
      zh: "超出邮件服务的发送配额，暂未发出，稍后重试",
      en: "the mail service's sending quota is used up; not sent yet, retried later",
    },
  },
  "mail.throttled": {
    kind: "account",
    message: {
      zh: "邮件服务限流，暂未发出，稍后重试",
      en: "the mail service is throttling; not sent yet, retried later",
    },
  },
} as const satisfies Record<string, MailProblemEntry>;

export type MailProblemCode = keyof typeof MAIL_PROBLEMS;

/** A problem of one upload's mail: its code and the mail service's own words. */
export interface MailProblem {
  code: MailProblemCode;
  detail: string;
}

/** The code's entry, or null for a code this version does not know (a newer writer's). */
export function mailProblemEntry(code: string): MailProblemEntry | null {
  return Object.hasOwn(MAIL_PROBLEMS, code) ? MAIL_PROBLEMS[code as MailProblemCode] : null;
}
