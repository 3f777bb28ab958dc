import type { BatchLimits } from "./process-batch";

/**
 * How the ingest function paces a batch inside its Lambda timeout (handler.ts): the batch answers a few
 * seconds before the timeout whatever is still running, one message may take at most 60% of the time,
 * and two run at once — so a slow upload is retried alone and its neighbours finish beside it.
 */

/** Left before the Lambda timeout to report the batch's failures and publish the metrics. */
const ANSWER_MARGIN_MS = 5_000;
/** One message's share of the invocation: a slow one given up on leaves its neighbours 40%. */
const MESSAGE_SHARE = 0.6;
/** Messages at once: more would multiply the validation's peak memory by the batch size. */
export const INGEST_CONCURRENCY = 2;

/** The limits for an invocation with `remainingMs` before its timeout. */
export function batchLimits(remainingMs: number, now = Date.now()): Required<BatchLimits> {
  const usable = Math.max(1_000, remainingMs - Math.max(ANSWER_MARGIN_MS, remainingMs * 0.1));
  return {
    deadlineAt: now + usable,
    messageBudgetMs: Math.floor(usable * MESSAGE_SHARE),
    concurrency: INGEST_CONCURRENCY,
  };
}

/** The metric of an upload recorded but not kept in originals/ (sealed, or beyond the copy limit). */
export const NOT_KEPT_METRIC = "uploads_not_kept";
