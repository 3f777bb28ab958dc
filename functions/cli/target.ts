import type { S3Client } from "@aws-sdk/client-s3";
import { composePipeline, composeRecords, composeSignIns } from "../compose";
import { type CliEnvironment, seasonFromEnv } from "../config";
import type { SignIns } from "../departments/ports";
import type { DepartmentRegistry, IngestPorts, UploadLog } from "../ingest/ports";
import type { PublishedNowPorts } from "../ingest/published-now";
import { readEndpoints } from "../local/stack";
import type { SeasonPorts } from "../season/ports";
import { SystemFailure } from "./failure";

/**
 * Where a command acts: the local stack when `.gongkai/endpoints.json` (or `$GONGKAI_HOME`) exists,
 * else AWS with the names from the environment (GONGKAI_TABLE, GONGKAI_UPLOADS_BUCKET) — the same
 * adapters either way, told apart by endpoint alone.
 */
export interface Target {
  kind: "local" | "aws";
  s3: S3Client;
  departments: DepartmentRegistry;
  uploads: UploadLog;
  /** What is published now is read from: the CURRENT pointers and the season records. */
  published: PublishedNowPorts;
  /** The pipeline's ports, to run events through in this process: the local stack only. */
  ingest: IngestPorts | null;
  /**
   * The clerks' sign-ins: the local stack's pool (temporary passwords printed), or on AWS the pool of
   * GONGKAI_USER_POOL_ID (Cognito mails the invitations); null on AWS without it.
   */
  signIns: SignIns | null;
  /**
   * The season's use cases' ports: the local stack's, or on AWS the pipeline's when all its variables are
   * set (SEASON_VARIABLES); null otherwise.
   */
  season: SeasonPorts | null;
  uploadsBucket: string;
  feedUrl: string | null;
  env: CliEnvironment;
  close(): void;
}

/** Where the commands act, from the environment; fails saying how to set one up when there is none. */
export async function target(env: CliEnvironment): Promise<Target> {
  const local = await readEndpoints(env.home);
  if (local && !env.table) {
    const { localConfig } = await import("../local/stack");
    const config = { ...localConfig(local), season: seasonFromEnv(env.seasonVariables) };
    const pipeline = composePipeline(config);
    const pool = composeSignIns(config.aws, local.userPoolId, "print");
    return {
      kind: "local",
      s3: pipeline.clients.s3,
      departments: pipeline.departments,
      uploads: pipeline.uploads,
      published: pipeline.published,
      ingest: pipeline.ports,
      signIns: pool.signIns,
      season: pipeline.season,
      uploadsBucket: local.uploadsBucket,
      feedUrl: local.feed,
      env,
      close: () => {
        pipeline.close();
        pool.close();
      },
    };
  }
  const { table, uploadsBucket } = env;
  if (!table || !uploadsBucket) {
    throw new SystemFailure(
      `no local stack in ${env.home}, and GONGKAI_TABLE and GONGKAI_UPLOADS_BUCKET are not set for AWS`,
      "start the local stack with `gongkai dev` (in another terminal), or set both to the stateful stack's TableName and UploadsBucketName outputs",
      "system.no_target",
    );
  }
  const records = composeRecords({ table, uploadsBucket, aws: env.aws });
  const pool = env.userPoolId ? composeSignIns(env.aws, env.userPoolId, "email") : null;
  const pipeline = env.pipeline ? composePipeline(env.pipeline) : null;
  return {
    kind: "aws",
    s3: records.clients.s3,
    departments: records.departments,
    uploads: records.uploads,
    published: records.published,
    ingest: null,
    signIns: pool?.signIns ?? null,
    season: pipeline?.season ?? null,
    uploadsBucket,
    feedUrl: env.feedBaseUrl,
    env,
    close: () => {
      records.close();
      pool?.close();
      pipeline?.close();
    },
  };
}
