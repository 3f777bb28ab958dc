import type { Finding } from "../../schemas/finding";
import { explanationKey } from "../core/season/record";
import { aggregate, type PublishPorts } from "../ingest/ports";
import { publishCurrent } from "../ingest/publish-current";
import { update } from "../ingest/state-writes";

/**
 * A department explains a warning of its published report (a cross-year difference, a stated department
 * that differs): the explanation is kept with the report's season record, for that version of the report,
 * and published beside the warning in the report document (and so in the year's listing, whose entry
 * names the document's sha256). It changes no number. The desk API calls this for the clerk's own report;
 * `gongkai explain` for the operator.
 */

/** An explanation is a note, not an essay. */
export const MAX_EXPLANATION_CHARS = 1000;

export type ExplainProblem =
  | { problem: "unknown_department"; department: string }
  | { problem: "not_published"; department: string; year: number }
  | {
      problem: "no_such_warning";
      rule: string;
      cell: string | null;
      warnings: { rule: string; cell: string | null }[];
    }
  | { problem: "empty_text" }
  | { problem: "text_too_long"; max: number }
  | { problem: "report_changed" };

export type ExplainOutcome =
  | {
      ok: true;
      department: string;
      year: number;
      order: string;
      rule: string;
      cell: string | null;
      text: string;
    }
  | ({ ok: false } & ExplainProblem);

/** A warning named as the clerk sees it: its A1 cell, its cell code (`table.row.column`), or none (`-`). */
function names(warning: Finding, cell: string | null): boolean {
  if (cell === null) return warning.cell === null;
  const code =
    warning.table && warning.row && warning.column
      ? `${warning.table}.${warning.row}.${warning.column}`
      : null;
  return warning.cell?.toUpperCase() === cell.toUpperCase() || code === cell;
}

export async function explainWarning(
  ports: PublishPorts,
  input: {
    department: string;
    year: number;
    rule: string;
    cell: string | null;
    text: string;
    /** The version the explainer saw (the desk sends it): another one counted now is `report_changed`. */
    order?: string;
  },
): Promise<ExplainOutcome> {
  const text = input.text.trim();
  if (!text) return { ok: false, problem: "empty_text" };
  if ([...text].length > MAX_EXPLANATION_CHARS)
    return { ok: false, problem: "text_too_long", max: MAX_EXPLANATION_CHARS };
  const department = await ports.departments.get(input.department);
  if (!department) return { ok: false, problem: "unknown_department", department: input.department };
  const id = aggregate.season(department.id, input.year);
  const record = (await ports.aggregates.get(id))?.value;
  if (!record?.counted)
    return { ok: false, problem: "not_published", department: department.id, year: input.year };
  const order = record.counted.order;
  if (input.order !== undefined && input.order !== order) return { ok: false, problem: "report_changed" };
  const version = await ports.versions.get(department.id, input.year, order);
  if (!version) throw new Error(`counted version ${order} of ${department.id} ${input.year} is missing`);
  const cell = input.cell === "-" || input.cell === "" ? null : input.cell;
  const warning = version.warnings.find(
    (candidate) => candidate.rule === input.rule && names(candidate, cell),
  );
  if (!warning) {
    return {
      ok: false,
      problem: "no_such_warning",
      rule: input.rule,
      cell,
      warnings: version.warnings.map((candidate) => ({ rule: candidate.rule, cell: candidate.cell })),
    };
  }
  const at = ports.clock.now().toISOString();
  let changed = false;
  await update(ports, id, (state) => {
    changed = false;
    if (state?.counted?.order !== order) {
      changed = true;
      return undefined;
    }
    const key = explanationKey(warning.rule, warning.cell);
    return {
      ...state,
      explanations: {
        ...state.explanations,
        [key]: { order, rule: warning.rule, cell: warning.cell, text, at },
      },
      explained: state.explained + 1,
    };
  });
  if (changed) return { ok: false, problem: "report_changed" };
  await publishCurrent(ports, department, input.year);
  return {
    ok: true,
    department: department.id,
    year: input.year,
    order,
    rule: warning.rule,
    cell: warning.cell,
    text,
  };
}
