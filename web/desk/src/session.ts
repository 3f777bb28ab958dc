import type { DeskConfig } from "../config";

/**
 * Signing in to the user pool from the browser, without a hosted UI or an SDK: Cognito's JSON protocol
 * over fetch — `InitiateAuth` with USER_PASSWORD_AUTH, `RespondToAuthChallenge` for the first sign-in's
 * NEW_PASSWORD_REQUIRED, and REFRESH_TOKEN_AUTH to renew the hour-long ID token. The tokens live in the
 * tab's sessionStorage (gone when the tab is closed); signing out forgets them and revokes the refresh
 * token, so a copy of it cannot renew the sign-in either.
 */

export interface Tokens {
  idToken: string;
  refreshToken: string;
  /** When the ID token expires (milliseconds since the epoch). */
  expiresAt: number;
  email: string;
}

/** Why a sign-in did not succeed, as the page explains it. */
export type SignInFailure =
  | { kind: "wrong_credentials" }
  | { kind: "password_rejected"; message: string }
  | { kind: "password_reset" }
  | { kind: "too_many_attempts" }
  | { kind: "network" }
  | { kind: "other"; message: string };

export type SignInStep =
  | { kind: "signed_in"; tokens: Tokens }
  | { kind: "new_password"; email: string; session: string }
  | { kind: "failed"; failure: SignInFailure };

const STORAGE_KEY = "gongkai.desk.session";
/** Renew the ID token this long before it expires, so no request carries one about to lapse. */
const RENEW_BEFORE_MS = 60_000;

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** The signed-in clerk's tokens, kept, renewed and forgotten. */
export class Session {
  private tokens: Tokens | null;
  private renewing: Promise<string | null> | null = null;

  constructor(
    private readonly cognito: DeskConfig["cognito"],
    private readonly storage: Storage,
  ) {
    this.tokens = readStored(storage);
  }

  get email(): string | null {
    return this.tokens?.email ?? null;
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  async signIn(email: string, password: string): Promise<SignInStep> {
    return this.attempt(email, () =>
      this.call("InitiateAuth", {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: this.cognito.clientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
  }

  /** Answers the first sign-in's challenge with the clerk's own password. */
  async setNewPassword(email: string, session: string, password: string): Promise<SignInStep> {
    return this.attempt(email, () =>
      this.call("RespondToAuthChallenge", {
        ClientId: this.cognito.clientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: password },
      }),
    );
  }

  /** A current ID token (renewed when about to expire), or null when the sign-in has lapsed. */
  async idToken(): Promise<string | null> {
    if (!this.tokens) return null;
    if (this.tokens.expiresAt - Date.now() > RENEW_BEFORE_MS) return this.tokens.idToken;
    return this.renew();
  }

  /** Renews the ID token with the refresh token; null (and signed out) when that is refused or expired. */
  renew(): Promise<string | null> {
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  /** Forgets the tokens now; the refresh token is revoked in the background (a failure leaves it to expire). */
  signOut(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    this.forget();
    if (!refreshToken) return Promise.resolve();
    return this.call("RevokeToken", { ClientId: this.cognito.clientId, Token: refreshToken }).then(
      () => undefined,
      () => undefined,
    );
  }

  private forget(): void {
    this.tokens = null;
    this.storage.removeItem(STORAGE_KEY);
  }

  private async renewOnce(): Promise<string | null> {
    const tokens = this.tokens;
    if (!tokens) return null;
    try {
      const answer = await this.call("InitiateAuth", {
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: this.cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
      });
      const result = answer.AuthenticationResult as { IdToken?: string } | undefined;
      if (!result?.IdToken) throw new CognitoError("NoToken", "no token in the answer");
      this.keep({ ...tokens, idToken: result.IdToken, expiresAt: expiryOf(result.IdToken) });
      return result.IdToken;
    } catch (error) {
      // A network failure keeps the sign-in (the next request tries again); a refusal ends it.
      if (error instanceof CognitoError) this.forget();
      return null;
    }
  }

  private async attempt(email: string, request: () => Promise<Record<string, unknown>>): Promise<SignInStep> {
    try {
      const answer = await request();
      if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED" && typeof answer.Session === "string") {
        return { kind: "new_password", email, session: answer.Session };
      }
      const result = answer.AuthenticationResult as { IdToken?: string; RefreshToken?: string } | undefined;
      if (!result?.IdToken || !result.RefreshToken) {
        return { kind: "failed", failure: { kind: "other", message: String(answer.ChallengeName ?? "") } };
      }
      const tokens = {
        idToken: result.IdToken,
        refreshToken: result.RefreshToken,
        expiresAt: expiryOf(result.IdToken),
        email,
      };
      this.keep(tokens);
      return { kind: "signed_in", tokens };
    } catch (error) {
      return { kind: "failed", failure: failureOf(error) };
    }
  }

  private keep(tokens: Tokens): void {
    this.tokens = tokens;
    this.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
  }

  /** One call of Cognito's JSON protocol (what the SDK sends: a POST with the target in a header). */
  private async call(target: string, body: object): Promise<Record<string, unknown>> {
    const response = await fetch(this.cognito.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const type = String(answer.__type ?? answer.code ?? response.status)
        .split("#")
        .pop()!;
      throw new CognitoError(type, String(answer.message ?? answer.Message ?? ""));
    }
    return answer;
  }
}

function failureOf(error: unknown): SignInFailure {
  if (!(error instanceof CognitoError)) return { kind: "network" };
  switch (error.type) {
    case "NotAuthorizedException":
    case "UserNotFoundException":
      return { kind: "wrong_credentials" };
    case "InvalidPasswordException":
      return { kind: "password_rejected", message: error.message };
    case "PasswordResetRequiredException":
      return { kind: "password_reset" };
    case "TooManyRequestsException":
    case "LimitExceededException":
    case "TooManyFailedAttemptsException":
      return { kind: "too_many_attempts" };
    default:
      return { kind: "other", message: `${error.type} ${error.message}`.trim() };
  }
}

/** The `exp` of a JWT, in milliseconds (the page only schedules renewals by it; the API verifies). */
function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as {
      exp?: number;
    };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}

function readStored(storage: Storage): Tokens | null {
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null") as Tokens | null;
    return stored && typeof stored.idToken === "string" && typeof stored.refreshToken === "string"
      ? stored
      : null;
  } catch {
    return null;
  }
}
