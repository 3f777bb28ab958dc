/**
 * The feed's plain constants, apart from its zod schemas so that code which only builds documents (the
 * Lambda's hot path) does not pay for constructing every schema at start-up.
 */
export const FEED_VERSION = "v1";

/** The headline numbers: what they mean and which cells they come from (a single description for feed, schema and mail). */
export const HEADLINE_FIELDS = {
  applicationsReceived: {
    zh: "本年新收申请",
    en: "Requests received",
    source: "applications.received.total",
  },
  resultsTotal: { zh: "办理结果总计", en: "Requests handled", source: "applications.results_total.total" },
  disclosed: { zh: "予以公开", en: "Disclosed", source: "applications.disclosed.total" },
  partiallyDisclosed: {
    zh: "部分公开",
    en: "Partially disclosed",
    source: "applications.partially_disclosed.total",
  },
  reconsiderations: {
    zh: "行政复议",
    en: "Administrative reconsiderations",
    source: "appeals.reconsideration.total",
  },
  lawsuits: {
    zh: "行政诉讼",
    en: "Lawsuits",
    source: "appeals.litigation_direct.total + appeals.litigation_after_reconsideration.total",
  },
} as const;
export type HeadlineField = keyof typeof HEADLINE_FIELDS;
