/**
 * Helpers of the desk API tests: clerks created and signed in on cognito-local as a browser page would
 * (USER_PASSWORD_AUTH, then NEW_PASSWORD_REQUIRED), API calls with their ID token, and the presigned POST
 * sent as a browser form.
 */
import {
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { CognitoSignIns } from "../../functions/adapters/cognito-sign-ins";
import type { LocalStack } from "../../functions/local/stack";

export const NEW_PASSWORD = "Desk-Password-2025!";

/** Registers the department and a clerk, signs in for the first time, and returns the clerk's ID token. */
export async function clerkOf(
  stack: LocalStack,
  cognito: CognitoIdentityProviderClient,
  department: string,
  email = `clerk@${department}.example.gov.cn`,
): Promise<string> {
  await stack.ports.departments.put({ id: department, name: `${department} 局`, emails: [email] });
  const invitation = await new CognitoSignIns(cognito, stack.endpoints.userPoolId, "print").invite(
    email,
    department,
  );
  expect(invitation.status).toBe("created");
  const temporary = invitation.status === "created" ? invitation.temporaryPassword! : "";
  return signIn(cognito, stack.endpoints.userPoolClientId, email, temporary);
}

/** A first sign-in: the temporary password, then the new one the pool asks for. Returns the ID token. */
export async function signIn(
  cognito: CognitoIdentityProviderClient,
  clientId: string,
  email: string,
  temporaryPassword: string,
): Promise<string> {
  const first = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: email, PASSWORD: temporaryPassword },
    }),
  );
  expect(first.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  const answered = await cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: first.Session,
      ChallengeResponses: { USERNAME: email, NEW_PASSWORD },
    }),
  );
  return answered.AuthenticationResult!.IdToken!;
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: an API answer, read field by field in the assertions
  body: any;
  text: string;
}

/** One desk API call with a bearer token (or none). */
export async function call(
  stack: LocalStack,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${stack.endpoints.api}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : null };
}

/** The presigned POST sent as a browser sends it: the fields, then the file last. */
export async function postToS3(
  post: { url: string; fields: Record<string, string> },
  bytes: Uint8Array,
  fileName: string,
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  form.append("file", new Blob([bytes]), fileName);
  return fetch(post.url, { method: "POST", body: form });
}
