import type { Finding } from "../../schemas/finding";
import { feedPaths } from "../core/feed";
import { explanationOf } from "../core/season/record";
import { aggregate } from "../ingest/ports";
import { MAX_EXPLANATION_CHARS } from "../season/explain";
import { departmentYear } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, failure, ok } from "./results";

/**
 * `GET /api/v1/explanations?year=Y`: the warnings of the department's report of the year as it is counted
 * now, each with the explanation the department gave it, read from the table and never cached — what the
 * desk shows to explain (the feed's copy may be a minute old behind its CDN). Its `order` is what a POST
 * sends back, so an explanation is never kept with a version the clerk did not see.
 */

/** A warning of the counted version and, where the department gave one, its explanation. */
export type ExplainableWarning = Finding & { explanation?: { text: string; explainedAt: string } };

export interface ExplainableReport {
  department: string;
  year: number;
  /** The counted version: the upload's order. */
  order: string;
  publishedAt: string;
  /** The file that was published. */
  fileName: string;
  warnings: ExplainableWarning[];
  /** Longest explanation taken, in characters. */
  maxTextChars: number;
  feedPath: string;
  reportUrl: string;
}

export async function explainableReport(
  ports: ApiPorts,
  caller: SignedIn,
  query: Record<string, string>,
): Promise<ApiResult<ExplainableReport>> {
  const asked = await departmentYear(ports, caller, query);
  if (!asked.ok) return asked;
  const { year, department } = asked.value;
  const id = department.id;
  const record = (await ports.publishing.aggregates.get(aggregate.season(id, year)))?.value ?? null;
  if (!record?.counted) return failure("report.not_published", String(year));
  const order = record.counted.order;
  const version = await ports.publishing.versions.get(id, year, order);
  if (!version) throw new Error(`counted version ${order} of ${id} ${year} is missing`);
  const feedPath = feedPaths.report(year, id);
  return ok({
    department: id,
    year,
    order,
    publishedAt: version.publishedAt,
    fileName: version.source.key.split("/").pop() ?? version.source.key,
    warnings: version.warnings.map((warning) => {
      const explanation = explanationOf(record, order, warning);
      return explanation
        ? { ...warning, explanation: { text: explanation.text, explainedAt: explanation.at } }
        : warning;
    }),
    maxTextChars: MAX_EXPLANATION_CHARS,
    feedPath,
    reportUrl: `${ports.settings.feedBaseUrl}/${feedPath}`,
  });
}
