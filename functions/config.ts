import { resolve } from "node:path";
import { DEFAULT_SEASON, type SeasonSettings, validMonthDay } from "./core/season/rounds";

/**
 * The runtime configuration of the ingest function and of the `gongkai` commands: the only module that
 * reads the environment, once, typed, failing loudly when something required is missing. The AWS SDK v3
 * reads region, credentials and the endpoint overrides (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_ENDPOINT_URL_SESV2`, or the catch-all `AWS_ENDPOINT_URL`) itself, so the same code talks to AWS or
 * to the local stack by environment alone; only what our code decides from them is read here.
 */

/** How the AWS SDK clients reach AWS (or the local stack): nothing set, the SDK's own defaults. */
export interface AwsConnection {
  region?: string;
  /** Explicit endpoints (the local stack); they take precedence over the `AWS_ENDPOINT_URL*` variables. */
  endpoints?: { s3?: string; dynamodb?: string; ses?: string; sqs?: string };
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * Path-style S3 requests: a custom S3 endpoint (s3rver, or any S3-compatible server) cannot serve
   * bucket subdomains. Implied by `endpoints.s3`.
   */
  s3PathStyle?: boolean;
}

/** Where the pipeline's records live: what every operator command needs. */
export interface StoreConfig {
  /** Bucket holding `uploads/{department}/{year}/…` and the content-addressed originals. */
  uploadsBucket: string;
  /** The DynamoDB table of the data model (single-table design). */
  table: string;
  aws: AwsConnection;
}

/** The ingest function's configuration. */
export interface Config extends StoreConfig {
  /** Bucket the feed is written to (`v1/…`). */
  feedBucket: string;
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
  /** The reporting season's deadline and reminder rounds. */
  season: SeasonSettings;
}

/** The ingest function's environment variables (the CDK app sets exactly these). */
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

/**
 * The season's settings, read by the reminder function and the season's commands (the ingest function
 * needs neither: the defaults stand there). Optional: unset means the defaults.
 */
export const SEASON_ENV = {
  /** `MM-DD` of the year after the report year (default 01-31). */
  deadline: "GONGKAI_DEADLINE",
  /** Reminder rounds in days from the deadline, comma-separated (default -14,-3,1). */
  reminderDays: "GONGKAI_REMINDER_DAYS",
} as const;

/** What the `gongkai` commands read besides: the local stack's home, and the queues on AWS. */
export const CLI_ENV = {
  home: "GONGKAI_HOME",
  queueUrl: "GONGKAI_QUEUE_URL",
  dlqArn: "GONGKAI_DLQ_ARN",
} as const;

export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The region replayed S3 events name when none is configured. */
const DEFAULT_REGION = "us-east-1";

type Environment = Record<string, string | undefined>;

/** What our code decides from the SDK's own variables (the SDK reads the rest itself). */
export function awsConnectionFromEnv(env: Environment = process.env): AwsConnection {
  return { s3PathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL) };
}

export function configFromEnv(env: Environment = process.env): Config {
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
    season: seasonFromEnv(env),
    uploadsBucket: required(ENV.uploadsBucket),
    feedBucket: required(ENV.feedBucket),
    table: required(ENV.table),
    mailFrom: required(ENV.mailFrom),
    operatorEmail: required(ENV.operatorEmail),
    feedBaseUrl: required(ENV.feedBaseUrl),
    maxUploadBytes,
    ...(sesConfigurationSet ? { sesConfigurationSet } : {}),
    aws: awsConnectionFromEnv(env),
  };
}

/** The season's deadline and reminder rounds from the environment, the defaults where unset. */
export function seasonFromEnv(env: Environment = process.env): SeasonSettings {
  const deadline = env[SEASON_ENV.deadline] || DEFAULT_SEASON.deadline;
  if (!validMonthDay(deadline)) {
    throw new Error(
      `configuration: ${SEASON_ENV.deadline} must be a day of the year as MM-DD (not 02-29), not ${deadline}`,
    );
  }
  const days = env[SEASON_ENV.reminderDays];
  const reminderDays = days ? days.split(",").map((day) => Number(day.trim())) : DEFAULT_SEASON.reminderDays;
  if (reminderDays.some((day) => !Number.isInteger(day) || day === 0 || Math.abs(day) > 90)) {
    throw new Error(
      `configuration: ${SEASON_ENV.reminderDays} must be whole days from the deadline (±1..90), comma-separated`,
    );
  }
  return { deadline, reminderDays };
}

/** The environment of a `gongkai` command. */
export interface CliEnvironment {
  /** The local stack's state directory (`$GONGKAI_HOME`, else `.gongkai`), absolute. */
  home: string;
  /** Set (`GONGKAI_TABLE`): the commands act on AWS, whatever local stack there is. */
  table: string | null;
  uploadsBucket: string | null;
  feedBaseUrl: string | null;
  /** The ingest queue, for replaying events on AWS. */
  queueUrl: string | null;
  /** The dead-letter queue, for `gongkai redrive` on AWS. */
  dlqArn: string | null;
  /** The region replayed S3 events name. */
  region: string;
  aws: AwsConnection;
  /** False when `NO_COLOR` is set or the terminal is dumb. */
  colour: boolean;
}

export function cliEnvironment(env: Environment = process.env): CliEnvironment {
  const optional = (name: string): string | null => env[name] || null;
  return {
    home: resolve(env[CLI_ENV.home] ?? ".gongkai"),
    table: optional(ENV.table),
    uploadsBucket: optional(ENV.uploadsBucket),
    feedBaseUrl: env[ENV.feedBaseUrl] ?? null,
    queueUrl: optional(CLI_ENV.queueUrl),
    dlqArn: optional(CLI_ENV.dlqArn),
    region: env.AWS_REGION ?? DEFAULT_REGION,
    aws: awsConnectionFromEnv(env),
    colour: !env.NO_COLOR && env.TERM !== "dumb",
  };
}
