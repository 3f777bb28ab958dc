import { parseArgs } from "node:util";
import type { CliEnvironment } from "../config";
import { feedPaths } from "../core/feed";
import type { IngestOutcome } from "../ingest/ingest-upload";
import { DEFAULT_LOCAL_PORTS } from "../local/servers";
import { type LocalStack, startLocalStack } from "../local/stack";
import type { Terminal } from "./terminal";

export const devUsage = "gongkai dev [--once]";

export const DEFAULT_FEED_PORT = 8088;

/** Starts the local stack and prints what every command needs to find it. */
export async function startDev(
  term: Terminal,
  env: CliEnvironment,
  echo = true,
  onOutcome?: (outcome: IngestOutcome) => void,
): Promise<LocalStack> {
  const { home } = env;
  term.progress(`starting the local stack in ${home} …`);
  const stack = await startLocalStack({
    home,
    ports: { ...DEFAULT_LOCAL_PORTS, feed: DEFAULT_FEED_PORT },
    onOutcome: (outcome) => {
      onOutcome?.(outcome);
      if (echo) term.err(`${outcome.status.padEnd(12)} ${outcome.record.key}`);
    },
  });
  term.out("ready");
  term.out(
    `  s3        ${stack.endpoints.s3}   (buckets ${stack.endpoints.uploadsBucket}, ${stack.endpoints.feedBucket})`,
  );
  term.out(`  dynamodb  ${stack.endpoints.dynamodb}   (table ${stack.endpoints.table})`);
  term.out(`  ses       ${stack.endpoints.ses}   (sent mail: ${stack.endpoints.ses}/store)`);
  term.out(`  feed      ${stack.endpoints.feed}/${feedPaths.index}`);
  term.out(`  endpoints ${home}/endpoints.json   (for the aws CLI and SDKs: source ${home}/env.sh)`);
  return stack;
}

export async function untilInterrupted(stack: LocalStack, term: Terminal): Promise<void> {
  term.out("the stack stays up until Ctrl-C");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await stack.stop();
}

export async function devCommand(argv: string[], term: Terminal, env: CliEnvironment): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { once: { type: "boolean" } } });
  const stack = await startDev(term, env);
  if (values.once) await stack.stop();
  else await untilInterrupted(stack, term);
  return 0;
}
