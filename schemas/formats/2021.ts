import {
  appealsTable,
  applicationsTable,
  nationalHeadline,
  nationalRates,
  otherHandlingSingleRow,
  otherHandlingThreeRows,
  proactiveHeading,
} from "./shared-tables";
import type { ColumnSpec, FormatSpec } from "./types";

/** 国办公开办函〔2021〕30号: reports for 2021 onward. */

const columns: readonly ColumnSpec[] = [
  { code: "issued", label: "本年制发件数", en: "issued this year", kind: "count" },
  { code: "repealed", label: "本年废止件数", en: "repealed this year", kind: "count" },
  { code: "in_force", label: "现行有效件数", en: "in force", kind: "count" },
  {
    code: "decisions",
    label: "本年处理决定数量",
    aliases: ["处理决定数量"],
    en: "decisions this year",
    kind: "count",
  },
  {
    code: "amount",
    label: "本年收费金额（单位：万元）",
    aliases: ["本年收费金额", "本年收费金额(万元)"],
    en: "fees collected this year (10k yuan)",
    kind: "amount",
  },
];

const documentColumns = ["issued", "repealed", "in_force"];

const applications = applicationsTable(otherHandlingThreeRows);

export const format2021: FormatSpec = {
  id: "2021",
  name: { zh: "2021年版格式（国办公开办函〔2021〕30号）", en: "2021 format (GOV circular 2021 No. 30)" },
  source: "国办公开办函〔2021〕30号",
  years: { from: 2021 },
  marker: { table: "proactive", label: "本年制发件数" },
  tables: {
    proactive: {
      ...proactiveHeading,
      columns,
      rows: [
        { code: "rules", label: "规章", en: "rules", columns: documentColumns },
        {
          code: "normative_documents",
          label: "行政规范性文件",
          aliases: ["规范性文件"],
          en: "normative documents",
          columns: documentColumns,
        },
        { code: "licensing", label: "行政许可", en: "administrative licensing", columns: ["decisions"] },
        { code: "penalties", label: "行政处罚", en: "administrative penalties", columns: ["decisions"] },
        { code: "enforcement", label: "行政强制", en: "administrative enforcement", columns: ["decisions"] },
        { code: "fees", label: "行政事业性收费", en: "administrative fees", columns: ["amount"] },
      ],
      layout: {
        kind: "row_blocks",
        labelHeader: "信息内容",
        blocks: [
          {
            heading: "第二十条第（一）项",
            headingEn: "Article 20 (1)",
            columns: documentColumns,
            rows: ["rules", "normative_documents"],
          },
          {
            heading: "第二十条第（五）项",
            headingEn: "Article 20 (5)",
            columns: ["decisions"],
            rows: ["licensing"],
          },
          {
            heading: "第二十条第（六）项",
            headingEn: "Article 20 (6)",
            columns: ["decisions"],
            rows: ["penalties", "enforcement"],
          },
          { heading: "第二十条第（八）项", headingEn: "Article 20 (8)", columns: ["amount"], rows: ["fees"] },
        ],
      },
      relations: [],
      crossYear: [
        {
          rule: "cross_year.in_force",
          along: "row",
          target: "in_force",
          terms: [
            { code: "in_force", year: "previous" },
            { code: "issued", year: "current" },
            { code: "repealed", year: "current", sign: -1 },
          ],
          sameFormat: true,
          caveat: {
            zh: "修订、到期失效可能使其不完全相等",
            en: "revisions and expiry can make this inexact",
          },
        },
      ],
    },
    applications,
    appeals: appealsTable,
  },
  headline: nationalHeadline,
  rates: nationalRates(applications),
  // Sections 三 and 四 keep their codes; 2019's single (六) 其他处理 row is 2021's three (六) rows together.
  succeeds: {
    format: "2019",
    comparable: ["applications", "appeals"],
    splitRows: [
      {
        table: "applications",
        earlier: otherHandlingSingleRow[0]!.code,
        later: otherHandlingThreeRows.map((row) => row.code),
      },
    ],
  },
};
