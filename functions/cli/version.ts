import packageJson from "../../package.json" with { type: "json" };
import { FORMATS } from "../../schemas/formats";

/**
 * `gongkai --version`: the package's version, the formats it reads and the SheetJS version it runs on.
 * Loading `read-workbook` runs its assertion, so the version printed is the one actually loaded.
 */
export async function versionText(): Promise<string> {
  const { SHEETJS_VERSION } = await import("../core/workbook/read-workbook");
  return [
    `gongkai ${packageJson.version}`,
    ...FORMATS.map(
      (format) =>
        `format ${format.id}: ${format.name.en}, for ${format.years.from}${format.years.to ? `–${format.years.to}` : " on"}`,
    ),
    `SheetJS ${SHEETJS_VERSION} (checked when loaded)`,
    `Node ${process.version}`,
  ].join("\n");
}
