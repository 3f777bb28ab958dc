import {
  appealsTable,
  applicationsTable,
  nationalHeadline,
  nationalRates,
  otherHandlingSingleRow,
  proactiveHeading,
} from "./shared-tables";
import type { ColumnSpec, FormatSpec } from "./types";

/** 国办公开办函〔2019〕60号: reports for 2019 and 2020. */

const columns: readonly ColumnSpec[] = [
  { code: "made", label: "本年新制作数量", en: "made this year", kind: "count" },
  { code: "published", label: "本年新公开数量", en: "published this year", kind: "count" },
  { code: "total_published", label: "对外公开总数量", en: "total published", kind: "count" },
  { code: "items_last_year", label: "上一年项目数量", en: "items last year", kind: "count" },
  {
    code: "items_change",
    label: "本年增/减",
    aliases: ["本年增减"],
    en: "change this year",
    kind: "signed_count",
  },
  { code: "decisions", label: "处理决定数量", en: "decisions", kind: "count" },
  { code: "projects", label: "采购项目数量", en: "procurement projects", kind: "count" },
  {
    code: "amount",
    label: "采购总金额",
    aliases: ["采购总金额(万元)"],
    en: "procurement amount (10k yuan)",
    kind: "amount",
  },
];

const documentColumns = ["made", "published", "total_published"];
const itemColumns = ["items_last_year", "items_change", "decisions"];

const applications = applicationsTable(otherHandlingSingleRow);

export const format2019: FormatSpec = {
  id: "2019",
  name: { zh: "2019年版格式（国办公开办函〔2019〕60号）", en: "2019 format (GOV circular 2019 No. 60)" },
  source: "国办公开办函〔2019〕60号",
  years: { from: 2019, to: 2020 },
  marker: { table: "proactive", label: "本年新制作数量" },
  tables: {
    proactive: {
      ...proactiveHeading,
      columns,
      rows: [
        { code: "rules", label: "规章", en: "rules", columns: documentColumns },
        {
          code: "normative_documents",
          label: "规范性文件",
          aliases: ["行政规范性文件"],
          en: "normative documents",
          columns: documentColumns,
        },
        { code: "licensing", label: "行政许可", en: "administrative licensing", columns: itemColumns },
        {
          code: "other_services",
          label: "其他对外管理服务事项",
          en: "other public services",
          columns: itemColumns,
        },
        { code: "penalties", label: "行政处罚", en: "administrative penalties", columns: itemColumns },
        { code: "enforcement", label: "行政强制", en: "administrative enforcement", columns: itemColumns },
        {
          code: "fees",
          label: "行政事业性收费",
          en: "administrative fees",
          columns: ["items_last_year", "items_change"],
        },
        {
          code: "procurement",
          label: "政府集中采购",
          en: "central government procurement",
          columns: ["projects", "amount"],
        },
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
            columns: itemColumns,
            rows: ["licensing", "other_services"],
          },
          {
            heading: "第二十条第（六）项",
            headingEn: "Article 20 (6)",
            columns: itemColumns,
            rows: ["penalties", "enforcement"],
          },
          {
            heading: "第二十条第（八）项",
            headingEn: "Article 20 (8)",
            columns: ["items_last_year", "items_change"],
            rows: ["fees"],
          },
          {
            heading: "第二十条第（九）项",
            headingEn: "Article 20 (9)",
            columns: ["projects", "amount"],
            rows: ["procurement"],
          },
        ],
      },
      relations: [
        {
          // Rule 8: the items a row has at the end of the year cannot be negative.
          rule: "proactive.items_negative",
          along: "row",
          left: ["items_last_year", "items_change"],
          relation: ">=",
          right: [],
          at: "items_change",
        },
        {
          // Rule 9 (a warning): what was published this year is part of what is published in all.
          rule: "proactive.published_exceeds_total",
          along: "row",
          left: ["published"],
          relation: "<=",
          right: ["total_published"],
          at: "total_published",
        },
      ],
      crossYear: [
        {
          rule: "cross_year.items_last_year",
          along: "row",
          target: "items_last_year",
          terms: [
            { code: "items_last_year", year: "previous" },
            { code: "items_change", year: "previous" },
          ],
          sameFormat: true,
        },
        {
          rule: "cross_year.total_published",
          along: "row",
          target: "total_published",
          terms: [
            { code: "total_published", year: "previous" },
            { code: "published", year: "current" },
          ],
          sameFormat: true,
        },
      ],
    },
    applications,
    appeals: appealsTable,
  },
  headline: nationalHeadline,
  rates: nationalRates(applications),
};
