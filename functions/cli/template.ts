import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { FORMATS, type FormatId, formatById } from "../../schemas/formats";
import { printableTemplate } from "../core/printable-template";
import { type Terminal, UsageError } from "./terminal";

export const templateUsage = "gongkai template --format 2019|2021 [-o file.xlsx]";

/** `gongkai template`: the official blank template of a format, generated from its description, ready to print. */
export async function templateCommand(argv: string[], term: Terminal): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { format: { type: "string" }, output: { type: "string", short: "o" } },
  });
  const ids = FORMATS.map((format) => format.id);
  if (!values.format || !ids.includes(values.format as FormatId)) {
    throw new UsageError(`--format must be one of ${ids.join(", ")}`);
  }
  const format = formatById(values.format as FormatId);
  const output = values.output ?? `gongkai-template-${format.id}.xlsx`;
  await writeFile(output, (await printableTemplate(format)).bytes);
  term.out(`${output}: ${format.name.zh} / ${format.name.en}`);
  return 0;
}
