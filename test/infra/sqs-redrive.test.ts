/** `redrive` sends one StartMessageMoveTask for the dead-letter queue (what `gongkai redrive` runs). */
import {
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { redrive, redriveStatus } from "../../functions/adapters/sqs-redrive";

const DLQ = "arn:aws:sqs:ap-east-1:123456789012:gongkai-prod-pipeline-IngestDeadLetterQueue48D59084-AbCdEf";
const QUEUE = "arn:aws:sqs:ap-east-1:123456789012:gongkai-prod-pipeline-IngestQueue2280FF4E-AbCdEf";

function fakeSqs(reply: unknown) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return reply;
    },
  } as unknown as SQSClient;
  return { client, sent };
}

describe("redrive", () => {
  it("starts a message move task from the DLQ back to the source queue", async () => {
    const sqs = fakeSqs({ TaskHandle: "handle-1" });
    await expect(redrive(sqs.client, { dlqArn: DLQ })).resolves.toEqual({ taskHandle: "handle-1" });
    expect(sqs.sent).toHaveLength(1);
    const command = sqs.sent[0] as StartMessageMoveTaskCommand;
    expect(command).toBeInstanceOf(StartMessageMoveTaskCommand);
    expect(command.input).toEqual({ SourceArn: DLQ });
  });

  it("passes an explicit destination and rate", async () => {
    const sqs = fakeSqs({ TaskHandle: "handle-2" });
    await redrive(sqs.client, { dlqArn: DLQ, destinationArn: QUEUE, maxMessagesPerSecond: 10 });
    expect((sqs.sent[0] as StartMessageMoveTaskCommand).input).toEqual({
      SourceArn: DLQ,
      DestinationArn: QUEUE,
      MaxNumberOfMessagesPerSecond: 10,
    });
  });

  it("refuses what is not a queue ARN, without calling SQS", async () => {
    const sqs = fakeSqs({ TaskHandle: "x" });
    await expect(redrive(sqs.client, { dlqArn: "gongkai-prod-dlq" })).rejects.toThrow(/not an SQS queue ARN/);
    await expect(
      redrive(sqs.client, { dlqArn: DLQ, destinationArn: "arn:aws:sns:ap-east-1:123456789012:topic" }),
    ).rejects.toThrow(/destinationArn/);
    await expect(redrive(sqs.client, { dlqArn: DLQ, maxMessagesPerSecond: 501 })).rejects.toThrow(/1 to 500/);
    expect(sqs.sent).toEqual([]);
  });

  it("fails loudly when SQS returns no task handle", async () => {
    await expect(redrive(fakeSqs({}).client, { dlqArn: DLQ })).rejects.toThrow(/no task handle/);
  });
});

describe("redriveStatus", () => {
  it("reports the latest move task", async () => {
    const sqs = fakeSqs({
      Results: [
        {
          TaskHandle: "handle-1",
          Status: "RUNNING",
          ApproximateNumberOfMessagesMoved: 3,
          ApproximateNumberOfMessagesToMove: 7,
          StartedTimestamp: 1_700_000_000_000,
        },
      ],
    });
    await expect(redriveStatus(sqs.client, DLQ)).resolves.toEqual({
      taskHandle: "handle-1",
      status: "RUNNING",
      movedMessages: 3,
      messagesToMove: 7,
      startedAt: new Date(1_700_000_000_000),
    });
    const command = sqs.sent[0] as ListMessageMoveTasksCommand;
    expect(command).toBeInstanceOf(ListMessageMoveTasksCommand);
    expect(command.input).toEqual({ SourceArn: DLQ, MaxResults: 1 });
  });

  it("is undefined when the DLQ was never redriven", async () => {
    await expect(redriveStatus(fakeSqs({ Results: [] }).client, DLQ)).resolves.toBeUndefined();
  });
});
