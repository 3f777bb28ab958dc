import type { Finding } from "../../schemas/finding";
import type { Validation } from "../core/validate";
import { countsText, findingInSheet, formatText, type ReportStyle, yearText } from "./report-text";
import { safe, type Terminal } from "./terminal";

/**
 * `gongkai validate`'s report, linter-style, in this order: the file and what it was read as; what the
 * clerk should look at first; every finding grouped by sheet, cell first; the verdict.
 */
export function printValidation(term: Terminal, file: string, result: Validation, style: ReportStyle): void {
  printHeading(term, file, result, style);
  // What to look at first (which cell is wrong, when one explains the rest) goes here, before the list.
  printFindingsBySheet(term, result.findings, style);
  printVerdict(term, result, style);
}

function printHeading(term: Terminal, file: string, result: Validation, style: ReportStyle): void {
  const { lang } = style;
  const read = [
    result.format ? formatText(result.format, lang) : null,
    result.year ? yearText(result.year, lang) : null,
    result.department
      ? lang === "zh"
        ? `单位 ${result.department}`
        : `department ${result.department}`
      : null,
  ].filter((part): part is string => part !== null);
  const joined = read.join(lang === "zh" ? "，" : ", ");
  const heading = read.length === 0 ? "" : lang === "zh" ? `（${joined}）` : `(${joined})`;
  term.out(safe`${term.bold(file)}${heading ? safe`  ${term.dim(heading)}` : ""}`);
}

function printFindingsBySheet(term: Terminal, findings: readonly Finding[], style: ReportStyle): void {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const sheet = finding.sheet ?? (style.lang === "zh" ? "整个文件" : "whole file");
    groups.set(sheet, [...(groups.get(sheet) ?? []), finding]);
  }
  for (const [sheet, inSheet] of groups) {
    term.out(safe`  ${term.bold(sheet)}`);
    for (const finding of inSheet) term.out(safe`    ${findingInSheet(finding, term, style)}`);
  }
}

function printVerdict(term: Terminal, result: Validation, style: ReportStyle): void {
  const counts = countsText(result.findings, style.lang);
  const zh = style.lang === "zh";
  if (result.ok) term.out(term.green(`✔ ${zh ? `可以发布（${counts}）` : `can be published (${counts})`}`));
  else term.out(term.red(`✖ ${zh ? `不能发布（${counts}）` : `cannot be published (${counts})`}`));
}
