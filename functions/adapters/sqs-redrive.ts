/**
 * Reprocessing what sits in the dead-letter queue: one SQS `StartMessageMoveTask` moves the messages back
 * (`gongkai redrive`). Without a destination, SQS returns each message to the queue it came from — the
 * ingest queue — so the function sees the same S3 events again. The dead-letter queue's ARN is the
 * pipeline stack's `DeadLetterQueueArn` output (export `gongkai-{stage}-DeadLetterQueueArn`).
 */
import {
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";

export interface RedriveOptions {
  /** ARN of the dead-letter queue to empty. */
  dlqArn: string;
  /** Queue to move the messages to; default: back to the queue each message came from. */
  destinationArn?: string;
  /** Throttle (messages per second, up to 500); default: SQS chooses (optimised for throughput). */
  maxMessagesPerSecond?: number;
}

export interface RedriveStatus {
  taskHandle?: string;
  status: string;
  movedMessages: number;
  messagesToMove?: number;
  failureReason?: string;
  startedAt?: Date;
}

const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

function checkArn(name: string, arn: string): void {
  if (!SQS_ARN.test(arn)) throw new Error(`redrive: ${name} "${arn}" is not an SQS queue ARN`);
}

/** Starts moving every message of the dead-letter queue back; returns the task handle (for cancelling). */
export async function redrive(sqs: SQSClient, options: RedriveOptions): Promise<{ taskHandle: string }> {
  checkArn("dlqArn", options.dlqArn);
  if (options.destinationArn !== undefined) checkArn("destinationArn", options.destinationArn);
  const rate = options.maxMessagesPerSecond;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > 500)) {
    throw new Error("redrive: maxMessagesPerSecond must be a whole number from 1 to 500");
  }
  const result = await sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: options.dlqArn,
      ...(options.destinationArn ? { DestinationArn: options.destinationArn } : {}),
      ...(rate !== undefined ? { MaxNumberOfMessagesPerSecond: rate } : {}),
    }),
  );
  if (!result.TaskHandle)
    throw new Error("redrive: SQS started no message move task (no task handle returned)");
  return { taskHandle: result.TaskHandle };
}

/** The most recent message move task of the dead-letter queue, or undefined if there was none. */
export async function redriveStatus(sqs: SQSClient, dlqArn: string): Promise<RedriveStatus | undefined> {
  checkArn("dlqArn", dlqArn);
  const result = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 }));
  const task = result.Results?.[0];
  if (!task) return undefined;
  return {
    ...(task.TaskHandle ? { taskHandle: task.TaskHandle } : {}),
    status: task.Status ?? "UNKNOWN",
    movedMessages: task.ApproximateNumberOfMessagesMoved ?? 0,
    ...(task.ApproximateNumberOfMessagesToMove !== undefined
      ? { messagesToMove: task.ApproximateNumberOfMessagesToMove }
      : {}),
    ...(task.FailureReason ? { failureReason: task.FailureReason } : {}),
    ...(task.StartedTimestamp !== undefined ? { startedAt: new Date(task.StartedTimestamp) } : {}),
  };
}
