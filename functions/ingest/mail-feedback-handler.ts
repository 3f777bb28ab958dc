import { Logger } from "@aws-lambda-powertools/logger";
import { composeRecords } from "../compose";
import { storeConfigFromEnv } from "../config";
import { recordMailFeedback, type SesMailEvent } from "./mail-feedback";

/**
 * The mail-feedback Lambda: EventBridge's SES events (bounces, complaints of the configuration set) →
 * the upload they are about. Wiring only.
 */
const logger = new Logger({ serviceName: "gongkai-mail-feedback" });
const { uploads } = composeRecords(storeConfigFromEnv());
const clock = { now: () => new Date() };

export async function handler(event: { "detail-type"?: string; detail?: SesMailEvent }): Promise<void> {
  const outcome = await recordMailFeedback({ uploads, clock }, event.detail ?? {});
  logger.info("mail feedback", {
    detailType: event["detail-type"],
    messageId: event.detail?.mail?.messageId,
    ...outcome,
  });
}
