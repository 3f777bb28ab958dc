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
      if (!line.message[lang].includes(finding.message[lang])) {
        line.message[lang] = `${line.message[lang]}${lang === "zh" ? "" : " "}${finding.message[lang]}`;
      }
    }
  }
  return lines;
}
