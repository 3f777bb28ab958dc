import { resolve } from "node:path";
import type { AwsClients } from "../adapters/aws-clients";
import { awsClients } from "../adapters/aws-clients";
import { DynamoDbReportStore } from "../adapters/dynamodb-report-store";
import { readEndpoints } from "../local/stack";

/**
 * Where a command acts: the local stack when `.gongkai/endpoints.json` (or `$GONGKAI_HOME`) exists,
 * else AWS with the names from the environment (GONGKAI_TABLE, GONGKAI_UPLOADS_BUCKET) — the same
 * adapters either way, told apart by endpoint alone.
 */
export interface Target {
  kind: "local" | "aws";
  clients: AwsClients;
  reports: DynamoDbReportStore;
  uploadsBucket: string;
  feedUrl: string | null;
  sesEndpoint: string | null;
}

export function gongkaiHome(): string {
  return resolve(process.env.GONGKAI_HOME ?? ".gongkai");
}

export async function target(): Promise<Target> {
  const local = await readEndpoints(gongkaiHome());
  if (local && !process.env.GONGKAI_TABLE) {
    const { localClients } = await import("../local/stack");
    const clients = localClients(local);
    return {
      kind: "local",
      clients,
      reports: new DynamoDbReportStore(clients.dynamodb, local.table),
      uploadsBucket: local.uploadsBucket,
      feedUrl: local.feed,
      sesEndpoint: local.ses,
    };
  }
  const table = process.env.GONGKAI_TABLE;
  const uploadsBucket = process.env.GONGKAI_UPLOADS_BUCKET;
  if (!table || !uploadsBucket) {
    throw new Error(
      "no local stack found (run `gongkai dev` first) and GONGKAI_TABLE / GONGKAI_UPLOADS_BUCKET are not set for AWS",
    );
  }
  const clients = awsClients();
  return {
    kind: "aws",
    clients,
    reports: new DynamoDbReportStore(clients.dynamodb, table),
    uploadsBucket,
    feedUrl: process.env.GONGKAI_FEED_BASE_URL ?? null,
    sesEndpoint: null,
  };
}

export function closeTarget(t: Target) {
  t.clients.s3.destroy();
  t.clients.dynamodb.destroy();
  t.clients.ses.destroy();
}
