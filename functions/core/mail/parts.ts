import type { Finding } from "../../../schemas/finding";
import type { Block, Lang } from "./blocks";
import { listFindings, MAX_LISTED_FINDINGS } from "./findings";
import { beijingTime, clean, LIMITS } from "./text";
import type { MailDepartment, MailInput, MailSettings, MailUpload } from "./types";

/** The parts every letter is made of: what is said about the upload, the greeting, the findings. */

export type Input<K extends MailInput["kind"]> = Extract<MailInput, { kind: K }>;

/** What is said about one upload, each string already cleaned. */
export interface Context {
  name: string;
  file: string;
  year: number;
  folder: string;
  /** The desk page, where a clerk uploads (null: no desk; the mails name the folder). */
  desk: string | null;
  time: Record<Lang, string>;
}

export function context(
  department: MailDepartment,
  year: number,
  upload: MailUpload,
  settings: MailSettings = {},
): Context {
  return {
    name: clean(department.name, LIMITS.name),
    file: clean(upload.fileName, LIMITS.fileName),
    year,
    folder: uploadFolder(department, year),
    desk: settings.deskUrl ? clean(settings.deskUrl, LIMITS.key) : null,
    time: { zh: beijingTime(upload.uploadedAt, "zh"), en: beijingTime(upload.uploadedAt, "en") },
  };
}

/** `uploads/city-edu/2024/`: where an operator's bulk upload (or a clerk without a desk) puts the file. */
export function uploadFolder(department: Pick<MailDepartment, "id">, year: number): string {
  return `uploads/${clean(department.id, LIMITS.name)}/${year}/`;
}

export function both(build: (lang: Lang) => Block[]): Record<Lang, Block[]> {
  return { zh: build("zh"), en: build("en") };
}

export function greeting(c: Pick<Context, "name">, lang: Lang): Block {
  return { type: "paragraph", text: lang === "zh" ? `${c.name}：` : `Dear ${c.name},` };
}

export function reportTitle(c: Context): { zh: string; en: string } {
  return {
    zh: `${c.name} ${c.year} 年度报告统计表`,
    en: `${c.name} ${c.year} government information disclosure annual report tables`,
  };
}

/** Findings under a heading, capped; the note on what was left out says so in the findings' language. */
export function findingSection(
  title: Record<Lang, string>,
  findings: readonly Finding[],
  limit: number,
  lang: Lang,
): Block[] {
  if (findings.length === 0) return [];
  const { groups, omitted } = listFindings(findings, limit);
  const blocks: Block[] = [{ type: "heading", text: title[lang] }];
  if (groups.length > 0) blocks.push({ type: "findings", groups });
  if (omitted > 0) {
    blocks.push({
      type: "paragraph",
      text:
        lang === "zh"
          ? `另有 ${omitted} 处未在此列出（每封邮件最多列出 ${MAX_LISTED_FINDINGS} 处）。改正以上各处后重新上传，系统会列出其余问题。`
          : `${omitted} more not listed here (an email lists at most ${MAX_LISTED_FINDINGS}). Fix those above and upload again; the reply will list the rest.`,
    });
  }
  return blocks;
}

/** `1 error`, `2 errors`. */
export function english(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
