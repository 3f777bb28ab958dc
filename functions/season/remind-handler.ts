import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { composePipeline } from "../compose";
import { configFromEnv } from "../config";
import { seasonDueOn } from "../core/season/rounds";
import { remind } from "./remind";

/**
 * The reminder Lambda, invoked by EventBridge Scheduler on each round's day with `{round}` (`d-14`…):
 * the same use case as `gongkai remind`. Wiring only. Reminders the mail service failed to take are
 * released for the next run and counted; the function fails (and the schedule retries) only if some were.
 */
const logger = new Logger({ serviceName: "gongkai-remind" });
const metrics = new Metrics({ namespace: "Gongkai", serviceName: "gongkai-remind" });
const { season } = composePipeline(configFromEnv());

export interface ReminderEvent {
  round?: string;
  /** Normally the year whose round is due today; set to run a round of another year by hand. */
  year?: number;
}

export async function handler(event: ReminderEvent = {}): Promise<{ sent: number; failed: number }> {
  const due =
    event.year && event.round
      ? { year: event.year, round: event.round }
      : (() => {
          const found = seasonDueOn(season.clock.now(), season.season, event.round);
          return found ? { year: found.year, round: found.round.id } : null;
        })();
  if (!due) {
    logger.warn("no reminder round is due today", { round: event.round });
    return { sent: 0, failed: 0 };
  }
  const report = await remind(season, { year: due.year, round: due.round, dryRun: false });
  if (!report.ok) throw new Error(`reminders: ${report.problem}`);
  const count = (result: string) => report.reminders.filter((reminder) => reminder.result === result).length;
  const sent = count("sent");
  const failed = count("failed");
  logger.info("reminder round done", {
    year: due.year,
    round: due.round,
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
  if (failed > 0) throw new Error(`${failed} reminder(s) could not be sent; they go out on the retry`);
  return { sent, failed };
}
