import { HEADLINE_FIELDS, type HeadlineField } from "../../../schemas/feed-constants";
import { formatById } from "../../../schemas/formats";
import { type Block, type Lang, type Letter, render } from "./blocks";
import { operatorCommands } from "./commands";
import { MAX_LISTED_FINDINGS } from "./findings";
import { misplacedLetter, unroutableLetter } from "./misplaced";
import { both, context, english, findingSection, greeting, type Input, reportTitle } from "./parts";
import { rejected } from "./rejected";
import { lateLetter, reminderLetter } from "./reminders";
import { beijingTime, clean, LIMITS } from "./text";
import type { Mail, MailInput, MailSettings } from "./types";

/**
 * The email for one outcome of an upload: Chinese first, English below, as text and as HTML. The settings
 * say where a department uploads (the desk page, when one is deployed).
 */
export function composeMail(input: MailInput, settings: MailSettings = {}): Mail {
  switch (input.kind) {
    case "published":
      return render(published(input, settings));
    case "rejected":
      return render(rejected(input, settings));
    case "unreadable":
      return render(unreadable(input, settings));
    case "superseded":
      return render(superseded(input, settings));
    case "unregistered":
      return render(unregistered(input));
    case "misplaced":
      return render(misplacedLetter(input));
    case "unroutable":
      return render(unroutableLetter(input));
    case "reminder":
      return render(reminderLetter(input, settings));
    case "late":
      return render(lateLetter(input));
  }
}

function superseded(input: Input<"superseded">, settings: MailSettings): Letter {
  const c = context(input.department, input.year, input.upload, settings);
  const current = {
    file: clean(input.current.fileName, LIMITS.fileName),
    time: {
      zh: beijingTime(input.current.uploadedAt, "zh"),
      en: beijingTime(input.current.uploadedAt, "en"),
    },
  };
  const title = reportTitle(c);
  return {
    subject: {
      zh: `【未采用】${title.zh}：已有更新的上传`,
      en: `[Not used] ${title.en}: a later upload is published`,
    },
    body: both((lang) => [
      greeting(c, lang),
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `贵单位于 ${c.time.zh} 上传的文件“${c.file}”通过了校验，但同一年度较晚上传的文件“${current.file}”（${current.time.zh}）已经发布，因此本文件没有替换已发布的数据。`
            : `The file "${c.file}" you uploaded on ${c.time.en} passed the checks, but "${current.file}", uploaded later (${current.time.en}) for the same year, is already published, so this file did not replace it.`,
      },
      {
        type: "paragraph",
        text: c.desk
          ? lang === "zh"
            ? `如需以本文件为准，请在填报台 ${c.desk} 重新上传它。`
            : `If this file is the right one, upload it again on the desk page ${c.desk}.`
          : lang === "zh"
            ? `如需以本文件为准，请把它重新上传到 ${c.folder}。`
            : `If this file is the right one, upload it again to ${c.folder}.`,
      },
      {
        type: "links",
        links: [
          {
            label: lang === "zh" ? "已发布的数据" : "The published data",
            url: clean(input.reportUrl, LIMITS.key),
          },
        ],
      },
    ]),
  };
}

function published(input: Input<"published">, settings: MailSettings): Letter {
  const c = context(input.department, input.year, input.upload, settings);
  const format = formatById(input.format).name;
  const warnings = input.warnings;
  const title = reportTitle(c);
  return {
    subject: { zh: `【已发布】${title.zh}`, en: `[Published] ${title.en}` },
    body: both((lang) => [
      greeting(c, lang),
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `贵单位于 ${c.time.zh} 上传的文件“${c.file}”已通过校验，${c.year} 年政府信息公开工作年度报告统计表（${format.zh}）已发布。`
            : `The file "${c.file}" you uploaded on ${c.time.en} passed every check: your ${c.year} annual report tables (${format.en}) are published.`,
      },
      ...(warnings.length > 0
        ? [
            {
              type: "paragraph",
              text:
                lang === "zh"
                  ? `另有 ${warnings.length} 处提醒，不影响发布，请核对；如确有错误，请修改后重新上传。`
                  : `There ${warnings.length === 1 ? "is" : "are"} ${english(warnings.length, "warning", "warnings")}: they do not stop publication, but please check them and upload a corrected file if they are mistakes.`,
            } satisfies Block,
          ]
        : []),
      { type: "heading", text: lang === "zh" ? "主要数字" : "Headline numbers" },
      {
        type: "facts",
        rows: (Object.keys(HEADLINE_FIELDS) as HeadlineField[]).map(
          (field) => [HEADLINE_FIELDS[field][lang], String(input.headline[field])] as const,
        ),
      },
      ...findingSection(
        { zh: `提醒（${warnings.length} 处）`, en: `Warnings (${warnings.length})` },
        warnings,
        MAX_LISTED_FINDINGS,
        lang,
      ),
      { type: "heading", text: lang === "zh" ? "链接" : "Links" },
      {
        type: "links",
        links: [
          {
            label: lang === "zh" ? "本报告数据" : "This report's data",
            url: clean(input.reportUrl, LIMITS.key),
          },
          { label: lang === "zh" ? "数据接口目录" : "Feed index", url: clean(input.feedUrl, LIMITS.key) },
        ],
      },
      {
        type: "paragraph",
        text: c.desk
          ? lang === "zh"
            ? `如需更正，请在填报台 ${c.desk} 上传修改后的文件，通过校验后将替换已发布的数据。`
            : `To correct it, upload the corrected file on the desk page ${c.desk}; once it passes the checks it replaces the published data.`
          : lang === "zh"
            ? `如需更正，请把修改后的文件上传到同一文件夹 ${c.folder}，通过校验后将替换已发布的数据。`
            : `To correct it, upload the corrected file to the same folder ${c.folder}; once it passes the checks it replaces the published data.`,
      },
    ]),
  };
}

function unreadable(input: Input<"unreadable">, settings: MailSettings): Letter {
  const c = context(input.department, input.year, input.upload, settings);
  const title = reportTitle(c);
  return {
    subject: { zh: `【无法读取】${title.zh}`, en: `[Unreadable] ${title.en}` },
    body: both((lang) => [
      greeting(c, lang),
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `贵单位于 ${c.time.zh} 上传的文件“${c.file}”无法读取，没有校验，也没有发布。`
            : `The file "${c.file}" you uploaded on ${c.time.en} could not be read, so it was neither checked nor published.`,
      },
      ...findingSection({ zh: "问题", en: "What was wrong" }, input.findings, MAX_LISTED_FINDINGS, lang),
      { type: "heading", text: lang === "zh" ? "怎么办" : "What to do" },
      {
        type: "steps",
        items:
          lang === "zh"
            ? [
                { text: "用 Excel 或 WPS 表格打开该文件，确认能正常打开、没有设置打开密码。" },
                {
                  text: "另存为“Excel 工作簿（*.xlsx）”。不要上传 PDF、Word 文档、图片或压缩包，也不要只改文件的扩展名。",
                },
                {
                  text: c.desk
                    ? `在填报台 ${c.desk} 上传该文件，系统会自动校验，并发邮件告知结果。`
                    : `把文件上传到同一文件夹 ${c.folder}，系统会自动校验，并发邮件告知结果。`,
                },
              ]
            : [
                {
                  text: "Open the file in Excel or WPS Spreadsheets: check that it opens and has no password.",
                },
                {
                  text: 'Save it as "Excel Workbook (*.xlsx)". Do not upload a PDF, a Word document, an image or an archive, and do not just rename the file.',
                },
                {
                  text: c.desk
                    ? `Upload it on the desk page ${c.desk}; it is checked and you get an email with the result.`
                    : `Upload it to the same folder ${c.folder}; it is checked and you get an email with the result.`,
                },
              ],
      },
    ]),
  };
}

function unregistered(input: Input<"unregistered">): Letter {
  const id = clean(input.departmentId, LIMITS.name);
  const key = clean(input.upload.key, LIMITS.key);
  const unusual = !/^[A-Za-z0-9._-]+$/.test(input.departmentId);
  const placeholders: Record<Lang, { name: string; email: string }> = {
    zh: { name: "<部门全称>", email: "<联系邮箱>" },
    en: { name: "<full name>", email: "<contact email>" },
  };
  return {
    subject: {
      zh: `【未登记部门】已拒收上传：${id} ${input.year} 年`,
      en: `[Unregistered department] upload rejected: ${id} ${input.year}`,
    },
    body: both((lang) => [
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `收到一份上传，路径中的部门编号“${id}”没有登记。该文件没有校验、没有发布，也没有通知上传方；文件已按内容（SHA-256）保存，登记后可以重新处理。`
            : `An upload arrived under the department id "${id}", which is not registered. It was not checked, not published, and nobody else was told; the file is kept by its content (SHA-256), so it can be processed once the department is registered.`,
      },
      ...(unusual
        ? [
            {
              type: "paragraph",
              text:
                lang === "zh"
                  ? "注意：该编号含有不常见的字符，可能是误传或恶意上传，请核实后再登记。"
                  : "Note: the id holds unusual characters; it may be a mistake or a hostile upload. Check before registering it.",
            } satisfies Block,
          ]
        : []),
      {
        type: "facts",
        rows:
          lang === "zh"
            ? [
                ["部门编号", id],
                ["年度", String(input.year)],
                ["上传路径", key],
                ["文件名", clean(input.upload.fileName, LIMITS.fileName)],
                ["上传时间", beijingTime(input.upload.uploadedAt, "zh")],
                ["SHA-256", clean(input.upload.sha256, 64)],
              ]
            : [
                ["Department id", id],
                ["Year", String(input.year)],
                ["Key", key],
                ["File name", clean(input.upload.fileName, LIMITS.fileName)],
                ["Uploaded", beijingTime(input.upload.uploadedAt, "en")],
                ["SHA-256", clean(input.upload.sha256, 64)],
              ],
      },
      { type: "heading", text: lang === "zh" ? "处理方法" : "What to do" },
      {
        type: "steps",
        items: [
          {
            text:
              lang === "zh" ? "如果这是一个新部门，登记它：" : "If this is a new department, register it:",
            code: operatorCommands.addDepartment(id, placeholders[lang]),
          },
          {
            text: lang === "zh" ? "然后重新处理这份上传：" : "Then process this upload again:",
            code: operatorCommands.reprocess(key),
          },
          {
            text:
              lang === "zh"
                ? `如果编号有误（如拼写错误），请联系上传单位，改用正确编号的文件夹 uploads/<正确编号>/${input.year}/ 重新上传。`
                : `If the id is wrong (a typo), ask the department to upload again to the folder of its right id, uploads/<right id>/${input.year}/.`,
          },
        ],
      },
    ]),
  };
}
