import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import {
  AccountSuspendedException,
  MessageRejected,
  NotFoundException,
  SendingPausedException,
  TooManyRequestsException,
} from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsClients } from "../../functions/adapters/aws-clients";
import { SesMailer, sesFailure } from "../../functions/adapters/ses-mailer";
import { mailProblemText } from "../../functions/cli/report-text";
import { ingestUpload } from "../../functions/ingest/ingest-upload";
import { recordMailFeedback, type SesMailEvent } from "../../functions/ingest/mail-feedback";
import { MailUnavailable } from "../../functions/ingest/mail-unavailable";
import type { IngestPorts, OutgoingMail } from "../../functions/ingest/ports";
import { type TrustedUpload, trustUpload } from "../../functions/ingest/trusted-upload";
import { uploadEvents } from "../../functions/ingest/upload-event";
import { readLocalMailbox } from "../../functions/local/mailbox";
import { LOCAL_CREDENTIALS } from "../../functions/local/servers";
import { type LocalStack, sqsEnvelope, startLocalStack } from "../../functions/local/stack";
import { uploadKey } from "../../functions/storage-layout";
import bounceEvent from "../fixtures/events/eventbridge-ses-bounce.json" with { type: "json" };
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { county2024Tables } from "../fixtures/reports/county-2021";

/** The one mail about an upload: the SES adapter on the local server, and mail-once around it. */

let stack: LocalStack;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-mail-"));
  stack = await startLocalStack({ home, deliver: false });
});

afterAll(async () => {
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

async function put(department: string, tables = county2024Tables()): Promise<TrustedUpload> {
  await stack.ports.departments.put({
    id: department,
    name: department,
    emails: [`${department}@example.gov.cn`],
  });
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: uploadKey(department, 2024, "r.xlsx"),
      Body: nationalWorkbook("2021", tables),
    }),
  );
  return (await trustUpload(stack.ports, uploadEvents(sqsEnvelope(stack.events.at(-1)!).Records[0]!)[0]!))!;
}

const mailsTo = async (address: string) =>
  (await readLocalMailbox(stack.endpoints.ses)).filter((mail) => mail.to.includes(address));

const metadata = { httpStatusCode: 400 };

describe("SesMailer", () => {
  it("sends a mail through SES and answers sent", async () => {
    const mailer = new SesMailer(stack.clients.ses, "gongkai@localhost");
    const delivery = await mailer.send({
      to: ["ses-adapter@example.gov.cn"],
      subject: "2024年度报告已发布",
      text: "已通过校验。",
      html: "<p>已通过校验。</p>",
    });
    expect(delivery).toEqual({ status: "sent" });
    expect((await mailsTo("ses-adapter@example.gov.cn")).map((mail) => mail.subject)).toEqual([
      "2024年度报告已发布",
    ]);
  });

  it("sends an attachment as SES v2 simple content carries it, bytes and name intact", async () => {
    const mailer = new SesMailer(stack.clients.ses, "gongkai@localhost");
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 255, 128, 7]);
    await mailer.send({
      to: ["ses-attachment@example.gov.cn"],
      subject: "【未通过】附件",
      text: "见附件。",
      html: "<p>见附件。</p>",
      attachments: [{ fileName: "报告（已标注）.xlsx", contentType: "application/vnd.ms-excel", bytes }],
    });
    const [mail] = await mailsTo("ses-attachment@example.gov.cn");
    expect(mail!.attachments).toEqual([
      { fileName: "报告（已标注）.xlsx", contentType: "application/vnd.ms-excel", bytes },
    ]);
  });

  it("sends the mail again when SES took it but its answer was lost (at-least-once: SES has no idempotency key)", async () => {
    // In front of the local SES: every request forwarded, the first answer held back past the client's timeout.
    let answers = 0;
    const proxy = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        const upstream = await fetch(new URL(request.url!, stack.endpoints.ses), {
          method: request.method!,
          headers: Object.fromEntries(
            Object.entries(request.headers).filter(
              (header): header is [string, string] =>
                typeof header[1] === "string" &&
                !["host", "connection", "content-length"].includes(header[0]),
            ),
          ),
          body: Buffer.concat(chunks),
        });
        const body = Buffer.from(await upstream.arrayBuffer());
        if (answers++ === 0) await new Promise((resolve) => setTimeout(resolve, 2_500));
        if (response.destroyed) return;
        response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "" });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const { ses } = awsClients({
      region: stack.endpoints.region,
      credentials: LOCAL_CREDENTIALS,
      endpoints: { ses: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` },
      timeouts: { requestMs: 1_000 },
    });
    try {
      const delivery = await new SesMailer(ses, "gongkai@localhost").send({
        to: ["ses-lost-answer@example.gov.cn"],
        subject: "2024年度报告已发布",
        text: "已通过校验。",
        html: "<p>已通过校验。</p>",
      });
      expect(delivery).toEqual({ status: "sent" });
      // The SDK retried the timed-out request: SES had taken the first one, so the reader gets it twice.
      expect((await mailsTo("ses-lost-answer@example.gov.cn")).length).toBeGreaterThanOrEqual(2);
    } finally {
      ses.destroy();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("throws when SES fails in a way not known to be final, so the delivery is retried", async () => {
    // The local server refuses a mail without a sender with an error SES itself never names.
    const mailer = new SesMailer(stack.clients.ses, "");
    await expect(
      mailer.send({ to: ["ses-adapter@example.gov.cn"], subject: "s", text: "t", html: "<p>t</p>" }),
    ).rejects.toThrow();
  });

  it("takes SES's sandbox and address refusals of one message as final, with their name and message", () => {
    const rejected = new MessageRejected({ message: "Email address is not verified.", $metadata: metadata });
    expect(sesFailure(rejected)).toEqual({
      kind: "refused",
      problem: { code: "mail.refused", detail: "MessageRejected: Email address is not verified." },
    });
  });

  it("takes account-level errors and throttling as the mail service unavailable, each with its code", () => {
    const code = (error: unknown) => {
      const failure = sesFailure(error);
      return failure?.kind === "unavailable" ? failure.problem.code : failure?.kind;
    };
    expect(code(new SendingPausedException({ message: "paused", $metadata: metadata }))).toBe(
      "mail.sending_paused",
    );
    expect(code(new AccountSuspendedException({ message: "suspended", $metadata: metadata }))).toBe(
      "mail.account_suspended",
    );
    expect(code(new NotFoundException({ message: "no configuration set", $metadata: metadata }))).toBe(
      "mail.configuration_missing",
    );
    expect(code(new TooManyRequestsException({ message: "slow down", $metadata: metadata }))).toBe(
      "mail.throttled",
    );
  });

  it("leaves network failures unclassified (thrown as they are, and retried)", () => {
    expect(sesFailure(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(undefined);
  });
});

describe("mailOnce (through ingestUpload)", () => {
  it("records a refusal for good on the upload and never tries that mail again", async () => {
    const event = await put("mail-refused");
    const refusing: IngestPorts = {
      ...stack.ports,
      mailer: {
        send: async () => ({ status: "refused", reason: "MessageRejected: Email address is not verified." }),
      },
    };
    const outcome = await ingestUpload(refusing, event);
    expect(outcome.status).toBe("published");
    const [record] = await stack.ports.uploads.list("mail-refused");
    expect(record!.mailError).toBe("MessageRejected: Email address is not verified.");
    expect(record!.mailedAt).toBeDefined();
    // A duplicate delivery, with a mailer that would send: the refusal stands, nothing is sent.
    await ingestUpload(stack.ports, event);
    expect(await mailsTo("mail-refused@example.gov.cn")).toEqual([]);
  });

  it("gives the claim back when sending fails in a way a retry may get past, and the retry mails once", async () => {
    const event = await put("mail-retried");
    const failing: IngestPorts = {
      ...stack.ports,
      mailer: {
        send: async () => {
          throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
        },
      },
    };
    await expect(ingestUpload(failing, event)).rejects.toThrow(/socket hang up/);
    const [record] = await stack.ports.uploads.list("mail-retried");
    expect(record!.mailClaimedAt).toBeUndefined();
    expect(record!.mailedAt).toBeUndefined();
    expect((await ingestUpload(stack.ports, event)).status).toBe("published");
    await ingestUpload(stack.ports, event);
    expect(await mailsTo("mail-retried@example.gov.cn")).toHaveLength(1);
  });
});

describe("where the mails send the clerk to upload again", () => {
  it("names the local stack's desk page, which serves the page, and no S3 folder", async () => {
    const broken = county2024Tables();
    broken.applications.received!.total = 47;
    expect((await ingestUpload(stack.ports, await put("mail-desk", broken))).status).toBe("rejected");
    const [mail] = await mailsTo("mail-desk@example.gov.cn");
    const desk = `${stack.endpoints.feed}/desk/`;
    expect(mail!.text).toContain(`保存后在填报台 ${desk} 上传改正后的文件`);
    expect(mail!.text).toContain(`upload the corrected file on the desk page ${desk}`);
    expect(mail!.html).toContain(`填报台 ${desk}`);
    expect(mail!.text).not.toContain("uploads/mail-desk/2024/");
    const page = await fetch(desk);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
  });

  it("names the upload folder when the pipeline has no desk configured", async () => {
    const { deskUrl: _none, ...noDesk } = stack.ports.settings;
    const ports: IngestPorts = { ...stack.ports, settings: noDesk };
    expect((await ingestUpload(ports, await put("mail-no-desk"))).status).toBe("published");
    const [mail] = await mailsTo("mail-no-desk@example.gov.cn");
    expect(mail!.text).toContain("上传到同一文件夹 uploads/mail-no-desk/2024/");
    expect(mail!.text).not.toContain("填报台");
  });
});

describe("mailOnce when the mail service sends nothing now", () => {
  it("keeps the upload unmailed with the account-level code, fails the delivery, and the retry mails once", async () => {
    const event = await put("mail-paused");
    const paused: IngestPorts = {
      ...stack.ports,
      mailer: {
        send: async () => {
          throw new MailUnavailable("mail.sending_paused", "SendingPausedException: sending is paused");
        },
      },
    };
    await expect(ingestUpload(paused, event)).rejects.toBeInstanceOf(MailUnavailable);
    const [waiting] = await stack.ports.uploads.list("mail-paused");
    expect(waiting).toMatchObject({ status: "published", mailErrorCode: "mail.sending_paused" });
    expect(waiting!.mailedAt).toBeUndefined();
    expect(waiting!.mailClaimedAt).toBeUndefined();
    expect(mailProblemText(waiting!, "en")).toMatch(/^mail: sending is paused .*retried/);

    expect((await ingestUpload(stack.ports, event)).status).toBe("published");
    await ingestUpload(stack.ports, event);
    expect(await mailsTo("mail-paused@example.gov.cn")).toHaveLength(1);
    const [mailed] = await stack.ports.uploads.list("mail-paused");
    expect(mailed!.mailedAt).toBeDefined();
    expect(mailed!.mailErrorCode).toBeUndefined();
    expect(mailed!.mailError).toBeUndefined();
  });
});

describe("recordMailFeedback", () => {
  /** Sends through the real SES adapter, keeping what it sent (the local server does not keep tags). */
  function capturing(): { ports: IngestPorts; sent: OutgoingMail[] } {
    const sent: OutgoingMail[] = [];
    const ses = new SesMailer(stack.clients.ses, "gongkai@localhost");
    return {
      sent,
      ports: {
        ...stack.ports,
        mailer: {
          send: (mail) => {
            sent.push(mail);
            return ses.send(mail);
          },
        },
      },
    };
  }

  /** The fixture's bounce, as SES would send it back for `mail`: its tags as SES returns them. */
  const bounceOf = (mail: OutgoingMail): SesMailEvent => ({
    ...bounceEvent.detail,
    mail: {
      ...bounceEvent.detail.mail,
      tags: {
        ...bounceEvent.detail.mail.tags,
        ...Object.fromEntries(Object.entries(mail.tags ?? {}).map(([name, value]) => [name, [value]])),
      },
    },
  });

  it("records an SES bounce on the upload the mail was about, and status shows it", async () => {
    const { ports, sent } = capturing();
    const event = await put("mail-bounced");
    const { record } = await ingestUpload(ports, event);
    expect(sent).toHaveLength(1);

    const outcome = await recordMailFeedback(stack.ports, bounceOf(sent[0]!));
    expect(outcome.result).toBe("recorded");
    const stored = await stack.ports.uploads.get(record.department, record.year, record.order);
    expect(stored).toMatchObject({
      status: "published",
      mailErrorCode: "mail.bounced",
      mailError: "Bounce Permanent/General: clerk@example.gov.cn smtp; 550 5.1.1 user unknown",
      mailFeedbackAt: "2025-02-03T08:15:41.912Z",
    });
    expect(stored!.mailedAt).toBeDefined();
    expect(mailProblemText(stored!, "zh")).toMatch(/^邮件: 邮件被退回/);
  });

  it("records a complaint, and ignores feedback about no upload on record", async () => {
    const { ports, sent } = capturing();
    const { record } = await ingestUpload(ports, await put("mail-complained"));
    const bounce = bounceOf(sent[0]!);
    const complaint: SesMailEvent = {
      eventType: "Complaint",
      mail: bounce.mail!,
      complaint: {
        timestamp: "2025-02-04T01:00:00.000Z",
        complaintFeedbackType: "abuse",
        complainedRecipients: [{ emailAddress: "clerk@example.gov.cn" }],
      },
    };
    expect((await recordMailFeedback(stack.ports, complaint)).result).toBe("recorded");
    const stored = await stack.ports.uploads.get(record.department, record.year, record.order);
    expect(stored).toMatchObject({ mailErrorCode: "mail.complained" });

    const elsewhere: SesMailEvent = {
      ...bounce,
      mail: { tags: { ...bounce.mail!.tags, "gongkai-order": ["000000000000000-0"] } },
    };
    expect(await recordMailFeedback(stack.ports, elsewhere)).toEqual({
      result: "ignored",
      why: "no_such_upload",
    });
    expect(await stack.ports.uploads.get(record.department, record.year, "000000000000000-0")).toBeNull();
    expect(await recordMailFeedback(stack.ports, bounceEvent.detail)).toEqual({
      result: "ignored",
      why: "no_such_upload",
    });
    expect(await recordMailFeedback(stack.ports, { eventType: "Delivery" })).toEqual({
      result: "ignored",
      why: "not_feedback",
    });
  });
});
