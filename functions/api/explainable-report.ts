import type { Finding } from "../../schemas/finding";
import { feedPaths } from "../core/feed";
import { explanationOf } from "../core/season/record";
import { aggregate } from "../ingest/ports";
import { MAX_EXPLANATION_CHARS } from "../season/explain";
import { actingDepartment } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, failure, ok } from "./results";
import { checkYear } from "./upload-request";

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

const QUERY = new Set(["year", "department"]);

export async function explainableReport(
  ports: ApiPorts,
  caller: SignedIn,
  query: Record<string, string>,
): Promise<ApiResult<ExplainableReport>> {
  const unknown = Object.keys(query).filter((name) => !QUERY.has(name));
  if (unknown.length > 0)
    return failure("request.unknown_field", unknown.slice(0, 5).join(", ").slice(0, 200));
  if (query.year === undefined) return failure("request.missing_field", "year");
  const year = checkYear(query.year, ports.clock.now());
  if (!year.ok) return year;
  const department = await actingDepartment(ports, caller, query.department);
  if (!department.ok) return department;
  const id = department.value.id;
  const record = (await ports.publishing.aggregates.get(aggregate.season(id, year.value)))?.value ?? null;
  if (!record?.counted) return failure("report.not_published", String(year.value));
  const order = record.counted.order;
  const version = await ports.publishing.versions.get(id, year.value, order);
  if (!version) throw new Error(`counted version ${order} of ${id} ${year.value} is missing`);
  const feedPath = feedPaths.report(year.value, id);
  return ok({
    department: id,
    year: year.value,
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
