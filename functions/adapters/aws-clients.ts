/**
 * The AWS SDK v3 clients, constructed here and nowhere else. With an empty connection they behave
 * exactly as on AWS: the SDK reads region, credentials and the endpoint overrides `AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SESV2`, `AWS_ENDPOINT_URL_SQS` (or the catch-all
 * `AWS_ENDPOINT_URL`) from the environment itself. Explicit endpoints (the local stack) take precedence.
 */
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { AwsConnection } from "../config";

export interface AwsClients {
  s3: S3Client;
  dynamodb: DynamoDBDocumentClient;
  ses: SESv2Client;
}

/**
 * Without these a server that accepts the connection and never answers holds a request until the Lambda
 * times out, and the whole batch with it. Per attempt: the SDK's own retries (3 attempts) come on top.
 */
export const DEFAULT_TIMEOUTS = { connectionMs: 3_000, requestMs: 15_000 } as const;

function common(connection: AwsConnection) {
  return {
    ...(connection.region ? { region: connection.region } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    // The options form: each client builds its own @smithy/node-http-handler from them. The request
    // timeout runs until the answer's headers (it only warns unless told to throw); the socket timeout
    // then bounds each silence while a body streams.
    requestHandler: {
      connectionTimeout: connection.timeouts?.connectionMs ?? DEFAULT_TIMEOUTS.connectionMs,
      requestTimeout: connection.timeouts?.requestMs ?? DEFAULT_TIMEOUTS.requestMs,
      socketTimeout: connection.timeouts?.requestMs ?? DEFAULT_TIMEOUTS.requestMs,
      throwOnRequestTimeout: true,
    },
  };
}

const endpoint = (url: string | undefined) => (url ? { endpoint: url } : {});

/** The S3 client alone (the annotate function's only one). */
export function s3Client(connection: AwsConnection = {}): S3Client {
  return new S3Client({
    ...common(connection),
    ...endpoint(connection.endpoints?.s3),
    ...(connection.s3PathStyle || connection.endpoints?.s3 ? { forcePathStyle: true } : {}),
    // Without these the SDK sends streamed bodies aws-chunked with a trailing checksum, which s3rver
    // stores verbatim (chunk framing included). On AWS this only drops the optional extra checksum.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** The pipeline's clients: S3, DynamoDB (the document client), SES v2. */
export function awsClients(connection: AwsConnection = {}): AwsClients {
  const s3 = s3Client(connection);
  const dynamodb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ ...common(connection), ...endpoint(connection.endpoints?.dynamodb) }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const ses = new SESv2Client({ ...common(connection), ...endpoint(connection.endpoints?.ses) });
  return { s3, dynamodb, ses };
}

/** The SQS client of the operator's commands (replay onto the ingest queue, redrive): not the Lambda's. */
export function sqsClient(connection: AwsConnection = {}): SQSClient {
  return new SQSClient({ ...common(connection), ...endpoint(connection.endpoints?.sqs) });
}

/**
 * The ingest function's client of the annotate function (synchronous invocations). Its request timeout is
 * over the annotate function's longest timeout (60 s, infra/constructs/annotate-function.ts), well over the
 * SDK clients' default: annotating a large workbook takes seconds.
 */
export function lambdaClient(connection: AwsConnection = {}, requestMs = 65_000): LambdaClient {
  const options = common({ ...connection, timeouts: { ...connection.timeouts, requestMs } });
  return new LambdaClient({ ...options, ...endpoint(connection.endpoints?.lambda) });
}

/** The user pool's client, for the operator's commands (sign-ins) and the local stack's setup. */
export function cognitoClient(connection: AwsConnection = {}): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    ...common(connection),
    ...endpoint(connection.endpoints?.cognito),
  });
}

/** Closes every client's connections. */
export function destroyClients(clients: AwsClients): void {
  clients.s3.destroy();
  clients.dynamodb.destroy();
  clients.ses.destroy();
}
