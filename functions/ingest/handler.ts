import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { composePipeline } from "../compose";
import { configFromEnv } from "../config";
import { batchLimits, NOT_KEPT_METRIC } from "./ingest-limits";
import { MAIL_UNAVAILABLE_METRIC, MailUnavailable } from "./mail-unavailable";
import { processBatch } from "./process-batch";

/** The ingest Lambda: SQS batches of S3 object-created events → the use case. Wiring only. */
const logger = new Logger({ serviceName: "gongkai-ingest" });
const metrics = new Metrics({ namespace: "Gongkai", serviceName: "gongkai-ingest" });
const { ports } = composePipeline(configFromEnv());

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const response = await processBatch(
    ports,
    event,
    {
      outcome: ({ status, record }) => {
        logger.info("upload processed", {
          key: record.key,
          department: record.department,
          year: record.year,
          status,
        });
        metrics.addMetric(`uploads_${status}`, MetricUnit.Count, 1);
        if (record.originalNotKept) {
          // Recorded and mailed, but its bytes are not in originals/: the operator's to know (alarmed).
          logger.warn("upload not kept in originals/", { key: record.key, why: record.originalNotKept });
          metrics.addMetric(NOT_KEPT_METRIC, MetricUnit.Count, 1);
        }
      },
      failure: (messageId, error) => {
        if (error instanceof MailUnavailable) {
          // The mail service sends nothing now: the operator's to fix (the alarm on this metric says so).
          logger.error("mail service unavailable, will retry", {
            messageId,
            code: error.code,
            detail: error.detail,
          });
          metrics.addMetric(MAIL_UNAVAILABLE_METRIC, MetricUnit.Count, 1);
        } else {
          logger.error("upload failed, will retry", { messageId, error: error as Error });
        }
        metrics.addMetric("uploads_failed", MetricUnit.Count, 1);
      },
    },
    batchLimits(context.getRemainingTimeInMillis()),
  );
  metrics.publishStoredMetrics();
  return response;
}
