import type { FormatSpec } from "../../../schemas/formats";
import { feedPaths } from "./paths";
import { type CsvColumn, type CsvValue, csvColumns } from "./year-csv";

/**
 * The years' CSV described for machines, as W3C's "Metadata Vocabulary for Tabular Data" (CSVW, JSON-LD)
 * has it, generated from the same columns the header line is written from:
 *
 * - `v1/schema/year-csv/{format}.json` — the table schema of every year in a format: each column's name
 *   (its code), titles (the header as written, and in English), datatype and whether it is required, and
 *   the primary key. Changes only with a deployment, so it is published with the JSON Schemas.
 * - `v1/years/{year}.csv-metadata.json` — beside each CSV, where a CSVW processor looks for it first
 *   (`{+url}-metadata.json`): the file's dialect (UTF-8 with a BOM, CRLF, a header row) and its format's
 *   table schema by reference.
 */

export const CSVW_CONTEXT = "http://www.w3.org/ns/csvw";

/** Where a processor finds a year's metadata from its CSV's URL (CSVW's default location). */
export const CSV_METADATA_TEMPLATE = "{+url}-metadata.json";

/** A CSVW datatype: a base of XML Schema's with the constraints CSVW allows. */
export interface CsvwDatatype {
  base: "string" | "nonNegativeInteger" | "integer" | "decimal" | "dateTime";
  /** For a string: a regular expression (ECMAScript) the whole value matches. */
  format?: string;
  minimum?: number;
}

/** A CSVW column description. */
export interface CsvwColumn {
  name: string;
  titles: { zh: string; en: string };
  datatype: CsvwDatatype;
  required: boolean;
}

/** `v1/schema/year-csv/{format}.json` */
export interface YearCsvSchemaDoc {
  "@context": [typeof CSVW_CONTEXT, { "@language": "zh" }];
  "@id": string;
  "@type": "Schema";
  "dc:title": LanguageValue[];
  "dc:description": LanguageValue[];
  columns: CsvwColumn[];
  primaryKey: string;
}

/** `v1/years/{year}.csv-metadata.json` */
export interface YearCsvMetadataDoc {
  "@context": [typeof CSVW_CONTEXT, { "@language": "zh" }];
  "@type": "Table";
  url: string;
  "dc:title": LanguageValue[];
  dialect: {
    encoding: "utf-8";
    lineTerminators: ["\r\n"];
    quoteChar: '"';
    doubleQuote: true;
    header: true;
    headerRowCount: 1;
    delimiter: ",";
    skipBlankRows: false;
    skipInitialSpace: false;
    trim: false;
  };
  /** The format's table schema, relative to this document. */
  tableSchema: string;
}

type LanguageValue = { "@value": string; "@language": "zh" | "en" };

const both = (zh: string, en: string): LanguageValue[] => [
  { "@value": zh, "@language": "zh" },
  { "@value": en, "@language": "en" },
];

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function datatype(value: CsvValue, formats: readonly FormatSpec[]): CsvwDatatype {
  switch (value) {
    case "department_id":
      // What feedPaths accepts as a path segment.
      return { base: "string", format: "^[^\\s/\\\\?#%]+$" };
    case "text":
      return { base: "string", format: "^.+$" };
    case "format":
      return { base: "string", format: `^(${formats.map((format) => literal(format.id)).join("|")})$` };
    case "timestamp":
      return { base: "dateTime" };
    case "report_path":
      return { base: "string", format: "^v1/reports/\\d{4}/[^/]+\\.json$" };
    case "count":
      return { base: "nonNegativeInteger" };
    case "signed_count":
      return { base: "integer" };
    case "amount":
      return { base: "decimal", minimum: 0 };
  }
}

function column(spec: CsvColumn, formats: readonly FormatSpec[]): CsvwColumn {
  return {
    name: spec.name,
    titles: { zh: spec.title, en: spec.titleEn },
    datatype: datatype(spec.value, formats),
    required: spec.required,
  };
}

/**
 * The table schema of the CSV of every year in `format`. `baseUrl` is the feed's root (the schema's
 * `@id` is its URL there, as the JSON Schemas' `$id`); `formats` are those a row's format may name.
 */
export function yearCsvSchemaDocument(
  format: FormatSpec,
  formats: readonly FormatSpec[],
  baseUrl = "",
): YearCsvSchemaDoc {
  const path = feedPaths.yearCsvSchema(format.id);
  return {
    "@context": [CSVW_CONTEXT, { "@language": "zh" }],
    "@id": baseUrl ? `${baseUrl.replace(/\/+$/, "")}/${path}` : path,
    "@type": "Schema",
    "dc:title": both(
      `${format.name.zh}年度报告统计数据（CSV）的列`,
      `The columns of a year's CSV in the ${format.name.en}`,
    ),
    "dc:description": both(
      "每行一份已发布的报告；表头为列代码加中文标签。单元格为空表示该报告的格式没有这一项。文件以 UTF-8 BOM 开头。",
      "A row per published report; each header is the column's code and its Chinese label. An empty cell: " +
        "the report's format has no such cell. The file starts with a UTF-8 byte order mark.",
    ),
    columns: csvColumns(format).map((spec) => column(spec, formats)),
    primaryKey: "department_id",
  };
}

/** The metadata of `v1/years/{year}.csv`, whose columns are those of `format`. */
export function yearCsvMetadataDocument(year: number, format: FormatSpec): YearCsvMetadataDoc {
  const csv = feedPaths.yearCsv(year);
  return {
    "@context": [CSVW_CONTEXT, { "@language": "zh" }],
    "@type": "Table",
    url: csv.slice(csv.lastIndexOf("/") + 1),
    "dc:title": both(
      `${year}年度政府信息公开工作年度报告统计数据`,
      `Annual reports on government information disclosure, ${year}: the tables`,
    ),
    dialect: {
      encoding: "utf-8",
      lineTerminators: ["\r\n"],
      quoteChar: '"',
      doubleQuote: true,
      header: true,
      headerRowCount: 1,
      delimiter: ",",
      skipBlankRows: false,
      skipInitialSpace: false,
      trim: false,
    },
    // From v1/years/ up to v1/ and down to the schema.
    tableSchema: `../${feedPaths.yearCsvSchema(format.id).split("/").slice(1).join("/")}`,
  };
}
