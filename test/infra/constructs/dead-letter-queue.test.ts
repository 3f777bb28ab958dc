import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DeadLetterQueue } from "../../../infra/constructs/dead-letter-queue";
import { asArray, type Statement } from "../synth";
import { bareStack } from "./bare-stack";

describe("DeadLetterQueue", () => {
  it("keeps messages the longest SQS allows (14 days), encrypted, and refuses access without TLS", () => {
    const stack = bareStack();
    const dlq = new DeadLetterQueue(stack, "IngestDeadLetterQueue");
    const id = stack.getLogicalId(dlq.queue.node.defaultChild as CfnElement);
    const template = Template.fromStack(stack);
    expect(template.toJSON().Resources[id].Properties).toEqual({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
    const policies = Object.values(template.findResources("AWS::SQS::QueuePolicy"));
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties.Queues).toEqual([{ Ref: id }]);
    expect(asArray<Statement>(policies[0]!.Properties.PolicyDocument.Statement)).toEqual([
      expect.objectContaining({
        Effect: "Deny",
        Action: "sqs:*",
        Principal: { AWS: "*" },
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    ]);
  });
});
