import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { redrive } from "../adapters/sqs-redrive";
import { composeQueues } from "../compose";
import type { CliEnvironment } from "../config";
import { replay } from "./replay";
import { target } from "./target";
import { type Terminal, UsageError } from "./terminal";

export const redriveUsage =
  "gongkai redrive [--dlq-arn ARN]   (AWS: GONGKAI_DLQ_ARN; local: .gongkai/dead-letter.jsonl)";

/**
 * Reprocesses what failed every retry. On AWS: an SQS message move task from the dead-letter queue back
 * to its source queue. Locally: every dead-lettered upload is queued again.
 */
export async function redriveCommand(argv: string[], term: Terminal, env: CliEnvironment): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { "dlq-arn": { type: "string" } } });
  const dlqArn = values["dlq-arn"] ?? env.dlqArn;
  if (dlqArn) {
    const queues = composeQueues(env.aws);
    try {
      const { taskHandle } = await redrive(queues.sqs, { dlqArn });
      term.out(`moving messages from ${dlqArn} back to its source queue (task ${taskHandle})`);
    } finally {
      queues.close();
    }
    return 0;
  }
  const file = join(env.home, "dead-letter.jsonl");
  let bodies: string[];
  try {
    bodies = (await readFile(file, "utf8")).split("\n").filter(Boolean);
  } catch {
    throw new UsageError("no --dlq-arn / GONGKAI_DLQ_ARN for AWS, and no local dead-letter file");
  }
  const t = await target(env);
  try {
    const { failed } = await replay(t, bodies);
    await rm(file);
    term.out(`replayed ${bodies.length} dead-lettered message(s), ${failed} failed again`);
    return failed ? 1 : 0;
  } finally {
    t.close();
  }
}
