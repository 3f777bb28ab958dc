import { findingLines as mergedLines } from "../present/finding-lines";
import { type FindingGroup, findingAddress, findingMessage } from "./findings";
import { clean, escapeHtml, LIMITS } from "./text";

/**
 * An email as a few kinds of block, written once per language and rendered twice: plain text and HTML.
 * Every string in a block is shown as text; only the HTML renderer adds markup, and it escapes everything.
 */

export type Lang = "zh" | "en";

export type Block =
  | { type: "heading"; text: string }
  | { type: "paragraph"; text: string }
  | { type: "steps"; items: readonly { text: string; code?: string }[] }
  | { type: "facts"; rows: readonly (readonly [label: string, value: string])[] }
  | { type: "findings"; groups: readonly FindingGroup[] }
  | { type: "links"; links: readonly { label: string; url: string }[] };

export interface Letter {
  subject: { zh: string; en: string };
  body: Record<Lang, Block[]>;
}

const WHOLE_FILE = { zh: "整个文件", en: "The whole file" } as const;

function groupTitle(group: FindingGroup, lang: Lang): string {
  if (group.sheet === null) return WHOLE_FILE[lang];
  const sheet = clean(group.sheet, LIMITS.sheet);
  return lang === "zh" ? `工作表：${sheet}` : `Sheet: ${sheet}`;
}

/** One line per cell: two rules at one cell are one line with both messages. */
function findingLines(group: FindingGroup, lang: Lang): { address: string; message: string }[] {
  return mergedLines(group.findings).map((line) => ({
    address: findingAddress(line.findings[0]!),
    message: findingMessage({ ...line.findings[0]!, message: line.message }, lang),
  }));
}

/** Links only to the web: anything else is shown, not linked. */
function linkable(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

function blockText(block: Block, lang: Lang): string {
  switch (block.type) {
    case "heading":
      return `■ ${block.text}`;
    case "paragraph":
      return block.text;
    case "steps":
      return block.items
        .map((item, index) => `${index + 1}. ${item.text}${item.code ? `\n     ${item.code}` : ""}`)
        .join("\n");
    case "facts":
      return block.rows
        .map(([label, value]) => `  ${label}${lang === "zh" ? "：" : ": "}${value}`)
        .join("\n");
    case "findings":
      return block.groups
        .map((group) =>
          [
            `  [${groupTitle(group, lang)}]`,
            ...findingLines(group, lang).map(
              ({ address, message }) => `  - ${address ? `${address}  ` : ""}${message}`,
            ),
          ].join("\n"),
        )
        .join("\n");
    case "links":
      return block.links.map(({ label, url }) => `  ${label}${lang === "zh" ? "：" : ": "}${url}`).join("\n");
  }
}

const LABEL_CELL = 'style="border:1px solid #ccc;padding:4px 10px;text-align:left;font-weight:normal;"';
const VALUE_CELL = 'style="border:1px solid #ccc;padding:4px 10px;text-align:right;"';

function blockHtml(block: Block, lang: Lang): string {
  switch (block.type) {
    case "heading":
      return `<h2 style="font-size:16px;margin:20px 0 8px;">${escapeHtml(block.text)}</h2>`;
    case "paragraph":
      return `<p style="margin:8px 0;">${escapeHtml(block.text)}</p>`;
    case "steps":
      return `<ol>${block.items
        .map(
          (item) =>
            `<li>${escapeHtml(item.text)}${
              item.code
                ? `<pre style="background:#f4f4f4;padding:6px 8px;white-space:pre-wrap;">${escapeHtml(item.code)}</pre>`
                : ""
            }</li>`,
        )
        .join("")}</ol>`;
    case "facts":
      return `<table style="border-collapse:collapse;">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th ${LABEL_CELL}>${escapeHtml(label)}</th><td ${VALUE_CELL}>${escapeHtml(value)}</td></tr>`,
        )
        .join("")}</table>`;
    case "findings":
      return block.groups
        .map(
          (group) =>
            `<h3 style="font-size:14px;margin:12px 0 4px;">${escapeHtml(groupTitle(group, lang))}</h3><ul>${findingLines(
              group,
              lang,
            )
              .map(
                ({ address, message }) =>
                  `<li>${address ? `<code style="background:#f4f4f4;">${escapeHtml(address)}</code> ` : ""}${escapeHtml(message)}</li>`,
              )
              .join("")}</ul>`,
        )
        .join("");
    case "links":
      return `<ul>${block.links
        .map(
          ({ label, url }) =>
            `<li>${escapeHtml(label)}${lang === "zh" ? "：" : ": "}${
              linkable(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url)
            }</li>`,
        )
        .join("")}</ul>`;
  }
}

/**
 * The letter as the email: the subject in Chinese alone (short: it is what a mailbox list shows), the
 * body Chinese first, English below under the English subject, as text and HTML.
 */
export function render(letter: Letter): { subject: string; text: string; html: string } {
  const subject = clean(letter.subject.zh, 200);
  const body: Record<Lang, Block[]> = {
    zh: letter.body.zh,
    en: [{ type: "heading", text: clean(letter.subject.en, 400) }, ...letter.body.en],
  };
  const text = (lang: Lang) => body[lang].map((block) => blockText(block, lang)).join("\n\n");
  const html = (lang: Lang) => body[lang].map((block) => blockHtml(block, lang)).join("\n");
  return {
    subject,
    text: `${text("zh")}\n\n----------------------------------------\nEnglish\n\n${text("en")}\n`,
    html: [
      "<!DOCTYPE html>",
      '<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
      `<title>${escapeHtml(subject)}</title></head>`,
      `<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;font-size:14px;line-height:1.6;color:#222;">`,
      `<div lang="zh-CN">\n${html("zh")}\n</div>`,
      '<hr style="margin:24px 0;border:none;border-top:1px solid #ccc;">',
      `<div lang="en">\n${html("en")}\n</div>`,
      "</body></html>",
      "",
    ].join("\n"),
  };
}
