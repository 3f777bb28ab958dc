import type { FormatSpec } from "../../../schemas/formats";

/**
 * The blank templates served next to the page, one per format — the printable template `gongkai
 * template` writes, made when the page is built, so the page carries no spreadsheet writer.
 */

/** Where a format's blank template is, relative to the page. */
export const templateFile = (format: FormatSpec) => `templates/${format.id}.xlsx`;

/** The name it is saved under. */
export const templateName = (format: FormatSpec) => `政府信息公开年度报告统计表-空白模板-${format.id}.xlsx`;
