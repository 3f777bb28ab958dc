/**
 * The ingest queue: S3 object-created events under `uploads/` of the uploads bucket, handed to the ingest
 * function, moved to the dead-letter queue after `maxReceiveCount` failed receives. Alarms when messages reach
 * the dead-letter queue and when they wait too long here.
 */
import { Aws, Duration, Stack, Validations } from "aws-cdk-lib";
import { AnyPrincipal, ArnPrincipal, Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { EventType, type IBucket } from "aws-cdk-lib/aws-s3";
import { SqsDestination } from "aws-cdk-lib/aws-s3-notifications";
import { type IQueue, Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { OBJECT_PREFIX } from "../../functions/storage-layout";
import { ALARM_PERIOD, type AlarmTopic } from "./alarm-topic";
import { MAIN_RESOURCE } from "./main-resource";

/** Where departments upload (to be taken from the shared storage layout once it exists). */
const UPLOADS_PREFIX = OBJECT_PREFIX.uploads;

export interface IngestQueueProps {
  readonly stage: string;
  /** Its object-created events under `uploads/` fill the queue. */
  readonly uploads: IBucket;
  readonly deadLetterQueue: IQueue;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /**
   * The operator role's ARN: besides the uploads bucket's events, only it may send to the queue
   * (`gongkai reprocess`) and move messages back from the dead-letter queue (`gongkai redrive`).
   */
  readonly operatorRoleArn: string;
  /** The consuming function's timeout (the visibility timeout is six times it). */
  readonly functionTimeout: Duration;
  readonly alarms: AlarmTopic;
}

/** The uploads waiting to be ingested. */
export class IngestQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: IngestQueueProps) {
    super(scope, id);
    const { stage, deadLetterQueue, maxReceiveCount } = props;
    this.queue = new Queue(this, MAIN_RESOURCE, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for SQS-triggered functions: at least six times the function timeout, so a message is
      // not handed to a second invocation while the first still works on it (and retries have room).
      visibilityTimeout: Duration.seconds(props.functionTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount },
    });
    props.uploads.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: UPLOADS_PREFIX,
    });
    acknowledgeNotificationsHandler(Stack.of(this));
    this.admitOnlyUploadsAndOperator(props.uploads.bucketArn, props.operatorRoleArn, deadLetterQueue);

    props.alarms.alarm(this, "DeadLetterQueueAlarm", {
      description:
        `gongkai ${stage}: uploads failed ${maxReceiveCount} times and sit in the dead-letter queue. ` +
        "Read the function's logs, fix the cause, then run `gongkai redrive`.",
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: "Maximum",
      }),
      threshold: 1,
    });
    props.alarms.alarm(this, "AgeAlarm", {
      description: `gongkai ${stage}: uploads have waited over an hour in the ingest queue (function throttled or failing).`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: ALARM_PERIOD, statistic: "Maximum" }),
      threshold: 3600,
    });
  }

  /** Only the uploads bucket's events (of this account) and the operator may send; the operator may redrive. */
  private admitOnlyUploadsAndOperator(
    bucketArn: string,
    operatorRoleArn: string,
    deadLetterQueue: IQueue,
  ): void {
    // The intake checks every message against S3 anyway (trusted-upload.ts); this keeps the queue for
    // S3's events and the operator's reprocessing, whatever identity policies elsewhere in the account allow.
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        sid: "OnlyUploadsBucketEventsAndTheOperator",
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
        conditions: {
          ArnNotEquals: { "aws:SourceArn": bucketArn, "aws:PrincipalArn": operatorRoleArn },
        },
      }),
    );
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        sid: "S3EventsOfThisAccountOnly",
        effect: Effect.DENY,
        principals: [new ServicePrincipal("s3.amazonaws.com")],
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
        conditions: { StringNotEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        sid: "OperatorReprocesses",
        principals: [new ArnPrincipal(operatorRoleArn)],
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
      }),
    );
    deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        sid: "OperatorRedrives",
        principals: [new ArnPrincipal(operatorRoleArn)],
        actions: [
          "sqs:StartMessageMoveTask",
          "sqs:ListMessageMoveTasks",
          "sqs:CancelMessageMoveTask",
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
        ],
        resources: [deadLetterQueue.queueArn],
      }),
    );
  }
}

/**
 * aws-cdk-lib creates the function behind bucket notifications as a singleton of the stack, with a role of
 * its own choosing; acknowledged there, where cdk-nag reports it.
 */
function acknowledgeNotificationsHandler(stack: Stack): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith("BucketNotificationsHandler")) continue;
    Validations.of(child).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason:
        "aws-cdk-lib's BucketNotificationsHandler singleton: a CloudFormation custom resource that runs only " +
        "during deployments to merge the uploads/ → SQS notification into the uploads bucket. aws-cdk-lib " +
        "creates its role with the AWS-managed AWSLambdaBasicExecutionRole (its own CloudWatch logs only); its " +
        "other permission is s3:GetBucketNotification/PutBucketNotification on the uploads bucket.",
    });
  }
}
