/**
 * Names of the stacks and of their CloudFormation outputs/exports: the contract between the CDK app and
 * the CLI (`gongkai redrive` finds the dead-letter queue here). Dependency-free on purpose, so the CLI
 * can import it without loading aws-cdk-lib.
 *
 * Every output is also exported as `gongkai-{stage}-{output}` (e.g. `gongkai-prod-DeadLetterQueueArn`),
 * so `aws cloudformation list-exports` finds it without knowing which stack holds it.
 */

export function statefulStackName(stage: string): string {
  return `gongkai-${stage}-stateful`;
}

export function pipelineStackName(stage: string): string {
  return `gongkai-${stage}-pipeline`;
}

/** Outputs of the stateful stack. */
export const STATEFUL_OUTPUTS = {
  uploadsBucketName: "UploadsBucketName",
  feedBucketName: "FeedBucketName",
  accessLogsBucketName: "AccessLogsBucketName",
  tableName: "TableName",
  distributionId: "FeedDistributionId",
  distributionDomainName: "FeedDistributionDomainName",
  feedBaseUrl: "FeedBaseUrl",
  mailIdentity: "MailIdentity",
  mailConfigurationSet: "MailConfigurationSetName",
  userPoolId: "UserPoolId",
  userPoolClientId: "UserPoolClientId",
  tokenIssuer: "TokenIssuer",
  operatorRoleArn: "OperatorRoleArn",
} as const;

/** Outputs of the pipeline stack. */
export const PIPELINE_OUTPUTS = {
  ingestQueueArn: "IngestQueueArn",
  ingestQueueUrl: "IngestQueueUrl",
  deadLetterQueueArn: "DeadLetterQueueArn",
  deadLetterQueueUrl: "DeadLetterQueueUrl",
  ingestFunctionName: "IngestFunctionName",
  alarmTopicArn: "AlarmTopicArn",
  deskApiUrl: "DeskApiUrl",
} as const;

export type OutputName =
  | (typeof STATEFUL_OUTPUTS)[keyof typeof STATEFUL_OUTPUTS]
  | (typeof PIPELINE_OUTPUTS)[keyof typeof PIPELINE_OUTPUTS];

/** The export name of an output (stable across deployments of a stage). */
export function exportName(stage: string, output: string): string {
  return `gongkai-${stage}-${output}`;
}
