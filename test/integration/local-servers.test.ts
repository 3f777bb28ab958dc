import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
} from "@aws-sdk/client-s3";
import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AwsClients, awsClients } from "../../functions/adapters/aws-clients";
import { awsConnectionFromEnv } from "../../functions/config";
import { clearLocalMailbox, readLocalMailbox } from "../../functions/local/mailbox";
import {
  decodeS3Key,
  encodeS3Key,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalServers,
  type S3EventRecord,
  startLocalServers,
} from "../../functions/local/servers";

const BUCKET = "gongkai-uploads";
const TABLE = "gongkai-local-test";
const KEY = "uploads/dept-a/2024/年度 报告.xlsx";
const BODY = randomBytes(64 * 1024);

const listeningServers = () => process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;

function clientsFor(servers: LocalServers): AwsClients {
  return awsClients({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoints: servers.endpoints });
}

function destroy(clients: AwsClients): void {
  clients.s3.destroy();
  clients.dynamodb.destroy();
  clients.ses.destroy();
}

async function refusesConnections(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
  }
}

function occupyPort(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => resolve(server));
  });
}

describe("the local stack", () => {
  let home: string;
  let servers: LocalServers;
  let clients: AwsClients;
  let baselineServers: number;
  const records: S3EventRecord[] = [];

  beforeAll(async () => {
    baselineServers = listeningServers();
    home = await mkdtemp(join(tmpdir(), "gongkai-local-"));
    servers = await startLocalServers({ home, onObjectCreated: (record) => void records.push(record) });
    clients = clientsFor(servers);
    await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });

  afterAll(async () => {
    if (clients) destroy(clients);
    await servers?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 only, on OS-assigned ports", () => {
    for (const endpoint of Object.values(servers.endpoints)) {
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  it("sends one S3-shaped object-created record per upload, its key encoded as S3 encodes it", async () => {
    await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/first.txt", Body: "1" }));
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: KEY,
        Body: BODY,
        ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      }),
    );
    expect(records).toHaveLength(2);
    const [first, record] = records as [S3EventRecord, S3EventRecord];
    expect(record).toMatchObject({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: LOCAL_REGION,
      eventName: "ObjectCreated:Put",
      s3: {
        s3SchemaVersion: "1.0",
        bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` },
        object: { size: BODY.length },
      },
    });
    expect(new Date(record.eventTime).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(record.s3.object.key).toBe("uploads/dept-a/2024/%E5%B9%B4%E5%BA%A6+%E6%8A%A5%E5%91%8A.xlsx");
    expect(decodeS3Key(record.s3.object.key)).toBe(KEY);
    expect(record.s3.object.eTag).toMatch(/^[0-9a-f]{32}$/);
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
    expect(record.s3.object.sequencer > first.s3.object.sequencer).toBe(true);
  });

  it("encodes keys with reserved characters reversibly, and copies them by their URL-encoded source", async () => {
    const key = "uploads/a+b (1)/c=d&e?f#g%h~i'j*.xlsx";
    expect(encodeS3Key(key)).toBe("uploads/a%2Bb+%281%29/c%3Dd%26e%3Ff%23g%25h~i%27j%2A.xlsx");
    expect(decodeS3Key(encodeS3Key(key))).toBe(key);
    records.length = 0;
    await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "x" }));
    // As on AWS, the copy source is URL-encoded.
    const source = `${BUCKET}/${key.split("/").map(encodeURIComponent).join("/")}`;
    await clients.s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "copy", CopySource: source }));
    await vi.waitFor(() => expect(records).toHaveLength(2));
    expect(records.map((r) => [decodeS3Key(r.s3.object.key), r.eventName])).toEqual([
      [key, "ObjectCreated:Put"],
      ["copy", "ObjectCreated:Copy"],
    ]);
    expect(records[1]?.s3.object.eTag).toBe(records[0]?.s3.object.eTag);
  });

  it("returns an object byte-identical, with its content type", async () => {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(BODY)).toBe(true);
    expect(object.ContentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });

  it("refuses a create-only put (If-None-Match: *) of an existing key, as S3 does", async () => {
    const put = (Body: string) =>
      clients.s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: "originals/年 1", Body, IfNoneMatch: "*" }),
      );
    await put("first");
    await expect(put("second")).rejects.toMatchObject({
      name: "PreconditionFailed",
      $metadata: { httpStatusCode: 412 },
    });
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "originals/年 1" }));
    expect(await object.Body!.transformToString()).toBe("first");
  });

  it("lists more than 1000 objects page by page with ListObjectsV2 (no --openssl-legacy-provider)", async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, "0")}.txt`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys
          .slice(i, i + 50)
          .map((Key) => clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }))),
      );
    }
    const listed: string[] = [];
    const pageSizes: number[] = [];
    for await (const page of paginateListObjectsV2(
      { client: clients.s3 },
      { Bucket: BUCKET, Prefix: "many/" },
    )) {
      pageSizes.push(page.KeyCount ?? -1);
      listed.push(...(page.Contents ?? []).map((c) => c.Key!));
    }
    expect(pageSizes).toEqual([1000, 5]);
    expect(listed).toEqual(keys);

    const small = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "many/", MaxKeys: 2 }),
    );
    expect(small.Contents?.map((c) => c.Key)).toEqual(keys.slice(0, 2));
    expect(small.Contents?.[0]?.Owner).toBeUndefined();
    const next = await clients.s3.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        Prefix: "many/",
        MaxKeys: 2,
        ContinuationToken: small.NextContinuationToken,
      }),
    );
    expect(next.ContinuationToken).toBe(small.NextContinuationToken);
    expect(next.Contents?.map((c) => c.Key)).toEqual(keys.slice(2, 4));
    const after = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "many/", MaxKeys: 1, StartAfter: keys[1003] }),
    );
    expect(after).toMatchObject({ StartAfter: keys[1003], IsTruncated: false, KeyCount: 1 });
    await expect(
      clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: "bm90IGEgdG9rZW4=" })),
    ).rejects.toMatchObject({ name: "InvalidArgument" });
  });

  it("creates a usable DynamoDB table, refuses a conditional put the second time, and queries", async () => {
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
      }),
    );
    await vi.waitFor(async () => {
      const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: TABLE }));
      expect(Table?.TableStatus).toBe("ACTIVE");
    });
    const put = new PutCommand({
      TableName: TABLE,
      Item: { pk: "DEPT#dept-a", sk: "REPORT#2024", title: "年度报告", ignored: undefined },
      ConditionExpression: "attribute_not_exists(pk)",
    });
    await clients.dynamodb.send(put);
    await expect(clients.dynamodb.send(put)).rejects.toMatchObject({
      name: "ConditionalCheckFailedException",
    });
    await clients.dynamodb.send(
      new PutCommand({ TableName: TABLE, Item: { pk: "DEPT#dept-a", sk: "REPORT#2023" } }),
    );
    const { Items } = await clients.dynamodb.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
        ExpressionAttributeValues: { ":pk": "DEPT#dept-a", ":sk": "REPORT#" },
      }),
    );
    expect(Items?.map((item) => item.sk)).toEqual(["REPORT#2023", "REPORT#2024"]);
    expect(Items?.[1]).toEqual({ pk: "DEPT#dept-a", sk: "REPORT#2024", title: "年度报告" });
  });

  it("keeps a sent email, UTF-8 subject and all, for reading back from the mailbox", async () => {
    await clearLocalMailbox(servers.endpoints.ses);
    const { MessageId } = await clients.ses.send(
      new SendEmailCommand({
        FromEmailAddress: "gongkai@example.gov.cn",
        Destination: { ToAddresses: ["dept-a@example.gov.cn"] },
        Content: {
          Simple: {
            Subject: { Data: "2024年度报告已发布", Charset: "UTF-8" },
            Body: { Text: { Data: "已通过校验。", Charset: "UTF-8" }, Html: { Data: "<p>已通过校验。</p>" } },
          },
        },
      }),
    );
    const mail = await readLocalMailbox(servers.endpoints.ses);
    expect(mail).toEqual([
      {
        messageId: MessageId,
        from: "gongkai@example.gov.cn",
        to: ["dept-a@example.gov.cn"],
        subject: "2024年度报告已发布",
        text: "已通过校验。",
        html: "<p>已通过校验。</p>",
        attachments: [],
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      },
    ]);
  });

  it("reads region, credentials and endpoints from the standard AWS_* environment variables", async () => {
    vi.stubEnv("AWS_REGION", LOCAL_REGION);
    vi.stubEnv("AWS_ACCESS_KEY_ID", LOCAL_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", LOCAL_CREDENTIALS.secretAccessKey);
    vi.stubEnv("AWS_ENDPOINT_URL_S3", servers.endpoints.s3);
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", servers.endpoints.dynamodb);
    vi.stubEnv("AWS_ENDPOINT_URL_SESV2", servers.endpoints.ses);
    const fromEnv = awsClients(awsConnectionFromEnv());
    try {
      const object = await fromEnv.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }));
      expect(object.ContentLength).toBe(BODY.length);
      const { Item } = await fromEnv.dynamodb.send(
        new GetCommand({ TableName: TABLE, Key: { pk: "DEPT#dept-a", sk: "REPORT#2024" } }),
      );
      expect(Item?.title).toBe("年度报告");
      await fromEnv.ses.send(
        new SendEmailCommand({
          FromEmailAddress: "gongkai@example.gov.cn",
          Destination: { ToAddresses: ["operator@example.gov.cn"] },
          Content: { Simple: { Subject: { Data: "env" }, Body: { Text: { Data: "env" } } } },
        }),
      );
      expect((await readLocalMailbox(servers.endpoints.ses)).map((m) => m.subject)).toEqual([
        "2024年度报告已发布",
        "env",
      ]);
    } finally {
      destroy(fromEnv);
      vi.unstubAllEnvs();
    }
  });

  it("keeps objects, items and mail across a restart on the same home, and takes another port if one is taken", async () => {
    const before = records.at(-1)!.s3.object.sequencer;
    destroy(clients);
    await servers.stop();
    const taken = await occupyPort();
    const takenPort = (taken.address() as { port: number }).port;
    try {
      servers = await startLocalServers({
        home,
        ports: { s3: takenPort },
        onObjectCreated: (record) => void records.push(record),
      });
    } finally {
      taken.close();
    }
    expect(servers.endpoints.s3).not.toBe(`http://127.0.0.1:${takenPort}`);
    clients = clientsFor(servers);

    const object = await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(BODY)).toBe(true);
    const { Item } = await clients.dynamodb.send(
      new GetCommand({ TableName: TABLE, Key: { pk: "DEPT#dept-a", sk: "REPORT#2024" } }),
    );
    expect(Item?.title).toBe("年度报告");
    expect((await readLocalMailbox(servers.endpoints.ses)).map((m) => m.subject)).toEqual([
      "2024年度报告已发布",
      "env",
    ]);

    await clients.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/after-restart.txt", Body: "2" }),
    );
    expect(records.at(-1)!.s3.object.sequencer > before).toBe(true);
  });

  it("refuses to start a second stack on a home that is in use", async () => {
    await expect(startLocalServers({ home })).rejects.toThrow(/another local stack/);
    expect(await fetch(`${servers.endpoints.dynamodb}/`).then((r) => r.status)).toBe(200);
  });

  it("leaves nothing listening after stop", async () => {
    destroy(clients);
    await servers.stop();
    await servers.stop();
    expect(listeningServers()).toBe(baselineServers);
    for (const endpoint of Object.values(servers.endpoints)) {
      expect(await refusesConnections(endpoint)).toBe(true);
    }
  });
});
