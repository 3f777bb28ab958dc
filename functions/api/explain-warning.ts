import { feedPaths } from "../core/feed";
import { explainWarning, MAX_EXPLANATION_CHARS } from "../season/explain";
import { DEPARTMENT_ID } from "../storage-layout";
import { actingDepartment } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, failure, ok } from "./results";
import { bodyFields, checkYear } from "./upload-request";

/**
 * `POST /api/v1/explanations` with `{year, rule, cell, text}`: the clerk explains a warning of their
 * department's published report of that year — the same use case as `gongkai explain`, so the explanation
 * is kept with that version and published beside the warning at once. Changes no number. The department
 * comes from the token; an operator may name another (`department`). With `order` (the version
 * `GET /api/v1/explanations` showed) a report replaced meanwhile is refused (409 `report.changed`) rather
 * than the newer version explained unseen.
 */

export interface ExplanationRequest {
  year: number;
  rule: string;
  /** The warning's A1 cell or its cell code; null for a warning of the whole report. */
  cell: string | null;
  text: string;
  department?: string;
  /** The version the clerk saw and explains. */
  order?: string;
}

export interface PublishedExplanation {
  department: string;
  year: number;
  rule: string;
  cell: string | null;
  text: string;
  /** The version of the report the explanation is kept with. */
  order: string;
  feedPath: string;
  reportUrl: string;
}

const FIELDS = new Set(["year", "rule", "cell", "text", "department", "order"]);
/** A rule code as the catalogue spells it (`cross_year.carried_over`). */
const RULE = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
/** Longest rule code or cell name read: both are short codes. */
const MAX_CODE_CHARS = 100;
/** Longest text read before the use case's own limit is checked: keeps the body bounded. */
const MAX_TEXT_CHARS = 4000;

/** The POST body → the request, or the first thing wrong with it. */
export function parseExplanationRequest(body: unknown, now: Date): ApiResult<ExplanationRequest> {
  const checked = bodyFields(body, FIELDS, ["year", "rule", "text"]);
  if (!checked.ok) return checked;
  const fields = checked.value;
  const year = checkYear(fields.year, now);
  if (!year.ok) return year;
  const { rule, cell, text, department, order } = fields;
  if (typeof rule !== "string" || rule.length > MAX_CODE_CHARS || !RULE.test(rule))
    return failure("request.invalid_rule");
  if (cell !== undefined && cell !== null && (typeof cell !== "string" || cell.length > MAX_CODE_CHARS))
    return failure("request.invalid_cell");
  if (typeof text !== "string" || text.length > MAX_TEXT_CHARS)
    return failure("explanation.too_long", String(MAX_EXPLANATION_CHARS));
  if (department !== undefined && (typeof department !== "string" || !DEPARTMENT_ID.test(department)))
    return failure("request.invalid_department");
  if (order !== undefined && (typeof order !== "string" || !order || order.length > MAX_CODE_CHARS))
    return failure("request.invalid_order");
  return ok({
    year: year.value,
    rule,
    cell: typeof cell === "string" ? cell : null,
    text,
    ...(typeof department === "string" ? { department } : {}),
    ...(typeof order === "string" ? { order } : {}),
  });
}

export async function explainOwnWarning(
  ports: ApiPorts,
  caller: SignedIn,
  body: unknown,
): Promise<ApiResult<PublishedExplanation>> {
  const request = parseExplanationRequest(body, ports.clock.now());
  if (!request.ok) return request;
  const department = await actingDepartment(ports, caller, request.value.department);
  if (!department.ok) return department;
  const { year, rule, cell, text, order } = request.value;
  const outcome = await explainWarning(ports.publishing, {
    department: department.value.id,
    year,
    rule,
    cell,
    text,
    ...(order !== undefined ? { order } : {}),
  });
  if (outcome.ok) {
    const feedPath = feedPaths.report(year, outcome.department);
    return ok(
      {
        department: outcome.department,
        year,
        rule: outcome.rule,
        cell: outcome.cell,
        text: outcome.text,
        order: outcome.order,
        feedPath,
        reportUrl: `${ports.settings.feedBaseUrl}/${feedPath}`,
      },
      201,
    );
  }
  switch (outcome.problem) {
    case "unknown_department":
      return failure("auth.department_unregistered", outcome.department);
    case "not_published":
      return failure("report.not_published", String(year));
    case "no_such_warning":
      return failure(
        "report.no_such_warning",
        outcome.warnings
          .map((warning) => `${warning.rule} ${warning.cell ?? "-"}`)
          .join(", ")
          .slice(0, 300) || "-",
      );
    case "empty_text":
      return failure("request.missing_field", "text");
    case "text_too_long":
      return failure("explanation.too_long", String(MAX_EXPLANATION_CHARS));
    case "report_changed":
      return failure("report.changed");
  }
}
