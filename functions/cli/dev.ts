import type { CliEnvironment } from "../config";
import type { IngestOutcome } from "../ingest/ingest-upload";
import type { LocalStack } from "../local/stack";
import { defineCommand, EXIT } from "./command";
import { safe, type Terminal } from "./terminal";

/** The feed's customary local port (a taken one is replaced). */
export const DEFAULT_FEED_PORT = 8088;

/** Starts the local stack and prints what every command needs to find it. */
export async function startDev(
  term: Terminal,
  env: CliEnvironment,
  echo = true,
  onOutcome?: (outcome: IngestOutcome) => void,
): Promise<LocalStack> {
  const { home } = env;
  term.note(`starting the local stack in ${home} …`);
  const { DEFAULT_LOCAL_PORTS } = await import("../local/servers");
  const { startLocalStack } = await import("../local/stack");
  const { feedPaths } = await import("../core/feed");
  const stack = await startLocalStack({
    home,
    ports: { ...DEFAULT_LOCAL_PORTS, feed: DEFAULT_FEED_PORT },
    onOutcome: (outcome) => {
      onOutcome?.(outcome);
      if (echo) term.err(safe`${outcome.status.padEnd(12)} ${outcome.record.key}`);
    },
  });
  const e = stack.endpoints;
  term.emit({ ok: true, ready: true, endpoints: e, endpointsFile: `${home}/endpoints.json` });
  term.out("ready");
  term.out(safe`  s3        ${e.s3}   (buckets ${e.uploadsBucket}, ${e.feedBucket})`);
  term.out(safe`  dynamodb  ${e.dynamodb}   (table ${e.table})`);
  term.out(safe`  ses       ${e.ses}   (sent mail: ${e.ses}/store)`);
  term.out(safe`  feed      ${e.feed}/${feedPaths.index}`);
  term.out(
    safe`  desk API  ${e.api}   (sign-in: cognito-local ${e.cognito}, pool ${e.userPoolId}, client ${e.userPoolClientId})`,
  );
  term.out(safe`  endpoints ${home}/endpoints.json   (for the aws CLI and SDKs: source ${home}/env.sh)`);
  return stack;
}

/** Keeps the stack up until Ctrl-C (or SIGTERM), then stops it. */
export async function untilInterrupted(stack: LocalStack, term: Terminal): Promise<void> {
  term.note("the stack stays up until Ctrl-C");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await stack.stop();
}

/** `gongkai dev`: the local stack, for the other commands. */
export const dev = defineCommand({
  name: "dev",
  purpose:
    "run the local stack (S3, DynamoDB, SES, Cognito, the pipeline, the feed, the desk API) until Ctrl-C",
  details:
    "Prints `ready` and the URLs, and writes them to $GONGKAI_HOME/endpoints.json, where the other commands " +
    "find the stack. A taken port is replaced by a free one.",
  options: { once: { type: "boolean", description: "start, print the URLs and stop (a smoke test)" } },
  examples: [
    { command: "gongkai dev", does: "in a terminal of its own; the other commands use it" },
    { command: "gongkai dev --json", does: "one JSON object with the endpoints when ready" },
  ],
  environment: ["GONGKAI_HOME"],
  json: true,
  async run({ options }, { term, env }) {
    const stack = await startDev(term, env);
    if (options.once) await stack.stop();
    else await untilInterrupted(stack, term);
    return EXIT.done;
  },
});
