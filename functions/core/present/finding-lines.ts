import type { Bilingual, Finding, FindingCode, Severity } from "../../../schemas/finding";

/**
 * Findings as a clerk reads them: one line per cell. Findings stay one per cell and rule (they are
 * data); two rules at one cell are one line naming both, its messages one after the other.
 */

export interface FindingLine {
  sheet: string | null;
  cell: string | null;
  /** The worse severity of the line's findings. */
  severity: Severity;
  rules: FindingCode[];
  message: Bilingual;
  findings: Finding[];
}

/** The findings merged by cell, in the order each cell first comes up; findings with no cell stay alone. */
export function findingLines(findings: readonly Finding[]): FindingLine[] {
  const lines: FindingLine[] = [];
  const byCell = new Map<string, FindingLine>();
  for (const finding of findings) {
    const key = finding.cell === null ? null : `${finding.sheet ?? ""}!${finding.cell}`;
    const line = key === null ? undefined : byCell.get(key);
    if (!line) {
      const fresh: FindingLine = {
        sheet: finding.sheet,
        cell: finding.cell,
        severity: finding.severity,
        rules: [finding.rule],
        message: { ...finding.message },
        findings: [finding],
      };
      lines.push(fresh);
      if (key !== null) byCell.set(key, fresh);
      continue;
    }
    line.findings.push(finding);
    if (!line.rules.includes(finding.rule)) line.rules.push(finding.rule);
    if (finding.severity === "error") line.severity = "error";
    for (const lang of ["zh", "en"] as const) {
      line.message[lang] = joinMessages(line.message[lang], finding.message[lang], lang);
    }
  }
  return lines;
}

/** How many errors and how many warnings a clerk is told of: the lines shown, one per cell. */
export interface LineCounts {
  errors: number;
  warnings: number;
}

/**
 * The one count of an upload's problems, wherever it is said (`gongkai validate`, `status`, `season`, the
 * mail, the desk's verdict and history): errors and warnings listed apart, each one line per cell, so two
 * rules at one cell count once (spec: "two rules at one cell are one line naming both").
 */
export function lineCounts(findings: readonly Finding[]): LineCounts {
  return {
    errors: findingLines(findings.filter((finding) => finding.severity === "error")).length,
    warnings: findingLines(findings.filter((finding) => finding.severity === "warning")).length,
  };
}

/**
 * Two messages about one cell as one: where they differ only in what their brackets say
 * (`应为 46（各类申请人之和），表中为 47` and `应为 46（各项办理结果之和），表中为 47`), one sentence
 * naming both reasons; otherwise one after the other.
 */
export function joinMessages(first: string, second: string, lang: "zh" | "en"): string {
  if (first.includes(second)) return first;
  const [open, close, separator] = lang === "zh" ? ["（", "）", "；"] : [" (", ")", "; "];
  let prefix = 0;
  while (prefix < first.length && first[prefix] === second[prefix]) prefix++;
  const start = first.lastIndexOf(open, prefix);
  if (start >= 0 && second.lastIndexOf(open, prefix) === start) {
    const end = first.indexOf(close, start);
    const otherEnd = second.indexOf(close, start);
    if (end > 0 && otherEnd > 0 && first.slice(end) === second.slice(otherEnd)) {
      const reason = second.slice(start + open.length, otherEnd);
      return `${first.slice(0, end)}${separator}${reason}${first.slice(end)}`;
    }
  }
  return `${first}${lang === "zh" ? "" : " "}${second}`;
}
