/**
 * Writes the `.docx` fixtures of a second producer, LibreOffice Writer (what WPS and many departments'
 * machines resemble): the report pages of `test/fixtures/documents/html-pages.ts` converted by
 * `soffice --headless --convert-to docx`. The files are committed, so tests need no LibreOffice; run this
 * (`npx tsx scripts/make-document-fixtures.ts`, with `libreoffice-writer` installed) when the pages change.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportPage } from "../test/fixtures/documents/html-pages";
import { reportDocument } from "../test/fixtures/documents/report-document";
import { county2024Tables } from "../test/fixtures/reports/county-2021";
import { seed2019Tables } from "../test/fixtures/reports/seed-2019";

const OUT = "test/fixtures/documents/libreoffice";
const SEED_TITLE = "自治区人民政府办公厅2019年政府信息公开工作年度报告";

const pages = {
  "county-2024": reportPage(reportDocument("2021", county2024Tables())),
  "seed-2019": reportPage(reportDocument("2019", seed2019Tables(), SEED_TITLE)),
};

const work = mkdtempSync(join(tmpdir(), "gongkai-lo-"));
try {
  for (const [name, html] of Object.entries(pages)) {
    const source = join(work, `${name}.html`);
    writeFileSync(source, html);
    execFileSync(
      "soffice",
      [
        `-env:UserInstallation=file://${work}/profile`,
        "--headless",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        work,
        source,
      ],
      { stdio: "ignore", timeout: 120_000 },
    );
    writeFileSync(join(OUT, `${name}.docx`), readFileSync(join(work, `${name}.docx`)));
    console.log(`${OUT}/${name}.docx`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
