/**
 * The deployment settings of the CDK app, read from CDK context (`cdk.json`, or `-c key=value` on the
 * command line) and validated at synth time, so a bad value fails `cdk synth` with a message instead of a
 * half-deployed stack. Values given with `-c` arrive as strings; numbers are parsed from them.
 *
 * Departments are not settings: they are data in the table and users in the pool (`gongkai department add`
 * / `sync`), so the stacks are the same for 0 and for 200,000 departments. A `departments` key left in
 * context from before is ignored with a warning (see `ignoredDepartments`).
 */
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { DEFAULT_MAX_UPLOAD_BYTES, SEASON_ENV, seasonFromEnv } from "../functions/config";
import type { SeasonSettings } from "../functions/core/season/rounds";

export interface GongkaiSettings {
  /** Deployment stage, part of every stack, role and export name. Lowercase a-z, 0-9, `-`. */
  stage: string;
  /** Optional account/region pinning. Without them the stacks are environment-agnostic (no lookups). */
  account?: string;
  region?: string;
  /** SES sender address (GONGKAI_MAIL_FROM). */
  mailFrom: string;
  /** The SES identity to create: a domain (recommended, DKIM) or a single address. Default: mailFrom's domain. */
  sesIdentity: string;
  /** Operator address: alarm notifications and reports of uploads by unregistered departments. */
  operatorEmail: string;
  /**
   * Who may assume the operator role (bulk uploads under `uploads/`, the registry, sign-ins, reprocessing):
   * `account` (principals of this account an administrator allows sts:AssumeRole on it), a 12-digit account
   * id, or an IAM role/user ARN.
   */
  operatorPrincipal: string;
  /** Retention of the ingest function's log group, in days (a CloudWatch Logs retention value). */
  logRetentionDays: RetentionDays;
  /** Ingest function memory (MB) and timeout (seconds). */
  memoryMb: number;
  timeoutSeconds: number;
  /** SQS → Lambda batch size and the most concurrent invocations the event source may run. */
  batchSize: number;
  maxConcurrency: number;
  /** Optional reserved concurrency for the ingest function. */
  reservedConcurrency?: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  /** Days a replaced (noncurrent) version of an upload under `uploads/` is kept. */
  noncurrentVersionExpiryDays: number;
  /** Days access logs (S3 server access logs, CloudFront logs) are kept. */
  accessLogExpiryDays: number;
  /** Days a kept original (`originals/…`, oversize copies included) is kept after it was written. */
  originalsExpiryDays: number;
  /** Largest upload the function reads (GONGKAI_MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
  /** The reporting season: the deadline (`MM-DD` of the following year) and the reminder rounds. */
  season: SeasonSettings;
  /** Optional custom domain for the feed; needs feedCertificateArn (an ACM certificate in us-east-1). */
  feedDomainName?: string;
  feedCertificateArn?: string;
}

export const DEFAULTS = {
  stage: "dev",
  mailFrom: "gongkai@example.org",
  operatorEmail: "operator@example.org",
  operatorPrincipal: "account",
  logRetentionDays: 90,
  memoryMb: 1024,
  timeoutSeconds: 60,
  batchSize: 5,
  maxConcurrency: 5,
  maxReceiveCount: 4,
  noncurrentVersionExpiryDays: 90,
  accessLogExpiryDays: 365,
  /** Ten years: longer than any appeal or audit of a year's report needs the file it was published from. */
  originalsExpiryDays: 3650,
} as const;

/** The context keys read, for documentation and for tests. */
export const CONTEXT_KEYS = [
  "stage",
  "account",
  "region",
  "mailFrom",
  "sesIdentity",
  "operatorEmail",
  "operatorPrincipal",
  "logRetentionDays",
  "memoryMb",
  "timeoutSeconds",
  "batchSize",
  "maxConcurrency",
  "reservedConcurrency",
  "maxReceiveCount",
  "noncurrentVersionExpiryDays",
  "accessLogExpiryDays",
  "originalsExpiryDays",
  "maxUploadBytes",
  "deadline",
  "reminderDays",
  "feedDomainName",
  "feedCertificateArn",
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

const ID = /^[a-z0-9][a-z0-9-]*$/;
const EMAIL = /^[^\s@]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const PRINCIPAL =
  /^(account|\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+))$/;
/**
 * IAM path of the roles that may write under `uploads/` (the desk API's function, whose credentials sign
 * the browsers' POSTs, and the operator role): the uploads bucket policy trusts exactly this path.
 */
export function uploadWriterRolePath(stage: string): string {
  return `/gongkai/${stage}/uploaders/`;
}

/**
 * IAM path of the pipeline's own roles (the ingest function's): the only principals, with the operator
 * role for the feed, that the feed bucket and `originals/` / `annotated/` accept writes and deletes from.
 */
export function pipelineRolePath(stage: string): string {
  return `/gongkai/${stage}/pipeline/`;
}

export function operatorRoleName(stage: string): string {
  return `gongkai-${stage}-operator`;
}

export class SettingsError extends Error {
  override name = "SettingsError";
}

type Raw = (key: ContextKey) => unknown;

/** Reads and validates the settings from a construct's context (normally the App). */
export function settingsFromContext(scope: Construct): GongkaiSettings {
  return parseSettings((key) => scope.node.tryGetContext(key));
}

export function parseSettings(raw: Raw | Partial<Record<ContextKey, unknown>>): GongkaiSettings {
  const get: Raw = typeof raw === "function" ? raw : (key) => raw[key];
  const text = (key: ContextKey): string | undefined => {
    const value = get(key);
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string")
      throw new SettingsError(`context ${key}: expected a string, got ${JSON.stringify(value)}`);
    return value.trim();
  };
  const whole = (
    key: ContextKey,
    fallback: number | undefined,
    min: number,
    max: number,
  ): number | undefined => {
    const value = get(key);
    if (value === undefined || value === null || value === "") return fallback;
    const n =
      typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new SettingsError(
        `context ${key}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    }
    return n;
  };
  const required = (key: ContextKey, fallback: number, min: number, max: number): number =>
    whole(key, fallback, min, max) as number;

  const stage = text("stage") ?? DEFAULTS.stage;
  if (!ID.test(stage) || stage.length > 16) {
    throw new SettingsError(
      `context stage: "${stage}" must be 1-16 characters of lowercase a-z, 0-9 and "-"`,
    );
  }

  const account = text("account");
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new SettingsError(`context account: "${account}" is not a 12-digit AWS account id`);
  }
  const region = text("region");
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new SettingsError(`context region: "${region}" is not an AWS region name`);
  }

  const email = (key: ContextKey, fallback: string): string => {
    const value = text(key) ?? fallback;
    if (!EMAIL.test(value)) throw new SettingsError(`context ${key}: "${value}" is not an email address`);
    return value;
  };
  const mailFrom = email("mailFrom", DEFAULTS.mailFrom);
  const operatorEmail = email("operatorEmail", DEFAULTS.operatorEmail);

  const sesIdentity = text("sesIdentity") ?? mailFrom.slice(mailFrom.lastIndexOf("@") + 1);
  if (sesIdentity.includes("@")) {
    if (sesIdentity.toLowerCase() !== mailFrom.toLowerCase()) {
      throw new SettingsError(
        `context sesIdentity: the address identity "${sesIdentity}" must equal mailFrom "${mailFrom}"`,
      );
    }
  } else {
    if (!DOMAIN.test(sesIdentity))
      throw new SettingsError(`context sesIdentity: "${sesIdentity}" is not a domain`);
    const fromDomain = mailFrom.slice(mailFrom.lastIndexOf("@") + 1).toLowerCase();
    const identity = sesIdentity.toLowerCase();
    if (fromDomain !== identity && !fromDomain.endsWith(`.${identity}`)) {
      throw new SettingsError(
        `context sesIdentity: mailFrom "${mailFrom}" is not in the domain "${sesIdentity}"`,
      );
    }
  }

  const operatorPrincipal = text("operatorPrincipal") ?? DEFAULTS.operatorPrincipal;
  checkPrincipal("operatorPrincipal", operatorPrincipal);

  const logRetentionDays = required("logRetentionDays", DEFAULTS.logRetentionDays, 1, 3653);
  const retentionValues = Object.values(RetentionDays).filter((v): v is number => typeof v === "number");
  if (!retentionValues.includes(logRetentionDays)) {
    throw new SettingsError(
      `context logRetentionDays: ${logRetentionDays} is not a CloudWatch Logs retention (one of ${retentionValues.join(", ")})`,
    );
  }

  const timeoutSeconds = required("timeoutSeconds", DEFAULTS.timeoutSeconds, 3, 900);
  const feedDomainName = text("feedDomainName");
  const feedCertificateArn = text("feedCertificateArn");
  if ((feedDomainName === undefined) !== (feedCertificateArn === undefined)) {
    throw new SettingsError(
      "context feedDomainName and feedCertificateArn go together: give both or neither",
    );
  }
  if (feedDomainName !== undefined && !DOMAIN.test(feedDomainName)) {
    throw new SettingsError(`context feedDomainName: "${feedDomainName}" is not a domain`);
  }
  if (
    feedCertificateArn !== undefined &&
    !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(feedCertificateArn)
  ) {
    throw new SettingsError(
      "context feedCertificateArn: expected an ACM certificate ARN in us-east-1 (CloudFront)",
    );
  }

  const reservedConcurrency = whole("reservedConcurrency", undefined, 1, 1000);
  const maxConcurrency = required("maxConcurrency", DEFAULTS.maxConcurrency, 2, 1000);
  if (reservedConcurrency !== undefined && reservedConcurrency < maxConcurrency) {
    throw new SettingsError(
      `context reservedConcurrency (${reservedConcurrency}) below maxConcurrency (${maxConcurrency}) would throttle the queue poller`,
    );
  }

  let season: SeasonSettings;
  try {
    const days = get("reminderDays");
    season = seasonFromEnv({
      [SEASON_ENV.deadline]: text("deadline"),
      [SEASON_ENV.reminderDays]: Array.isArray(days) ? days.join(",") : text("reminderDays"),
    });
  } catch (error) {
    throw new SettingsError(`context deadline / reminderDays: ${(error as Error).message}`);
  }

  return {
    stage,
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    mailFrom,
    sesIdentity,
    operatorEmail,
    operatorPrincipal,
    logRetentionDays: logRetentionDays as RetentionDays,
    memoryMb: required("memoryMb", DEFAULTS.memoryMb, 128, 10240),
    timeoutSeconds,
    batchSize: required("batchSize", DEFAULTS.batchSize, 1, 10),
    maxConcurrency,
    ...(reservedConcurrency !== undefined ? { reservedConcurrency } : {}),
    maxReceiveCount: required("maxReceiveCount", DEFAULTS.maxReceiveCount, 1, 10),
    noncurrentVersionExpiryDays: required(
      "noncurrentVersionExpiryDays",
      DEFAULTS.noncurrentVersionExpiryDays,
      1,
      3650,
    ),
    accessLogExpiryDays: required("accessLogExpiryDays", DEFAULTS.accessLogExpiryDays, 1, 3650),
    originalsExpiryDays: required("originalsExpiryDays", DEFAULTS.originalsExpiryDays, 1, 36500),
    maxUploadBytes: required("maxUploadBytes", DEFAULT_MAX_UPLOAD_BYTES, 1, 5 * 1024 ** 3),
    season,
    ...(feedDomainName && feedCertificateArn ? { feedDomainName, feedCertificateArn } : {}),
  };
}

function checkPrincipal(where: string, value: string): void {
  if (!PRINCIPAL.test(value)) {
    throw new SettingsError(
      `context ${where}: "${value}" must be "account", a 12-digit account id, or an IAM root/role/user ARN`,
    );
  }
}

/**
 * How many departments a `departments` context value left from the per-department roles names (0 when
 * absent): ignored, since departments are data now; the app warns so the operator moves them to a file
 * for `gongkai department sync`.
 */
export function ignoredDepartments(value: unknown): number {
  if (value === undefined || value === null || value === "") return 0;
  if (Array.isArray(value)) return value.length;
  try {
    const list: unknown = JSON.parse(String(value));
    return Array.isArray(list) ? list.length : 1;
  } catch {
    return 1;
  }
}
