/**
 * The feed's plain constants, apart from its zod schemas so that code which only builds documents (the
 * Lambda's hot path) does not pay for constructing every schema at start-up.
 */
export const FEED_VERSION = "v1";

/** The headline numbers: what they mean (which cells make them is each format description's `headline`). */
export const HEADLINE_FIELDS = {
  applicationsReceived: {
    zh: "本年新收申请",
    en: "Requests received",
  },
  resultsTotal: { zh: "办理结果总计", en: "Requests handled" },
  disclosed: { zh: "予以公开", en: "Disclosed" },
  partiallyDisclosed: {
    zh: "部分公开",
    en: "Partially disclosed",
  },
  reconsiderations: {
    zh: "行政复议",
    en: "Administrative reconsiderations",
  },
  lawsuits: {
    zh: "行政诉讼",
    en: "Lawsuits",
  },
} as const;
export type HeadlineField = keyof typeof HEADLINE_FIELDS;
