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
  endpoints?: {
    s3?: string;
    dynamodb?: string;
    ses?: string;
    sqs?: string;
    cognito?: string;
    lambda?: string;
  };
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * Path-style S3 requests: a custom S3 endpoint (s3rver, or any S3-compatible server) cannot serve
   * bucket subdomains. Implied by `endpoints.s3`.
   */
  s3PathStyle?: boolean;
  /**
   * How long the clients wait for a connection and, once connected, for the server's next bytes (each
   * attempt; the SDK retries). Defaults in adapters/aws-clients.ts.
   */
  timeouts?: { connectionMs?: number; requestMs?: number };
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
  /**
   * The clerks' desk page (`{feed}/desk/`), where the mails tell a department to upload its corrected
   * file; unset (no desk deployed), they name the department's upload folder instead.
   */
  deskUrl?: string;
  /** Optional SES configuration set. */
  sesConfigurationSet?: string;
  /** Largest upload read, in bytes. */
  maxUploadBytes: number;
  /** The reporting season's deadline and reminder rounds. */
  season: SeasonSettings;
  /**
   * The annotate function rejected uploads are marked by (AWS); unset, they are marked in this process
   * (the local stack, the CLI).
   */
  annotatorFunction?: string;
}

/** The annotate function's configuration: it reads kept originals and writes annotated copies. */
export interface AnnotatorConfig {
  uploadsBucket: string;
  aws: AwsConnection;
}

/** The catalogue function's configuration: it reads the table and writes the feed's catalogue documents. */
export interface CatalogueConfig {
  table: string;
  feedBucket: string;
  aws: AwsConnection;
}

/** The desk API function's configuration. */
export interface ApiConfig extends StoreConfig {
  /** Bucket the feed is written to: a clerk's explanation is published at once. */
  feedBucket: string;
  /** Public base URL of the feed, for a published upload's report link. */
  feedBaseUrl: string;
  /** Largest upload a presigned POST admits, in bytes (the ingest's limit). */
  maxUploadBytes: number;
  /** The tokens the API accepts: those of this pool's issuer, issued to the desk's app client. */
  tokens: { issuer: string; clientId: string };
  /** How long a presigned POST stays valid. */
  postExpirySeconds: number;
}

export const DEFAULT_POST_EXPIRY_SECONDS = 10 * 60;

/** The ingest function's environment variables (the CDK app sets exactly these). */
export const ENV = {
  uploadsBucket: "GONGKAI_UPLOADS_BUCKET",
  feedBucket: "GONGKAI_FEED_BUCKET",
  table: "GONGKAI_TABLE",
  mailFrom: "GONGKAI_MAIL_FROM",
  operatorEmail: "GONGKAI_OPERATOR_EMAIL",
  feedBaseUrl: "GONGKAI_FEED_BASE_URL",
  /** The desk page's URL (DeskUrl), named in the mails; unset, they name the upload folder. */
  deskUrl: "GONGKAI_DESK_URL",
  sesConfigurationSet: "GONGKAI_SES_CONFIGURATION_SET",
  maxUploadBytes: "GONGKAI_MAX_UPLOAD_BYTES",
  /** The annotate function's name (set on AWS; unset, annotation runs in the process). */
  annotatorFunction: "GONGKAI_ANNOTATOR_FUNCTION",
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

/** The desk API function's environment variables (the CDK app sets these; the POST expiry is optional). */
export const API_ENV = {
  uploadsBucket: ENV.uploadsBucket,
  feedBucket: ENV.feedBucket,
  table: ENV.table,
  feedBaseUrl: ENV.feedBaseUrl,
  maxUploadBytes: ENV.maxUploadBytes,
  /** The user pool's issuer URL. */
  tokenIssuer: "GONGKAI_TOKEN_ISSUER",
  /** The desk's app client id: the audience of the ID tokens it accepts. */
  userPoolClientId: "GONGKAI_USER_POOL_CLIENT_ID",
  postExpirySeconds: "GONGKAI_UPLOAD_POST_SECONDS",
} as const;

/** What the `gongkai` commands read besides: the local stack's home, and the queues on AWS. */
export const CLI_ENV = {
  home: "GONGKAI_HOME",
  queueUrl: "GONGKAI_QUEUE_URL",
  dlqArn: "GONGKAI_DLQ_ARN",
  /** The user pool `gongkai department add` creates sign-ins in, on AWS. */
  userPoolId: "GONGKAI_USER_POOL_ID",
} as const;

/**
 * Every variable a `gongkai` command reads, and what it is for: `--help` and the README list them from
 * here, and each command declares which of them it reads.
 */
export const CLI_VARIABLES = {
  GONGKAI_HOME:
    "the local stack's state directory (default .gongkai), where `gongkai dev` writes endpoints.json",
  GONGKAI_TABLE:
    "the DynamoDB table on AWS (the stateful stack's TableName output); when set, commands act on AWS",
  GONGKAI_UPLOADS_BUCKET: "the uploads bucket on AWS (UploadsBucketName)",
  GONGKAI_FEED_BUCKET:
    "the feed bucket on AWS (FeedBucketName): `doctor` checks it, and the season's commands that publish write it",
  GONGKAI_FEED_BASE_URL: "the public feed's URL (FeedBaseUrl), for the links printed",
  GONGKAI_QUEUE_URL: "the ingest queue on AWS (IngestQueueUrl), where `reprocess` sends an upload again",
  GONGKAI_DLQ_ARN: "the dead-letter queue on AWS (DeadLetterQueueArn), what `redrive` empties",
  GONGKAI_USER_POOL_ID:
    "the clerks' user pool on AWS (UserPoolId), where `department add|sync` creates the sign-ins",
  GONGKAI_MAIL_FROM: "on AWS, the address reminders are sent from (the pipeline's SES sender)",
  GONGKAI_OPERATOR_EMAIL: "on AWS, the operator's address: the list of who is late goes there",
  GONGKAI_DESK_URL: "on AWS, the desk page's URL (DeskUrl), where reminders tell departments to upload",
  GONGKAI_DEADLINE: "the reports' deadline, MM-DD of the following year (default 01-31)",
  GONGKAI_REMINDER_DAYS: "the reminder rounds, in days from the deadline (default -14,-3,1)",
  "AWS_*":
    "read by the AWS SDK itself: AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_*",
  NO_COLOR: "when set, no colour",
} as const;
/** A variable a command may declare it reads. */
export type CliVariable = keyof typeof CLI_VARIABLES;

/** What every command that acts on the local stack or AWS reads. */
export const TARGET_VARIABLES: readonly CliVariable[] = [
  "GONGKAI_HOME",
  "GONGKAI_TABLE",
  "GONGKAI_UPLOADS_BUCKET",
  "AWS_*",
];

/**
 * What the season's commands read besides: on AWS they publish (withdraw, explain, a department that
 * moves region) and mail (remind) as the pipeline does, so they need the pipeline's whole configuration.
 */
export const SEASON_VARIABLES: readonly CliVariable[] = [
  ...TARGET_VARIABLES,
  "GONGKAI_FEED_BUCKET",
  "GONGKAI_FEED_BASE_URL",
  "GONGKAI_MAIL_FROM",
  "GONGKAI_OPERATOR_EMAIL",
  "GONGKAI_DESK_URL",
  "GONGKAI_DEADLINE",
  "GONGKAI_REMINDER_DAYS",
];

export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The region replayed S3 events name when none is configured. */
const DEFAULT_REGION = "us-east-1";

type Environment = Record<string, string | undefined>;

/** What our code decides from the SDK's own variables (the SDK reads the rest itself). */
export function awsConnectionFromEnv(env: Environment = process.env): AwsConnection {
  return { s3PathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL) };
}

const requiredIn =
  (env: Environment) =>
  (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`configuration: environment variable ${name} is required`);
    return value;
  };

function wholeFrom(env: Environment, name: string, fallback: number, what: string): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`configuration: ${name} must be a positive whole number of ${what}`);
  }
  return value;
}

export function configFromEnv(env: Environment = process.env): Config {
  const required = requiredIn(env);
  const maxUploadBytes = wholeFrom(env, ENV.maxUploadBytes, DEFAULT_MAX_UPLOAD_BYTES, "bytes");
  const sesConfigurationSet = env[ENV.sesConfigurationSet];
  const annotatorFunction = env[ENV.annotatorFunction];
  const deskUrl = env[ENV.deskUrl];
  return {
    season: seasonFromEnv(env),
    uploadsBucket: required(ENV.uploadsBucket),
    feedBucket: required(ENV.feedBucket),
    table: required(ENV.table),
    mailFrom: required(ENV.mailFrom),
    operatorEmail: required(ENV.operatorEmail),
    feedBaseUrl: required(ENV.feedBaseUrl),
    maxUploadBytes,
    ...(deskUrl ? { deskUrl } : {}),
    ...(sesConfigurationSet ? { sesConfigurationSet } : {}),
    ...(annotatorFunction ? { annotatorFunction } : {}),
    aws: awsConnectionFromEnv(env),
  };
}

/** The annotate function's configuration from the environment (`GONGKAI_UPLOADS_BUCKET`). */
export function annotatorConfigFromEnv(env: Environment = process.env): AnnotatorConfig {
  return { uploadsBucket: requiredIn(env)(ENV.uploadsBucket), aws: awsConnectionFromEnv(env) };
}

/** Where the records live, from the environment: the mail-feedback function's configuration. */
export function storeConfigFromEnv(env: Environment = process.env): StoreConfig {
  const required = requiredIn(env);
  return {
    uploadsBucket: required(ENV.uploadsBucket),
    table: required(ENV.table),
    aws: awsConnectionFromEnv(env),
  };
}

/** The catalogue function's configuration from the environment (`GONGKAI_TABLE`, `GONGKAI_FEED_BUCKET`). */
export function catalogueConfigFromEnv(env: Environment = process.env): CatalogueConfig {
  const required = requiredIn(env);
  return { table: required(ENV.table), feedBucket: required(ENV.feedBucket), aws: awsConnectionFromEnv(env) };
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

export function apiConfigFromEnv(env: Environment = process.env): ApiConfig {
  const required = requiredIn(env);
  return {
    uploadsBucket: required(API_ENV.uploadsBucket),
    feedBucket: required(API_ENV.feedBucket),
    table: required(API_ENV.table),
    feedBaseUrl: required(API_ENV.feedBaseUrl),
    maxUploadBytes: wholeFrom(env, API_ENV.maxUploadBytes, DEFAULT_MAX_UPLOAD_BYTES, "bytes"),
    tokens: {
      issuer: required(API_ENV.tokenIssuer).replace(/\/+$/, ""),
      clientId: required(API_ENV.userPoolClientId),
    },
    postExpirySeconds: wholeFrom(env, API_ENV.postExpirySeconds, DEFAULT_POST_EXPIRY_SECONDS, "seconds"),
    aws: awsConnectionFromEnv(env),
  };
}

/** The environment of a `gongkai` command. */
export interface CliEnvironment {
  /** The local stack's state directory (`$GONGKAI_HOME`, else `.gongkai`), absolute. */
  home: string;
  /** Set (`GONGKAI_TABLE`): the commands act on AWS, whatever local stack there is. */
  table: string | null;
  uploadsBucket: string | null;
  /** Only `gongkai doctor` needs it: the commands never write the feed. */
  feedBucket: string | null;
  feedBaseUrl: string | null;
  /** The ingest queue, for replaying events on AWS. */
  queueUrl: string | null;
  /** The dead-letter queue, for `gongkai redrive` on AWS. */
  dlqArn: string | null;
  /** The user pool, for `gongkai department add` on AWS. */
  userPoolId: string | null;
  /** The region replayed S3 events name. */
  region: string;
  /** What `gongkai doctor` says about the SDK's own settings: set or not. */
  awsSettings: { region: string | null; profile: string | null; endpoint: boolean };
  aws: AwsConnection;
  /** False when `NO_COLOR` is set or the terminal is dumb. */
  colour: boolean;
  /** The pipeline's whole configuration when every variable of it is set (the season's commands on AWS). */
  pipeline: Config | null;
  /** The season's variables as set (read by `seasonFromEnv` where a command needs them). */
  seasonVariables: Environment;
}

export function cliEnvironment(env: Environment = process.env): CliEnvironment {
  const optional = (name: string): string | null => env[name] || null;
  return {
    home: resolve(env[CLI_ENV.home] ?? ".gongkai"),
    table: optional(ENV.table),
    uploadsBucket: optional(ENV.uploadsBucket),
    feedBucket: optional(ENV.feedBucket),
    feedBaseUrl: env[ENV.feedBaseUrl] ?? null,
    queueUrl: optional(CLI_ENV.queueUrl),
    dlqArn: optional(CLI_ENV.dlqArn),
    userPoolId: optional(CLI_ENV.userPoolId),
    region: env.AWS_REGION ?? DEFAULT_REGION,
    awsSettings: {
      region: optional("AWS_REGION") ?? optional("AWS_DEFAULT_REGION"),
      profile: optional("AWS_PROFILE"),
      endpoint: Object.keys(env).some((name) => name.startsWith("AWS_ENDPOINT_URL") && Boolean(env[name])),
    },
    aws: awsConnectionFromEnv(env),
    colour: !env.NO_COLOR && env.TERM !== "dumb",
    pipeline: pipelineIfSet(env),
    seasonVariables: {
      [SEASON_ENV.deadline]: env[SEASON_ENV.deadline],
      [SEASON_ENV.reminderDays]: env[SEASON_ENV.reminderDays],
    },
  };
}

function pipelineIfSet(env: Environment): Config | null {
  try {
    return configFromEnv(env);
  } catch {
    return null;
  }
}
