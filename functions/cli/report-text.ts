import { type Finding, placeText } from "../../schemas/finding";
import { formatForYear } from "../../schemas/formats";
import { mailProblemEntry } from "../../schemas/mail-problems";
import { diagnosisLines } from "../core/present/diagnosis";
import { type FindingLine, findingLines, lineCounts } from "../core/present/finding-lines";
import type { UploadRecord } from "../ingest/ports";
import type { Lang } from "./command";
import type { ShownStatus } from "./status-now";
import { padded, type Safe, safe, type Terminal } from "./terminal";

/**
 * How findings, outcomes and counts read on a terminal: in Chinese all through with `--lang zh` (the
 * default), in English with `--lang en`. Rule codes only with `--verbose` (`--json` always has them).
 */

const SEVERITY: Record<Lang, Record<Finding["severity"], string>> = {
  zh: { error: "错误", warning: "提醒" },
  en: { error: "error", warning: "warning" },
};

const STATUS: Record<Lang, Record<ShownStatus, string>> = {
  zh: {
    received: "处理中",
    published: "已发布",
    superseded: "已被取代",
    withdrawn: "已撤回",
    rejected: "未通过",
    unreadable: "无法读取",
    unregistered: "单位未登记",
    unroutable: "位置不对",
    missing: "文件已不在",
  },
  en: {
    received: "received",
    published: "published",
    superseded: "superseded",
    withdrawn: "withdrawn",
    rejected: "rejected",
    unreadable: "unreadable",
    unregistered: "unregistered",
    unroutable: "unroutable",
    missing: "missing",
  },
};

const STATUS_WIDTH = 12;

/** `--lang` and `--verbose`. */
export interface ReportStyle {
  lang: Lang;
  verbose: boolean;
}

/** `错误`/`提醒` (`error`/`warning`), padded and coloured. */
export function severityWord(finding: Pick<Finding, "severity">, term: Terminal, lang: Lang): Safe {
  const word = padded(SEVERITY[lang][finding.severity], lang === "zh" ? 4 : 7);
  return finding.severity === "error" ? term.red(word) : term.yellow(word);
}

/** An upload's status in words (`已发布`, `published`), padded and coloured. */
export function statusWord(status: ShownStatus, term: Terminal, lang: Lang): Safe {
  const word = padded(STATUS[lang][status], STATUS_WIDTH);
  if (status === "published") return term.green(word);
  // Still on its way, replaced or withdrawn: nothing wrong with the upload itself.
  return status === "superseded" || status === "withdrawn" || status === "received"
    ? term.yellow(word)
    : term.red(word);
}

/** `撤回原因：…（…）` / `withdrawn: … (…)`: why an operator withdrew an upload's report, and when. */
export function withdrawalText(withdrawal: { at: string; reason: string }, lang: Lang): string {
  const at = withdrawal.at.slice(0, 19);
  return lang === "zh"
    ? `撤回原因：${withdrawal.reason}（${at}）`
    : `withdrawn: ${withdrawal.reason} (${at})`;
}

/**
 * `3 处错误，1 处提醒` / `3 errors, 1 warning`: counted by the lines shown (two rules at one cell are one),
 * as the mail and the desk count them.
 */
export function countsText(findings: readonly Finding[], lang: Lang): string {
  const { errors, warnings } = lineCounts(findings);
  if (lang === "zh") return `${errors} 处错误，${warnings} 处提醒`;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}

/** `2021 年版格式` / `2021 format`. */
export function formatText(format: string, lang: Lang): string {
  return lang === "zh" ? `${format} 年版格式` : `${format} format`;
}

/** `2024 年` / `year 2024`. */
export function yearText(year: number, lang: Lang): string {
  return lang === "zh" ? `${year} 年` : `year ${year}`;
}

/** The rule code, dimmed, after two spaces: only with `--verbose`. */
function ruleSuffix(finding: Finding, term: Terminal, style: ReportStyle): Safe {
  return style.verbose ? safe`  ${term.dim(finding.rule)}` : safe``;
}

/** A finding under its sheet's heading: the cell first, like a linter. */
export function findingInSheet(finding: Finding, term: Terminal, style: ReportStyle): Safe {
  const cell = padded(cellText(finding, style.lang), 6);
  return safe`${cell} ${severityWord(finding, term, style.lang)} ${finding.message[style.lang]}${ruleSuffix(finding, term, style)}`;
}

/** One line per cell under its sheet's heading: two rules at one cell are one line naming both. */
export function lineInSheet(line: FindingLine, term: Terminal, style: ReportStyle): Safe {
  const cell = padded(line.findings[0] ? cellText(line.findings[0], style.lang) : (line.cell ?? "-"), 6);
  const rules = style.verbose ? safe`  ${term.dim(line.rules.join(" "))}` : safe``;
  return safe`${cell} ${severityWord(line, term, style.lang)} ${line.message[style.lang]}${rules}`;
}

/** The cell in its sheet (`J26`), or in a document's table its row and column (`第 6 行第 10 列`, `row 6, column 10`). */
function cellText(finding: Finding, lang: "zh" | "en"): string {
  const at = finding.location;
  if (at && lang === "en" && at.row !== null && at.column !== null)
    return `row ${at.row}, column ${at.column}`;
  return finding.cell ?? "-";
}

/** The group a finding is listed under: its sheet, or in a document its table (`第 2 个表格`, `table 2`). */
export function sheetText(finding: Finding, lang: "zh" | "en"): string | null {
  if (finding.location && lang === "en") return `table ${finding.location.table}`;
  return finding.sheet;
}

/** A finding on its own: its place (`三、依申请公开!J26`) rendered from the data, then the message. */
export function findingWithPlace(finding: Finding, term: Terminal, style: ReportStyle): Safe {
  const place = placeText(finding, style.lang) || (style.lang === "zh" ? "整个文件" : "whole file");
  return safe`${severityWord(finding, term, style.lang)} ${padded(place, 18)} ${finding.message[style.lang]}${ruleSuffix(finding, term, style)}`;
}

/** One line per cell with its place first (two rules at one cell are one line naming both). */
export function lineWithPlace(line: FindingLine, term: Terminal, style: ReportStyle): Safe {
  const first = line.findings[0];
  const place =
    (first ? placeText(first, style.lang) : "") || (style.lang === "zh" ? "整个文件" : "whole file");
  const rules = style.verbose ? safe`  ${term.dim(line.rules.join(" "))}` : safe``;
  return safe`${severityWord(line, term, style.lang)} ${padded(place, 18)} ${line.message[style.lang]}${rules}`;
}

/** An upload's outcome: its status and key, then each finding with its place. */
export function printOutcome(
  term: Terminal,
  record: UploadRecord,
  reportUrl: string | null,
  style: ReportStyle,
): void {
  term.out(safe`${statusWord(record.status, term, style.lang)} ${record.key}`);
  // The diagnosis leads, as in the mail; its cells are labelled by the year's format.
  const format = record.diagnosis ? formatForYear(record.year) : undefined;
  if (record.diagnosis && format) {
    for (const line of diagnosisLines(record.diagnosis, format, style.lang)) term.out(safe`  ${line}`);
  }
  for (const line of findingLines(record.findings)) term.out(safe`  ${lineWithPlace(line, term, style)}`);
  if (record.status === "published" && reportUrl) term.out(safe`  ${reportUrl}`);
  if (record.status === "unregistered") term.out(safe`  ${unregisteredNextStep(record, style.lang)}`);
  const mail = mailProblemText(record, style.lang);
  if (mail) term.out(safe`  ${mail}`);
}

/**
 * What to do about an upload of a department the registry does not know: kept, never published until the
 * department is registered and the upload reprocessed (or a typo in the id: `department list`).
 */
export function unregisteredNextStep(record: UploadRecord, lang: Lang): string {
  const add = `gongkai department add ${record.department} --name … --email …`;
  const again = `gongkai reprocess ${record.key}`;
  return lang === "zh"
    ? `已保存，未发布。若是新单位：${add}，再 ${again}；若单位代码写错，\`gongkai department list\` 列出已登记的单位。`
    : `kept, not published. A new department: ${add}, then ${again}; a mistyped id: \`gongkai department list\` lists the registered ones.`;
}

/**
 * What kept an upload's mail from its reader (refused, bounced, marked as spam, or waiting for the mail
 * service), with the service's own words; null when nothing did.
 */
export function mailProblemText(
  record: Pick<UploadRecord, "mailError" | "mailErrorCode">,
  lang: Lang,
): string | null {
  if (!record.mailError) return null;
  const entry = record.mailErrorCode ? mailProblemEntry(record.mailErrorCode) : null;
  const lead = entry
    ? `${lang === "zh" ? "邮件" : "mail"}: ${entry.message[lang]}`
    : lang === "zh"
      ? "邮件未发出"
      : "mail not sent";
  return `${lead} (${record.mailError})`;
}
