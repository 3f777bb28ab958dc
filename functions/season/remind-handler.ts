import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { Context } from "aws-lambda";
import { lambdaClient } from "../adapters/aws-clients";
import { composePipeline } from "../compose";
import { configFromEnv } from "../config";
import { seasonDueOn } from "../core/season/rounds";
import { remind } from "./remind";
import { nextRun, type ReminderEvent, RUN_RESERVE_MS } from "./remind-runs";

export type { ReminderEvent } from "./remind-runs";

/**
 * The reminder Lambda, invoked by EventBridge Scheduler on each round's day with `{round}` (`d-14`…):
 * the same use case as `gongkai remind`, within the invocation's remaining time. Wiring only. A round
 * that needs more than one run is handed on to a new, asynchronous run of this function (remind-runs.ts);
 * one that cannot go on fails. Reminders the mail service failed to take are released for the next run
 * and counted; a complete run fails (and is retried) only if some were.
 */
const logger = new Logger({ serviceName: "gongkai-remind" });
const metrics = new Metrics({ namespace: "Gongkai", serviceName: "gongkai-remind" });
const config = configFromEnv();
const { season } = composePipeline(config);
/** Only asynchronous invocations: Lambda answers as soon as it has queued the event. */
const lambda = lambdaClient(config.aws, 10_000);

export async function handler(
  event: ReminderEvent,
  context: Pick<Context, "functionName" | "getRemainingTimeInMillis">,
): Promise<{ run: number; sent: number; failed: number; complete: boolean }> {
  const due =
    event.year && event.round
      ? { year: event.year, round: event.round }
      : (() => {
          const found = seasonDueOn(season.clock.now(), season.season, event.round);
          return found ? { year: found.year, round: found.round.id } : null;
        })();
  const run = event.run ?? 0;
  if (!due) {
    logger.warn("no reminder round is due today", { round: event.round });
    return { run, sent: 0, failed: 0, complete: true };
  }
  const budget = { remainingMs: () => context.getRemainingTimeInMillis(), reserveMs: RUN_RESERVE_MS };
  const report = await remind(season, { ...due, dryRun: false, budget });
  if (!report.ok) throw new Error(`reminders: ${report.problem}`);
  const count = (result: string) => report.reminders.filter((reminder) => reminder.result === result).length;
  const sent = count("sent");
  const failed = count("failed");
  logger.info(report.complete ? "reminder round done" : "reminder run out of time", {
    ...due,
    run,
    sent,
    already: count("already"),
    refused: count("refused"),
    failed,
    noAddress: count("no_address"),
    operator: report.operator?.result ?? null,
  });
  metrics.addMetric("reminders_sent", MetricUnit.Count, sent);
  metrics.addMetric("reminders_failed", MetricUnit.Count, failed);
  metrics.publishStoredMetrics();
  const next = nextRun(due, run, report);
  if (next.kind === "stuck") throw new Error(next.why);
  if (next.kind === "continue") {
    // The failed are retried by the continuation, which walks the roster again.
    await handOn(context.functionName, next.event);
    logger.info("reminder round handed on", next.event);
    return { run, sent, failed, complete: false };
  }
  if (failed > 0) throw new Error(`${failed} reminder(s) could not be sent; they go out on the retry`);
  return { run, sent, failed, complete: true };
}

/** Queues the next run of the round on this same function (unqualified: its role may invoke just that). */
async function handOn(functionName: string, event: Required<ReminderEvent>): Promise<void> {
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: "Event",
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
  if (response.FunctionError) {
    throw new Error(`the next run of the round could not be queued (${response.FunctionError})`);
  }
}
