import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { cognitoClient } from "../../functions/adapters/aws-clients";
import { LOCAL_CREDENTIALS } from "../../functions/local/servers";

/** The command line as an operator runs it: `bin/gongkai.mjs` in processes of its own, in one folder. */

const BIN = join(import.meta.dirname, "..", "..", "bin", "gongkai.mjs");

/** A command run to its end in `home`, its state under `home/state`, without colours. */
export function runGongkai(home: string, env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd: home,
    env: { ...process.env, GONGKAI_HOME: join(home, "state"), NO_COLOR: "1", ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A long-running command (`dev`, `demo`): what it has printed so far, and how to stop it. */
export interface RunningGongkai {
  readonly process: ChildProcess;
  /** Everything printed on stdout and stderr so far. */
  output(): string;
  /** SIGINT, as Ctrl-C; resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/**
 * Starts a long-running command in `home` and waits until its output matches `shown` (rejects with the
 * output when it exits first or takes longer than `timeoutMs`).
 */
export async function startGongkai(
  home: string,
  args: string[],
  shown: (output: string) => boolean,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningGongkai> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: home,
    env: { ...process.env, GONGKAI_HOME: join(home, "state"), ...options.env },
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gongkai ${args.join(" ")} did not get there:\n${output}`)),
      options.timeoutMs ?? 60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk;
      if (shown(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gongkai ${args.join(" ")} exited (${code}) first:\n${output}`));
    });
  });
  return {
    process: child,
    output: () => output,
    interrupt: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      return exited;
    },
  };
}

/** `gongkai dev`'s "ready" with its endpoints printed. */
export const devReady = (output: string) => /^ready$/m.test(output) && /endpoints/.test(output);

/**
 * Signs in to the local user pool the stack in `home` wrote to its endpoints file, with a temporary
 * password as printed; answers the challenge the pool puts (a first sign-in: NEW_PASSWORD_REQUIRED).
 */
export async function firstSignIn(
  home: string,
  email: string,
  password: string,
): Promise<string | undefined> {
  const endpoints = JSON.parse(await readFile(join(home, "state", "endpoints.json"), "utf8"));
  const cognito = cognitoClient({
    region: endpoints.region,
    credentials: LOCAL_CREDENTIALS,
    endpoints: { cognito: endpoints.cognito },
  });
  try {
    const signIn = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: endpoints.userPoolClientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    return signIn.ChallengeName;
  } finally {
    cognito.destroy();
  }
}
