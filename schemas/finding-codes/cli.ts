import type { CodeEntry } from "./entry";

/** The command line. */
export const CLI_CODES = {
  "cli.usage": {
    severity: "error",
    what: { zh: "命令的参数不对。", en: "The command's arguments are wrong." },
    why: { zh: "没有正确的参数就无法执行。", en: "Without the right arguments nothing can be done." },
  },
  "cli.file_not_found": {
    severity: "error",
    what: { zh: "找不到或读不了给出的文件。", en: "The file given cannot be found or read." },
    why: { zh: "没有文件就无从校验。", en: "Without the file there is nothing to check." },
  },
  "cli.not_a_file": {
    severity: "error",
    what: { zh: "给出的路径不是文件（如文件夹）。", en: "The path given is not a file (a folder, say)." },
    why: { zh: "只能校验一个工作簿文件。", en: "Only a workbook file can be checked." },
  },
} as const satisfies Record<string, CodeEntry>;
