/**
 * The user pool as every part sees it — the CDK app declaring it, the local stack creating it in
 * cognito-local, the token verifier reading its tokens, the CLI creating users: plain values only (no
 * SDK), so the CDK app loads it for free.
 */

/** The immutable custom attribute holding a clerk's department, set by the operator at creation. */
export const DEPARTMENT_ATTRIBUTE = "custom:department";
/** Its name as a pool's schema declares it (without `custom:`). */
export const DEPARTMENT_ATTRIBUTE_NAME = "department";
/** Members may act for any department (the desk API) and hold the operator's commands. */
export const OPERATORS_GROUP = "operators";

export const USER_POOL = {
  /** Cognito's password policy fields. */
  password: {
    MinimumLength: 12,
    RequireUppercase: true,
    RequireLowercase: true,
    RequireNumbers: true,
    RequireSymbols: true,
    TemporaryPasswordValidityDays: 7,
  },
  /**
   * A page without a hosted UI signs in with the password (and answers NEW_PASSWORD_REQUIRED at the first
   * sign-in); SRP is what cognito-local lacks.
   */
  authFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  /** ID and access tokens last an hour; the refresh token renews them. */
  tokenValidityMinutes: 60,
} as const;
