/**
 * The AWS SDK v3 clients of the pipeline. Without options they behave exactly as on AWS: the SDK reads
 * region, credentials and the endpoint overrides `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_ENDPOINT_URL_SESV2` (or the catch-all `AWS_ENDPOINT_URL`) from the environment itself. Explicit
 * endpoints (the local stack) take precedence over those variables.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface AwsClientOptions {
  region?: string;
  endpoints?: { s3?: string; dynamodb?: string; ses?: string };
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsClients {
  s3: S3Client;
  dynamodb: DynamoDBDocumentClient;
  ses: SESv2Client;
}

export function awsClients(options: AwsClientOptions = {}, env: NodeJS.ProcessEnv = process.env): AwsClients {
  const common = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  const endpoint = (url: string | undefined) => (url ? { endpoint: url } : {});
  // A custom S3 endpoint (s3rver, or any S3-compatible server) cannot serve bucket subdomains.
  const customS3 = Boolean(options.endpoints?.s3 || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  const s3 = new S3Client({
    ...common,
    ...endpoint(options.endpoints?.s3),
    ...(customS3 ? { forcePathStyle: true } : {}),
    // Without these the SDK sends streamed bodies aws-chunked with a trailing checksum, which s3rver
    // stores verbatim (chunk framing included). On AWS this only drops the optional extra checksum.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const dynamodb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ ...common, ...endpoint(options.endpoints?.dynamodb) }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const ses = new SESv2Client({ ...common, ...endpoint(options.endpoints?.ses) });
  return { s3, dynamodb, ses };
}
