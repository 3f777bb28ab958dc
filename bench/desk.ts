import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoClient } from "../functions/adapters/aws-clients";
import { CognitoSignIns } from "../functions/adapters/cognito-sign-ins";
import { localConfig, startLocalStack } from "../functions/local/stack";

/**
 * Desk API figures on the local stack (cognito-local, dynalite, s3rver in this process): the median
 * latency of each call over HTTP with a real ID token (verified by aws-jwt-verify each time), and the time
 * to sign one presigned POST.
 */
const ROUNDS = 50;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100;
};

async function timed(rounds: number, run: () => Promise<unknown>): Promise<number> {
  await run(); // warm: JWKS fetched and cached, connections open
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function benchDesk(): Promise<Record<string, number | string>> {
  const home = await mkdtemp(join(tmpdir(), "gongkai-bench-desk-"));
  const stack = await startLocalStack({ home });
  const cognito = cognitoClient(localConfig(stack.endpoints).aws);
  try {
    const email = "clerk@bench.example.gov.cn";
    await stack.ports.departments.put({ id: "bench", name: "基准局", emails: [email] });
    const invitation = await new CognitoSignIns(cognito, stack.endpoints.userPoolId, "print").invite(
      email,
      "bench",
    );
    const password = invitation.status === "created" ? invitation.temporaryPassword! : "";
    const clientId = stack.endpoints.userPoolClientId;
    const first = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const signedIn = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: first.Session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: "Bench-Password-2025!" },
      }),
    );
    const headers = { authorization: `Bearer ${signedIn.AuthenticationResult!.IdToken}` };
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.endpoints.api}${path}`, {
        method,
        headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then((response) => response.json() as Promise<{ uploadId?: string }>);
    const issued = await api("POST", "/uploads", { year: 2024, fileName: "r.xlsx", size: 1000 });
    const results: Record<string, number | string> = {};
    results["desk API GET /me, median ms (local stack)"] = await timed(ROUNDS, () => api("GET", "/me"));
    results["desk API POST /uploads, median ms"] = await timed(ROUNDS, () =>
      api("POST", "/uploads", { year: 2024, fileName: "r.xlsx", size: 1000 }),
    );
    results[`desk API GET /uploads?year= (${ROUNDS + 2} uploads listed), median ms`] = await timed(
      ROUNDS,
      () => api("GET", "/uploads?year=2024"),
    );
    results["desk API GET /uploads/{id}, median ms"] = await timed(ROUNDS, () =>
      api("GET", `/uploads/${issued.uploadId}`),
    );
    results["presign one S3 POST (policy + SigV4), median ms"] = await timed(200, () =>
      stack.api.signer.presignPost("uploads/bench/2024/x/r.xlsx", 10 * 1024 * 1024, 600),
    );
    return results;
  } finally {
    cognito.destroy();
    await stack.stop();
    await rm(home, { recursive: true, force: true });
  }
}
