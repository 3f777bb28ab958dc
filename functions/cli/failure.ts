import { EXIT, type Failure, InputRefused, UsageError } from "./command";

/**
 * What went wrong, said so an operator knows what to do: a thrown error becomes a `Failure` with the
 * exit code of its kind (1 the input refused, 2 wrong usage, 3 the system failed) and a hint. The AWS
 * SDK's errors are told apart by name, so this module never loads the SDK.
 */

/** The system is not there or not set up (no local stack, no AWS names): exit 3, with what to do. */
export class SystemFailure extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly code = "system.failed",
  ) {
    super(message);
  }
}

const DOCTOR = "`gongkai doctor` checks what the commands need";

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EAI_AGAIN",
]);
const NOT_FOUND = new Set([
  "ResourceNotFoundException",
  "NoSuchBucket",
  "NotFound",
  "QueueDoesNotExist",
  "AWS.SimpleQueueService.NonExistentQueue",
]);
const DENIED = new Set(["AccessDenied", "AccessDeniedException", "Forbidden"]);
const BAD_CREDENTIALS = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
]);

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  address?: string;
  port?: number;
  cause?: unknown;
  $metadata?: unknown;
}

/** The failure a thrown error stands for. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError) return { code: error.code, message: error.message, exit: EXIT.usage };
  if (error instanceof InputRefused) return { code: error.code, message: error.message, exit: EXIT.refused };
  if (error instanceof SystemFailure) {
    return { code: error.code, message: error.message, hint: error.hint, exit: EXIT.failed };
  }
  const e = (error ?? {}) as ErrorLike;
  const network = networkError(e);
  if (network) {
    const where = network.address ? ` ${network.address}${network.port ? `:${network.port}` : ""}` : "";
    return {
      code: "system.unreachable",
      message: `cannot reach${where} (${network.code})`,
      hint: "for the local stack, start it with `gongkai dev`; on AWS, check the network and AWS_REGION",
      exit: EXIT.failed,
    };
  }
  const name = e.name ?? "Error";
  const message = e.message ?? String(error);
  if (name === "CredentialsProviderError") {
    return {
      code: "aws.no_credentials",
      message: "no AWS credentials found",
      hint: "sign in (`aws sso login` or `aws configure`) and set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
      exit: EXIT.failed,
    };
  }
  if (/region is missing/i.test(message)) {
    return {
      code: "aws.no_region",
      message: "no AWS region set",
      hint: "set AWS_REGION to the region the stacks are deployed in",
      exit: EXIT.failed,
    };
  }
  if (NOT_FOUND.has(name)) {
    return {
      code: "aws.not_found",
      message: `${name}: ${message}`,
      hint: `compare GONGKAI_TABLE, GONGKAI_UPLOADS_BUCKET and AWS_REGION with the stacks' outputs; ${DOCTOR}`,
      exit: EXIT.failed,
    };
  }
  if (DENIED.has(name)) {
    return {
      code: "aws.access_denied",
      message: `${name}: ${message}`,
      hint: "these credentials may not do this: use an operator's role (AWS_PROFILE)",
      exit: EXIT.failed,
    };
  }
  if (BAD_CREDENTIALS.has(name)) {
    return {
      code: "aws.bad_credentials",
      message: `${name}: ${message}`,
      hint: "the credentials are wrong or expired: sign in again (`aws sso login`)",
      exit: EXIT.failed,
    };
  }
  if (e.$metadata) {
    return { code: "aws.error", message: `${name}: ${message}`, hint: DOCTOR, exit: EXIT.failed };
  }
  return { code: "system.failed", message, hint: DOCTOR, exit: EXIT.failed };
}

/** A refused or failed connection, directly or as the cause of a failed `fetch`. */
function networkError(e: ErrorLike): ErrorLike | null {
  if (e.code && UNREACHABLE.has(e.code)) return e;
  const cause = e.cause as ErrorLike | undefined;
  if (cause && typeof cause === "object") {
    if (cause.code && UNREACHABLE.has(cause.code)) return cause;
    // AggregateError (several addresses tried), as `fetch` reports localhost.
    const errors = (cause as { errors?: ErrorLike[] }).errors;
    const inner = errors?.find((item) => item.code && UNREACHABLE.has(item.code));
    if (inner) return inner;
  }
  const errors = (e as { errors?: ErrorLike[] }).errors;
  return errors?.find((item) => item.code && UNREACHABLE.has(item.code)) ?? null;
}
