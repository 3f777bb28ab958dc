/**
 * The runtime configuration of the ingest function and the CLI, read once from the environment, typed,
 * failing loudly when something required is missing. AWS endpoints are not here: the AWS SDK v3 reads
 * `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB` and `AWS_ENDPOINT_URL_SESV2` itself, so the same
 * code talks to AWS or to the local stack by environment alone.
 */
export interface Config {
  /** Bucket holding `uploads/{department}/{year}/…` and the content-addressed originals. */
  uploadsBucket: string;
  /** Bucket the feed is written to (`v1/…`). */
  feedBucket: string;
  /** The DynamoDB table of the data model (single-table design). */
  table: string;
  /** SES sender address. */
  mailFrom: string;
  /** Where rejected uploads of unregistered departments are reported. */
  operatorEmail: string;
  /** Public base URL of the feed (CloudFront, or the local feed server), for links in emails. */
  feedBaseUrl: string;
  /** Optional SES configuration set. */
  sesConfigurationSet?: string;
  /** Largest upload read, in bytes. */
  maxUploadBytes: number;
}

export const ENV = {
  uploadsBucket: "GONGKAI_UPLOADS_BUCKET",
  feedBucket: "GONGKAI_FEED_BUCKET",
  table: "GONGKAI_TABLE",
  mailFrom: "GONGKAI_MAIL_FROM",
  operatorEmail: "GONGKAI_OPERATOR_EMAIL",
  feedBaseUrl: "GONGKAI_FEED_BASE_URL",
  sesConfigurationSet: "GONGKAI_SES_CONFIGURATION_SET",
  maxUploadBytes: "GONGKAI_MAX_UPLOAD_BYTES",
} as const;

export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`configuration: environment variable ${name} is required`);
    return value;
  };
  const maxUploadBytes = Number(env[ENV.maxUploadBytes] ?? DEFAULT_MAX_UPLOAD_BYTES);
  if (!Number.isInteger(maxUploadBytes) || maxUploadBytes <= 0) {
    throw new Error(`configuration: ${ENV.maxUploadBytes} must be a positive whole number of bytes`);
  }
  const sesConfigurationSet = env[ENV.sesConfigurationSet];
  return {
    uploadsBucket: required(ENV.uploadsBucket),
    feedBucket: required(ENV.feedBucket),
    table: required(ENV.table),
    mailFrom: required(ENV.mailFrom),
    operatorEmail: required(ENV.operatorEmail),
    feedBaseUrl: required(ENV.feedBaseUrl),
    maxUploadBytes,
    ...(sesConfigurationSet ? { sesConfigurationSet } : {}),
  };
}
