import { lineCounts } from "../present/finding-lines";
import type { Block, Lang, Letter } from "./blocks";
import { listFindings } from "./findings";
import { both, greeting, type Input, uploadFolder } from "./parts";
import { beijingTime, clean, LIMITS } from "./text";
import type { MailSettings } from "./types";

/**
 * The season's letters: a reminder to a department that still owes its report (what is missing, and the
 * deadline), and the operator's list of who is late after it.
 */

/** At most this many of a rejected upload's errors are listed in a reminder: one line each. */
export const MAX_REMINDER_ERRORS = 20;

/** `2025-01-31` as each language writes a date. */
function date(day: string, lang: Lang): string {
  const [y, m, d] = day.split("-").map(Number);
  return lang === "zh" ? `${y} 年 ${m} 月 ${d} 日` : day;
}

export function reminderLetter(input: Input<"reminder">, settings: MailSettings = {}): Letter {
  const name = clean(input.department.name, LIMITS.name);
  const folder = uploadFolder(input.department, input.year);
  const desk = settings.deskUrl ? clean(settings.deskUrl, LIMITS.key) : null;
  const { missing } = input;
  const when = (lang: Lang) => date(input.deadline, lang);
  const title = {
    zh: `${name} ${input.year} 年政府信息公开工作年度报告统计表`,
    en: `${name}: ${input.year} government information disclosure annual report tables`,
  };
  const lateNote = (lang: Lang) =>
    input.late
      ? lang === "zh"
        ? `报送截止日期 ${when("zh")}已过，请尽快报送。`
        : `The deadline, ${when("en")}, has passed: please submit as soon as you can.`
      : lang === "zh"
        ? `请于 ${when("zh")}前报送（《中华人民共和国政府信息公开条例》第五十条）。`
        : `Please submit it by ${when("en")} (Article 50 of the Regulations on the Disclosure of Government Information).`;
  const what = (lang: Lang): Block[] => {
    switch (missing.kind) {
      case "never":
        return [
          {
            type: "paragraph",
            text:
              lang === "zh"
                ? `系统尚未收到贵单位 ${input.year} 年度报告的统计表。`
                : `No tables of your ${input.year} annual report have been received yet.`,
          },
        ];
      case "withdrawn":
        return [
          {
            type: "paragraph",
            text:
              lang === "zh"
                ? `贵单位 ${input.year} 年度报告的统计表已被撤回，原因：${clean(missing.reason, LIMITS.message)}。请上传更正后的文件。`
                : `Your ${input.year} report tables were withdrawn: ${clean(missing.reason, LIMITS.message)}. Please upload a corrected file.`,
          },
        ];
      case "rejected": {
        const errors = missing.findings.filter((finding) => finding.severity === "error");
        const { groups, omitted } = listFindings(errors, MAX_REMINDER_ERRORS);
        const count = lineCounts(errors).errors;
        const file = clean(missing.upload.fileName, LIMITS.fileName);
        return [
          {
            type: "paragraph",
            text:
              lang === "zh"
                ? `贵单位最近一次于 ${beijingTime(missing.upload.uploadedAt, "zh")} 上传的文件“${file}”未通过校验，共 ${count} 处错误，统计表尚未发布：`
                : `The file "${file}" you last uploaded, on ${beijingTime(missing.upload.uploadedAt, "en")}, did not pass the checks (${count} ${count === 1 ? "error" : "errors"}), so your tables are not published yet:`,
          },
          ...(groups.length > 0 ? [{ type: "findings", groups } satisfies Block] : []),
          ...(omitted > 0
            ? [
                {
                  type: "paragraph",
                  text: lang === "zh" ? `另有 ${omitted} 处错误未列出。` : `${omitted} more not listed here.`,
                } satisfies Block,
              ]
            : []),
        ];
      }
    }
  };
  return {
    subject: {
      zh: `【${input.late ? "已逾期" : "报送提醒"}】${title.zh}`,
      en: `[${input.late ? "Overdue" : "Reminder"}] ${title.en}`,
    },
    body: both((lang) => [
      greeting({ name }, lang),
      ...what(lang),
      { type: "paragraph", text: lateNote(lang) },
      {
        type: "paragraph",
        text: desk
          ? lang === "zh"
            ? `请在填报台 ${desk} 上传统计表（.xlsx），系统会自动校验并发邮件告知结果。`
            : `Upload the tables (.xlsx) on the desk page ${desk}; they are checked and you get an email with the result.`
          : lang === "zh"
            ? `请把统计表（.xlsx）上传到 ${folder}，系统会自动校验并发邮件告知结果。`
            : `Upload the tables (.xlsx) to ${folder}; they are checked and you get an email with the result.`,
      },
    ]),
  };
}

export function lateLetter(input: Input<"late">): Letter {
  const shown = input.late.slice(0, 500);
  return {
    subject: {
      zh: `【逾期未报】${input.year} 年度报告：${input.late.length} 个部门未按期发布`,
      en: `[Late] ${input.year} reports: ${input.late.length} ${input.late.length === 1 ? "department has" : "departments have"} not published`,
    },
    body: both((lang) => [
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `截至 ${date(input.deadline, "zh")}，以下部门的 ${input.year} 年度报告统计表尚未发布（已向其登记邮箱发送提醒）：`
            : `By the deadline, ${input.deadline}, these departments had not published their ${input.year} report tables (each was reminded at its registered addresses):`,
      },
      {
        type: "facts",
        rows: shown.map((entry) => [
          `${clean(entry.name, LIMITS.name)} (${clean(entry.id, LIMITS.name)})`,
          entry.status === "rejected"
            ? lang === "zh"
              ? "已上传但未通过校验"
              : "uploaded, rejected"
            : lang === "zh"
              ? "未收到"
              : "not received",
        ]),
      },
      ...(input.late.length > shown.length
        ? [
            {
              type: "paragraph",
              text:
                lang === "zh"
                  ? `另有 ${input.late.length - shown.length} 个部门未列出，请运行 gongkai season --year ${input.year} 查看全部。`
                  : `${input.late.length - shown.length} more not listed: run gongkai season --year ${input.year} for all.`,
            } satisfies Block,
          ]
        : []),
    ]),
  };
}
