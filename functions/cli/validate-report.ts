import type { Finding } from "../../schemas/finding";
import { formatById } from "../../schemas/formats";
import { diagnosisLines } from "../core/present/diagnosis";
import { findingLines } from "../core/present/finding-lines";
import type { Validation } from "../core/validate";
import { countsText, formatText, lineInSheet, type ReportStyle, sheetText, yearText } from "./report-text";
import { safe, type Terminal } from "./terminal";

/**
 * `gongkai validate`'s report, linter-style, in this order: the file and what it was read as; what the
 * clerk should look at first; every finding grouped by sheet, cell first; the verdict.
 */
export function printValidation(term: Terminal, file: string, result: Validation, style: ReportStyle): void {
  printHeading(term, file, result, style);
  printDiagnosis(term, result, style);
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

/** Which cell is wrong, when one explains the rest: what to look at first (the mail leads with it too). */
function printDiagnosis(term: Terminal, result: Validation, style: ReportStyle): void {
  if (!result.diagnosis || !result.format) return;
  const lines = diagnosisLines(result.diagnosis, formatById(result.format), style.lang);
  if (lines.length === 0) return;
  term.out(safe`  ${term.bold(style.lang === "zh" ? "诊断" : "Diagnosis")}`);
  for (const line of lines) term.out(safe`    ${line}`);
}

/** One line per cell, grouped by sheet, cell first. */
function printFindingsBySheet(term: Terminal, findings: readonly Finding[], style: ReportStyle): void {
  const groups = new Map<string, ReturnType<typeof findingLines>>();
  for (const line of findingLines(findings)) {
    const first = line.findings[0];
    const sheet =
      (first ? sheetText(first, style.lang) : line.sheet) ??
      (style.lang === "zh" ? "整个文件" : "whole file");
    groups.set(sheet, [...(groups.get(sheet) ?? []), line]);
  }
  for (const [sheet, inSheet] of groups) {
    term.out(safe`  ${term.bold(sheet)}`);
    for (const line of inSheet) term.out(safe`    ${lineInSheet(line, term, style)}`);
  }
}

function printVerdict(term: Terminal, result: Validation, style: ReportStyle): void {
  const counts = countsText(result.findings, style.lang);
  const zh = style.lang === "zh";
  if (result.ok) term.out(term.green(`✔ ${zh ? `可以发布（${counts}）` : `can be published (${counts})`}`));
  else term.out(term.red(`✖ ${zh ? `不能发布（${counts}）` : `cannot be published (${counts})`}`));
}
