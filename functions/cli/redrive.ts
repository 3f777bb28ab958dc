import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { TARGET_VARIABLES } from "../config";
import { type CommandContext, defineCommand, EXIT, type ExitCode, UsageError } from "./command";
import { SystemFailure } from "./failure";
import { safe } from "./terminal";

const POLL_MS = 2000;

/**
 * Reprocesses what failed every retry. On AWS: an SQS message move task from the dead-letter queue back
 * to its source queue. Locally: every dead-lettered upload is run through again. Nothing to redrive is
 * not an error: it says so and exits 0.
 */
export const redrive = defineCommand({
  name: "redrive",
  purpose: "reprocess what failed every retry (the dead letters)",
  details:
    "On AWS, one SQS message move task takes the dead-letter queue's messages back to the ingest queue; it " +
    "waits until the task is done unless --no-wait. Locally, .gongkai/dead-letter.jsonl is replayed.",
  options: {
    dlqArn: {
      type: "string",
      value: "ARN",
      description: "the dead-letter queue (default GONGKAI_DLQ_ARN; the stack's DeadLetterQueueArn output)",
    },
    wait: { type: "boolean", negatable: true, description: "start the move task and return (AWS)" },
  },
  examples: [
    { command: "gongkai redrive", does: "the local dead-letter file, or GONGKAI_DLQ_ARN's queue" },
    {
      command: "gongkai redrive --dlq-arn arn:aws:sqs:…:gongkai-prod-dlq --no-wait",
      does: "start, and return",
    },
  ],
  environment: [...TARGET_VARIABLES, "GONGKAI_DLQ_ARN", "GONGKAI_QUEUE_URL"],
  json: true,
  async run({ options }, context) {
    const dlqArn = options.dlqArn ?? context.env.dlqArn;
    if (dlqArn) return redriveQueue(dlqArn, options.wait, context);
    if (context.env.table) {
      throw new UsageError(
        "on AWS, give --dlq-arn or set GONGKAI_DLQ_ARN (the pipeline stack's DeadLetterQueueArn output)",
      );
    }
    return redriveLocal(context);
  },
});

async function redriveQueue(dlqArn: string, wait: boolean, { term, env }: CommandContext): Promise<ExitCode> {
  const { composeQueues } = await import("../compose");
  const { redrive: startRedrive } = await import("../adapters/sqs-redrive");
  const queues = composeQueues(env.aws);
  try {
    const { taskHandle } = await startRedrive(queues.sqs, { dlqArn });
    if (!wait) {
      term.emit({ ok: true, dlqArn, taskHandle, status: "RUNNING" });
      term.out(safe`moving the messages of ${dlqArn} back to its source queue (task ${taskHandle})`);
      return EXIT.done;
    }
    const moved = await waitForMoveTask(queues.sqs, dlqArn, term);
    term.emit({ ok: true, dlqArn, taskHandle, status: "COMPLETED", moved });
    term.out(moved === 0 ? "nothing to redrive" : `moved ${moved} message(s) back to the ingest queue`);
    return EXIT.done;
  } finally {
    queues.close();
  }
}

async function waitForMoveTask(
  sqs: SQSClient,
  dlqArn: string,
  term: CommandContext["term"],
): Promise<number> {
  const { redriveStatus } = await import("../adapters/sqs-redrive");
  let progress: ReturnType<typeof term.progress> | null = null;
  let shown = 0;
  try {
    for (;;) {
      const task = await redriveStatus(sqs, dlqArn);
      if (!task) return 0;
      if (task.messagesToMove !== undefined && !progress)
        progress = term.progress("moving", task.messagesToMove);
      for (; shown < task.movedMessages; shown++) progress?.advance();
      if (task.status === "COMPLETED") return task.movedMessages;
      if (task.status === "FAILED" || task.status === "CANCELLED") {
        throw new SystemFailure(
          `the message move task ${task.status.toLowerCase()}: ${task.failureReason ?? "no reason given"}`,
          "see the dead-letter queue in the SQS console; `aws sqs list-message-move-tasks --source-arn …` shows the task",
          "aws.redrive_failed",
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    progress?.done();
  }
}

async function redriveLocal({ term, env }: CommandContext): Promise<ExitCode> {
  const file = join(env.home, "dead-letter.jsonl");
  let bodies: string[];
  try {
    bodies = (await readFile(file, "utf8")).split("\n").filter(Boolean);
  } catch {
    bodies = [];
  }
  if (bodies.length === 0) {
    term.emit({ ok: true, target: "local", replayed: 0, failed: 0 });
    term.out("nothing to redrive");
    return EXIT.done;
  }
  const { target } = await import("./target");
  const { replay } = await import("./replay");
  const t = await target(env);
  const progress = term.progress("replaying", bodies.length);
  let failed = 0;
  try {
    for (const body of bodies) {
      failed += (await replay(t, [body])).failed;
      progress.advance();
    }
    await rm(file);
  } finally {
    progress.done();
    t.close();
  }
  term.emit({ ok: failed === 0, target: t.kind, replayed: bodies.length, failed });
  term.out(`replayed ${bodies.length} dead-lettered message(s), ${failed} failed again`);
  return failed ? EXIT.failed : EXIT.done;
}
