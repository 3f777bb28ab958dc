import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { HeadBucketCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { composePipeline, composeQueues, composeRecords, type Records } from "../compose";
import type { CliEnvironment } from "../config";
import { feedPaths } from "../core/feed";
import { endpointsFile, type LocalEndpoints, localConfig, readEndpoints } from "../local/stack";
import { OBJECT_PREFIX } from "../storage-layout";
import { describeFailure } from "./failure";
import { nodeVersionVerdict } from "./node-version";

/**
 * What `gongkai doctor` checks: what the commands need, each answered by asking the service itself —
 * the local stack's servers, or on AWS the table, the buckets and the queues — and, when it fails, what to
 * do about it.
 */

/** One thing checked: ok, worth a look (warn), or missing (fail, exit 3). */
export interface Check {
  name: string;
  level: "ok" | "warn" | "fail";
  detail: string;
  /** What to do, when it is not ok. */
  fix?: string;
}

/** Where the commands act, and every check made there. */
export interface Diagnosis {
  target: "local" | "aws" | null;
  checks: Check[];
}

const ok = (name: string, detail: string): Check => ({ name, level: "ok", detail });

/** Runs a probe; its failure becomes a failed check with the failure's hint, or the fix given. */
async function probe(
  name: string,
  run: () => Promise<Check>,
  fix?: (hint: string | undefined) => string,
): Promise<Check> {
  try {
    return await run();
  } catch (error) {
    const failure = describeFailure(error);
    const hint = fix ? fix(failure.hint) : failure.hint;
    return { name, level: "fail", detail: failure.message, ...(hint ? { fix: hint } : {}) };
  }
}

/** Every check of the target the environment names: the local stack, AWS, or none. */
export async function diagnose(env: CliEnvironment): Promise<Diagnosis> {
  const node = nodeVersionVerdict(process.version);
  const checks: Check[] = [{ name: "node", level: node.level, detail: node.line }];
  const local = await readEndpoints(env.home);
  if (local && !env.table)
    return { target: "local", checks: [...checks, ...(await localChecks(env, local))] };
  if (env.table) return { target: "aws", checks: [...checks, ...(await awsChecks(env, env.table))] };
  checks.push({
    name: "target",
    level: "fail",
    detail: `no local stack in ${env.home}, and GONGKAI_TABLE is not set for AWS`,
    fix: "start the local stack with `gongkai dev` (in another terminal), or set GONGKAI_TABLE and GONGKAI_UPLOADS_BUCKET to the stateful stack's TableName and UploadsBucketName outputs",
  });
  return { target: null, checks };
}

async function localChecks(env: CliEnvironment, endpoints: LocalEndpoints): Promise<Check[]> {
  const pipeline = composePipeline(localConfig(endpoints));
  const stopped = () =>
    `the local stack of ${endpointsFile(env.home)} is not running: start it with \`gongkai dev\``;
  try {
    const checks = await Promise.all([
      probe("table", () => tableCheck(pipeline, endpoints.table), stopped),
      probe(
        "uploads",
        () => bucketCheck("uploads", pipeline.clients.s3, endpoints.uploadsBucket, OBJECT_PREFIX.uploads),
        stopped,
      ),
      probe(
        "feed bucket",
        () => bucketCheck("feed bucket", pipeline.clients.s3, endpoints.feedBucket, ""),
        stopped,
      ),
      probe("feed", () => feedCheck(endpoints.feed), stopped),
      probe("mail", () => mailCheck(endpoints.ses), stopped),
      deadLetterFileCheck(env.home),
    ]);
    return [ok("target", `the local stack of ${endpointsFile(env.home)}`), ...checks];
  } finally {
    pipeline.close();
  }
}

async function awsChecks(env: CliEnvironment, table: string): Promise<Check[]> {
  const settings = env.awsSettings;
  const where = [
    `table ${table}`,
    settings.region ? `region ${settings.region}` : "the profile's region",
    settings.profile ? `profile ${settings.profile}` : null,
    settings.endpoint ? "endpoints from AWS_ENDPOINT_URL*" : null,
  ].filter(Boolean);
  const checks: Check[] = [ok("target", `AWS: ${where.join(", ")}`)];
  if (!env.uploadsBucket) {
    checks.push({
      name: "uploads",
      level: "fail",
      detail: "GONGKAI_UPLOADS_BUCKET is not set",
      fix: "set it to the stateful stack's UploadsBucketName output",
    });
  }
  const records = composeRecords({ table, uploadsBucket: env.uploadsBucket ?? "", aws: env.aws });
  const queues = composeQueues(env.aws);
  const named = (name: string, output: string) => (hint: string | undefined) =>
    `check ${name} against the stack's ${output} output and AWS_REGION; ${hint ?? ""}`.replace(/; $/, "");
  try {
    const uploadsBucket = env.uploadsBucket;
    const probes = await Promise.all([
      probe("table", () => tableCheck(records, table), named("GONGKAI_TABLE", "TableName")),
      ...(uploadsBucket
        ? [
            probe(
              "uploads",
              () => bucketCheck("uploads", records.clients.s3, uploadsBucket, OBJECT_PREFIX.uploads),
              named("GONGKAI_UPLOADS_BUCKET", "UploadsBucketName"),
            ),
          ]
        : []),
      env.feedBucket
        ? probe(
            "feed bucket",
            () => bucketCheck("feed bucket", records.clients.s3, env.feedBucket!, ""),
            named("GONGKAI_FEED_BUCKET", "FeedBucketName"),
          )
        : Promise.resolve<Check>(ok("feed bucket", "GONGKAI_FEED_BUCKET not set: no command needs it")),
      env.queueUrl
        ? probe(
            "queue",
            () => queueCheck(queues.sqs, env.queueUrl!),
            named("GONGKAI_QUEUE_URL", "IngestQueueUrl"),
          )
        : Promise.resolve<Check>({
            name: "queue",
            level: "warn",
            detail: "GONGKAI_QUEUE_URL is not set: `gongkai reprocess` needs it on AWS",
            fix: "set it to the pipeline stack's IngestQueueUrl output",
          }),
      env.dlqArn
        ? probe(
            "dead letters",
            () => deadLetterQueueCheck(queues.sqs, env.dlqArn!),
            named("GONGKAI_DLQ_ARN", "DeadLetterQueueArn"),
          )
        : Promise.resolve<Check>({
            name: "dead letters",
            level: "warn",
            detail: "GONGKAI_DLQ_ARN is not set: `gongkai redrive` needs it on AWS",
            fix: "set it to the pipeline stack's DeadLetterQueueArn output",
          }),
    ]);
    return [...checks, ...probes];
  } finally {
    records.close();
    queues.close();
  }
}

async function tableCheck(records: Records, table: string): Promise<Check> {
  const departments = await records.departments.list();
  if (departments.length === 0) {
    return {
      name: "table",
      level: "warn",
      detail: `${table} is readable; no department is registered`,
      fix: "`gongkai department sync` (or `department add`) registers them",
    };
  }
  return ok("table", `${table} is readable; ${departments.length} department(s) registered`);
}

async function bucketCheck(name: string, s3: S3Client, bucket: string, prefix: string): Promise<Check> {
  await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
  return ok(name, `${bucket} is there and readable`);
}

async function feedCheck(feedUrl: string): Promise<Check> {
  const url = `${feedUrl}/${feedPaths.index}`;
  const response = await fetch(url);
  await response.body?.cancel();
  if (response.ok) return ok("feed", `${url} answers`);
  if (response.status === 404) return ok("feed", `${feedUrl} answers; nothing published yet`);
  return { name: "feed", level: "fail", detail: `${url} answered ${response.status}` };
}

async function mailCheck(sesEndpoint: string): Promise<Check> {
  const response = await fetch(new URL("/store", sesEndpoint));
  await response.body?.cancel();
  if (!response.ok)
    return { name: "mail", level: "fail", detail: `${sesEndpoint} answered ${response.status}` };
  return ok("mail", `the local mail server at ${sesEndpoint} answers`);
}

async function deadLetterFileCheck(home: string): Promise<Check> {
  const file = join(home, "dead-letter.jsonl");
  let count = 0;
  try {
    count = (await readFile(file, "utf8")).split("\n").filter(Boolean).length;
  } catch {
    count = 0;
  }
  if (count === 0) return ok("dead letters", "none");
  return {
    name: "dead letters",
    level: "warn",
    detail: `${count} upload event(s) failed every retry (${file})`,
    fix: "fix the cause (the log of `gongkai dev`), then `gongkai redrive`",
  };
}

async function queueCheck(sqs: SQSClient, queueUrl: string): Promise<Check> {
  const waiting = await waitingMessages(sqs, queueUrl);
  return ok("queue", `${queueUrl} is there; ${waiting} message(s) waiting`);
}

async function deadLetterQueueCheck(sqs: SQSClient, arn: string): Promise<Check> {
  // arn:aws:sqs:{region}:{account}:{name}
  const [, , , , account, name] = arn.split(":");
  if (!account || !name) {
    return {
      name: "dead letters",
      level: "fail",
      detail: `${arn} is not an SQS queue ARN`,
      fix: "set GONGKAI_DLQ_ARN to the DeadLetterQueueArn output",
    };
  }
  const { QueueUrl } = await sqs.send(
    new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
  );
  const waiting = await waitingMessages(sqs, QueueUrl!);
  if (waiting === 0) return ok("dead letters", `${name} is empty`);
  return {
    name: "dead letters",
    level: "warn",
    detail: `${waiting} message(s) in ${name} failed every retry`,
    fix: "fix the cause (the function's logs), then `gongkai redrive`",
  };
}

async function waitingMessages(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}
