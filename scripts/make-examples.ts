/**
 * Writes the example workbooks of `npm run demo` (examples/*.xlsx) from the test fixtures' builders:
 * `npx tsx scripts/make-examples.ts`. The files are committed so anyone can open them in Excel.
 */
import { writeFile } from "node:fs/promises";
import { messyWorkbook2021 } from "../test/fixtures/layouts/messy-2021";
import { nationalWorkbook } from "../test/fixtures/layouts/national-template";
import { seedStyleWorkbook } from "../test/fixtures/layouts/seed-document";
import { county2023Tables, county2024Tables } from "../test/fixtures/reports/county-2021";
import { seed2019Tables } from "../test/fixtures/reports/seed-2019";

const withErrors = county2024Tables();
withErrors.applications.results_total!.total = 47;
withErrors.applications.received!.research = 2;

const files: [string, Uint8Array][] = [
  ["nx-office-2019.xlsx", seedStyleWorkbook(seed2019Tables())],
  [
    "county-amr-2023.xlsx",
    nationalWorkbook("2021", county2023Tables(), "某县市场监督管理局2023年政府信息公开工作年度报告"),
  ],
  ["county-amr-2024.xlsx", messyWorkbook2021(county2024Tables())],
  ["city-edu-2024.xlsx", nationalWorkbook("2021", withErrors, "某市教育局2024年政府信息公开工作年度报告")],
];
for (const [name, bytes] of files) await writeFile(`examples/${name}`, bytes);
console.log(`wrote ${files.length} example workbooks to examples/`);
