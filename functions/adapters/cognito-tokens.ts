import { JwtVerifier } from "aws-jwt-verify";
import { FetchError, JwksNotAvailableInCacheError, JwtBaseError } from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { SignedIn, TokenVerifier } from "../api/ports";
import { DEPARTMENT_ID } from "../storage-layout";
import { DEPARTMENT_ATTRIBUTE, OPERATORS_GROUP } from "../user-pool";

/** Where a user pool's tokens are checked against: its issuer, its JWKS, the app client they were issued to. */
export interface PoolTokens {
  /** `https://cognito-idp.{region}.amazonaws.com/{poolId}` on AWS, cognito-local's `{endpoint}/{poolId}` locally. */
  issuer: string;
  clientId: string;
}

/**
 * The JWKS over the runtime's `fetch`: aws-jwt-verify's own Node fetcher speaks HTTPS only, and
 * cognito-local serves its JWKS over plain HTTP on loopback; Cognito's is HTTPS. One code path for both.
 */
const fetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (response.status !== 200) throw new FetchError(uri, `status ${response.status}, expected 200`);
    return await response.arrayBuffer();
  },
};

/**
 * Verifies ID tokens of one user pool and app client with aws-jwt-verify: RS256 signature by a key of the
 * pool's JWKS, the issuer, the audience (the app client), `token_use` = `id`, expiry and not-before. The
 * ID token is the one that carries `custom:department`; the API Gateway JWT authorizer checks the same
 * issuer and audience before the Lambda is called.
 */
export class CognitoTokenVerifier implements TokenVerifier {
  private readonly verifier;

  constructor(pool: PoolTokens) {
    this.verifier = JwtVerifier.create(
      {
        issuer: pool.issuer,
        audience: pool.clientId,
        jwksUri: `${pool.issuer}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) => {
          if (payload.token_use !== "id") throw new Error("not an ID token");
        },
      },
      { jwksCache: new SimpleJwksCache({ fetcher }) },
    );
  }

  async verify(token: string): Promise<SignedIn | null> {
    let payload: Record<string, unknown>;
    try {
      payload = (await this.verifier.verify(token)) as Record<string, unknown>;
    } catch (error) {
      // The pool's keys out of reach is our failure (500, retried), not a bad token.
      if (error instanceof FetchError || error instanceof JwksNotAvailableInCacheError) throw error;
      if (error instanceof JwtBaseError || (error as Error).message === "not an ID token") return null;
      throw error;
    }
    const department = payload[DEPARTMENT_ATTRIBUTE];
    const groups = payload["cognito:groups"];
    return {
      sub: String(payload.sub),
      email: typeof payload.email === "string" ? payload.email : null,
      department: typeof department === "string" && DEPARTMENT_ID.test(department) ? department : null,
      operator: Array.isArray(groups) && groups.includes(OPERATORS_GROUP),
    };
  }
}
