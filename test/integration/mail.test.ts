import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { MessageRejected, TooManyRequestsException } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusalForGood, SesMailer } from "../../functions/adapters/ses-mailer";
import { ingestUpload } from "../../functions/ingest/ingest-upload";
import type { IngestPorts } from "../../functions/ingest/ports";
import { type TrustedUpload, trustUpload } from "../../functions/ingest/trusted-upload";
import { uploadEvents } from "../../functions/ingest/upload-event";
import { readLocalMailbox } from "../../functions/local/mailbox";
import { type LocalStack, sqsEnvelope, startLocalStack } from "../../functions/local/stack";
import { uploadKey } from "../../functions/storage-layout";
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

async function put(department: string): Promise<TrustedUpload> {
  await stack.ports.departments.put({
    id: department,
    name: department,
    emails: [`${department}@example.gov.cn`],
  });
  await stack.clients.s3.send(
    new PutObjectCommand({
      Bucket: stack.config.uploadsBucket,
      Key: uploadKey(department, 2024, "r.xlsx"),
      Body: nationalWorkbook("2021", county2024Tables()),
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

  it("throws when SES fails in a way not known to be final, so the delivery is retried", async () => {
    // The local server refuses a mail without a sender with an error SES itself never names.
    const mailer = new SesMailer(stack.clients.ses, "");
    await expect(
      mailer.send({ to: ["ses-adapter@example.gov.cn"], subject: "s", text: "t", html: "<p>t</p>" }),
    ).rejects.toThrow();
  });

  it("takes SES's sandbox and address refusals as final, with their name and message as the reason", () => {
    const rejected = new MessageRejected({ message: "Email address is not verified.", $metadata: metadata });
    expect(refusalForGood(rejected)).toBe("MessageRejected: Email address is not verified.");
  });

  it("takes throttling and network failures as worth a retry", () => {
    expect(refusalForGood(new TooManyRequestsException({ message: "slow down", $metadata: metadata }))).toBe(
      undefined,
    );
    expect(refusalForGood(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(
      undefined,
    );
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
          throw new TooManyRequestsException({ message: "slow down", $metadata: metadata });
        },
      },
    };
    await expect(ingestUpload(failing, event)).rejects.toThrow(/slow down/);
    const [record] = await stack.ports.uploads.list("mail-retried");
    expect(record!.mailClaimedAt).toBeUndefined();
    expect(record!.mailedAt).toBeUndefined();
    expect((await ingestUpload(stack.ports, event)).status).toBe("published");
    await ingestUpload(stack.ports, event);
    expect(await mailsTo("mail-retried@example.gov.cn")).toHaveLength(1);
  });
});
