import { FEED_VERSION } from "../../../schemas/feed-constants";

/** A department or region id becomes a path segment: refuse what would escape it or break a URL. */
function segment(id: string): string {
  if (!/^[^\s/\\?#%]+$/u.test(id) || id === "." || id === "..") {
    throw new Error(`feed: id ${JSON.stringify(id)} cannot be a path segment`);
  }
  return id;
}

function page(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`feed: page ${n} is not a page number`);
  return n;
}

function year(value: number): number {
  if (!Number.isInteger(value)) throw new Error(`feed: year ${value} is not a whole number`);
  return value;
}

/** Where every feed document lives, relative to the feed root. */
export const feedPaths = {
  index: `${FEED_VERSION}/index.json`,
  year: (y: number): string => `${FEED_VERSION}/years/${year(y)}.json`,
  yearPage: (y: number, n: number): string => `${FEED_VERSION}/years/${year(y)}/pages/${page(n)}.json`,
  report: (y: number, departmentId: string): string =>
    `${FEED_VERSION}/reports/${year(y)}/${segment(departmentId)}.json`,
  summary: (y: number): string => `${FEED_VERSION}/summary/${year(y)}.json`,
  department: (departmentId: string): string => `${FEED_VERSION}/departments/${segment(departmentId)}.json`,
  region: (regionId: string, y: number): string =>
    `${FEED_VERSION}/regions/${segment(regionId)}/${year(y)}.json`,
  regionPage: (regionId: string, n: number): string =>
    `${FEED_VERSION}/regions/${segment(regionId)}/pages/${page(n)}.json`,
  schema: (name: string): string => `${FEED_VERSION}/schema/${name}.schema.json`,
  schemaIndex: `${FEED_VERSION}/schema/index.json`,
  format: (formatId: string): string => `${FEED_VERSION}/formats/${segment(formatId)}.json`,
  departments: `${FEED_VERSION}/departments.json`,
  yearCsv: (y: number): string => `${FEED_VERSION}/years/${year(y)}.csv`,
  /** The CSV's CSVW metadata, where a CSVW processor looks first (`{+url}-metadata.json`). */
  yearCsvMetadata: (y: number): string => `${FEED_VERSION}/years/${year(y)}.csv-metadata.json`,
  /** The CSVW table schema of every year's CSV in a format. */
  yearCsvSchema: (formatId: string): string => `${FEED_VERSION}/schema/year-csv/${segment(formatId)}.json`,
} as const;
