import { writeFile } from "node:fs/promises";
import { FORMATS, type FormatId, formatById } from "../../schemas/formats";
import { defineCommand, EXIT, UsageError } from "./command";
import { safe } from "./terminal";

/** `gongkai template`: the official blank template of a format, generated from its description. */
export const template = defineCommand({
  name: "template",
  purpose: "write a format's official blank template as .xlsx",
  options: {
    format: {
      type: "string",
      value: "FORMAT",
      choices: FORMATS.map((format) => format.id),
      required: true,
      description: "the format: 2019 (reports for 2019–2020) or 2021 (from 2021)",
    },
    output: {
      type: "string",
      value: "FILE",
      short: "o",
      description: "where to write it (default: gongkai-template-{format}.xlsx)",
    },
  },
  examples: [{ command: "gongkai template --format 2021 -o blank.xlsx", does: "the 2021 format's template" }],
  environment: [],
  json: true,
  async run({ options }, { term }) {
    const format = formatById(options.format as FormatId);
    const output = options.output ?? `gongkai-template-${format.id}.xlsx`;
    // The printable template (ExcelJS): A4 pages, borders, SUM formulas, whole-number validation.
    const { printableTemplate } = await import("../core/printable-template");
    const bytes = (await printableTemplate(format)).bytes;
    try {
      await writeFile(output, bytes);
    } catch (error) {
      // A folder that is not there, or not writable: the argument is wrong, nothing failed in gongkai.
      throw new UsageError(`cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    term.emit({ ok: true, file: output, format: format.id });
    term.out(safe`${output}: ${format.name.zh} / ${format.name.en}`);
    return EXIT.done;
  },
});
