import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lambdaClient } from "../../functions/adapters/aws-clients";
import { LambdaAnnotator } from "../../functions/adapters/lambda-annotator";
import { composePipeline, type Pipeline } from "../../functions/compose";
import { ENV } from "../../functions/config";
import type { AnnotationRequest } from "../../functions/ingest/annotator";
import { processBatch } from "../../functions/ingest/process-batch";
import { startLambda } from "../../functions/local/lambda-server";
import { clearLocalMailbox, readLocalMailbox } from "../../functions/local/mailbox";
import { LOCAL_CREDENTIALS } from "../../functions/local/servers";
import { type LocalStack, localConfig, sqsEnvelope, startLocalStack } from "../../functions/local/stack";
import { nationalWorkbook } from "../fixtures/layouts/national-template";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/**
 * The annotate function as it runs on AWS: its handler (configured from its environment, as in Lambda)
 * behind Lambda's Invoke API on loopback, called by the ingest pipeline's LambdaAnnotator through the
 * SDK's Lambda client, over the local stack's real S3, DynamoDB and SES servers.
 */

const FUNCTION = "gongkai-local-annotate";

let stack: LocalStack;
let home: string;
let lambda: { endpoint: string; close(): Promise<void> };
let pipeline: Pipeline;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "gongkai-annotate-"));
  stack = await startLocalStack({ home, deliver: false });
  // The handler reads its configuration when loaded, as in Lambda: the environment the CDK app sets.
  Object.assign(process.env, {
    [ENV.uploadsBucket]: stack.config.uploadsBucket,
    AWS_REGION: stack.endpoints.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: stack.endpoints.s3,
  });
  const { handler } = await import("../../functions/ingest/annotate-handler");
  lambda = await startLambda({ [FUNCTION]: (payload) => handler(payload as AnnotationRequest) });
  const config = localConfig(stack.endpoints);
  pipeline = composePipeline({
    ...config,
    annotatorFunction: FUNCTION,
    aws: { ...config.aws, endpoints: { ...config.aws.endpoints, lambda: lambda.endpoint } },
  });
  await pipeline.ports.departments.put({
    id: "nx-office",
    name: "自治区人民政府办公厅",
    emails: ["office@example.gov.cn"],
  });
});

afterAll(async () => {
  pipeline?.close();
  await lambda?.close();
  await stack?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("the annotate function", () => {
  it("marks a rejected upload's kept original when the pipeline invokes it, and the rejection mail attaches the copy it kept", async () => {
    await clearLocalMailbox(stack.endpoints.ses);
    const tables = seed2019Tables();
    tables.applications.received!.research = 4;
    await stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.config.uploadsBucket,
        Key: "uploads/nx-office/2019/typo.xlsx",
        Body: nationalWorkbook("2019", tables),
      }),
    );
    await stack.settle();
    expect(pipeline.ports.annotator).toBeInstanceOf(LambdaAnnotator);
    const response = await processBatch(pipeline.ports, sqsEnvelope(stack.events.at(-1)!));
    expect(response.batchItemFailures).toEqual([]);

    const [record] = await pipeline.ports.uploads.list("nx-office");
    expect(record).toMatchObject({ status: "rejected" });
    expect(record!.annotatedKey).toBe(`annotated/nx-office/2019/${record!.order}.xlsx`);
    const [mail] = (await readLocalMailbox(stack.endpoints.ses)).filter((m) =>
      m.to.includes("office@example.gov.cn"),
    );
    expect(mail!.attachments.map((attachment) => attachment.fileName)).toEqual(["typo（已标注）.xlsx"]);
    const kept = await pipeline.ports.objects.readObject(record!.annotatedKey!);
    expect(kept).toEqual(mail!.attachments[0]!.bytes);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(kept as unknown as ExcelJS.Buffer);
    expect(book.worksheets[0]!.name).toBe("校验结果");
    expect(book.getWorksheet("三、依申请公开")!.getCell("F5").fill).toMatchObject({ pattern: "solid" });
  });

  it("is a failure of ours, thrown for the upload to be retried, when the function fails (here: no original)", async () => {
    const config = localConfig(stack.endpoints);
    const client = lambdaClient({ ...config.aws, endpoints: { lambda: lambda.endpoint } });
    try {
      const failing = new LambdaAnnotator(client, FUNCTION);
      await expect(
        failing.annotate({
          originalKey: "originals/0000",
          key: "annotated/nx-office/2019/x.xlsx",
          fileName: "x.xlsx",
          format: "2019",
          findings: [],
          diagnosis: null,
        }),
      ).rejects.toThrow(/annotate function failed \(Unhandled\).*originals\/0000 is not there/);
      expect(await pipeline.ports.objects.readObject("annotated/nx-office/2019/x.xlsx")).toBeNull();
    } finally {
      client.destroy();
    }
  });
});
