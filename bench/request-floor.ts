import { availableParallelism } from "node:os";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { LocalStack } from "../functions/local/stack";

/**
 * What one request costs on the local stack, client and server together, with nothing else around it:
 * CPU time of this process (the SDK's client, signing, HTTP) and of the servers' process (dynalite,
 * s3rver), per request. With an upload's request mix this gives the stack's ceiling on this machine —
 * the uploads per second it could reach if the pipeline did nothing but send its requests, on every core.
 */
export interface RequestFloor {
  /** CPU milliseconds per DynamoDB request (a consistent GetItem and a PutItem of a ~3 KB item, alternating). */
  dynamodbMs: number;
  /** CPU milliseconds per S3 request (a GetObject and a PutObject of 4 KB, alternating). */
  s3Ms: number;
}

const ROUNDS = 400;
const IN_FLIGHT = 8;

export async function requestFloor(stack: LocalStack): Promise<RequestFloor> {
  const { clients, config } = stack;
  // An item the size of a listing leaf of 16 entries (the largest item a publish writes often).
  const item = {
    pk: "bench#floor",
    sk: "item",
    entries: Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`d${i}`, { name: `部门${i}`, order: `${i}`.repeat(20), n: i }]),
    ),
    text: "表".repeat(600),
  };
  const body = new Uint8Array(4096).fill(65);
  const dynamodbMs = await timed(stack, async (i) => {
    const key = { pk: `bench#floor#${i % 50}`, sk: "item" };
    if (i % 2 === 0)
      await clients.dynamodb.send(new PutCommand({ TableName: config.table, Item: { ...item, ...key } }));
    else
      await clients.dynamodb.send(
        new GetCommand({ TableName: config.table, Key: key, ConsistentRead: true }),
      );
  });
  for (let i = 0; i < 50; i++)
    await clients.s3.send(
      new PutObjectCommand({ Bucket: config.feedBucket, Key: `bench/floor/${i}`, Body: body }),
    );
  const s3Ms = await timed(stack, async (i) => {
    const Key = `bench/floor/${i % 50}`;
    if (i % 2 === 0)
      await clients.s3.send(new PutObjectCommand({ Bucket: config.feedBucket, Key, Body: body }));
    else
      await (
        await clients.s3.send(new GetObjectCommand({ Bucket: config.feedBucket, Key }))
      ).Body?.transformToByteArray();
  });
  return { dynamodbMs, s3Ms };
}

/** CPU ms per request (both processes), `ROUNDS` requests `IN_FLIGHT` at a time. */
async function timed(stack: LocalStack, request: (i: number) => Promise<void>): Promise<number> {
  // The first requests open connections and warm the code paths.
  for (let i = 0; i < IN_FLIGHT * 2; i++) await request(i);
  const cpu = process.cpuUsage();
  const server = await stack.serverCpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < ROUNDS) await request(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  const after = await stack.serverCpuUsage();
  const ms = (used.user + used.system + after.user - server.user + after.system - server.system) / 1000;
  return ms / ROUNDS;
}

/** Uploads per second this machine's cores could carry at that many requests per upload, and nothing else. */
export function ceiling(floor: RequestFloor, dynamodbRequests: number, s3Requests: number): number {
  return (availableParallelism() * 1000) / (dynamodbRequests * floor.dynamodbMs + s3Requests * floor.s3Ms);
}
