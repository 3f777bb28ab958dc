import { FEED_VERSION } from "../../../schemas/feed-constants";

/** A department id becomes a path segment: refuse what would escape it or break a URL. */
function segment(departmentId: string): string {
  if (!/^[^\s/\\?#%]+$/u.test(departmentId) || departmentId === "." || departmentId === "..") {
    throw new Error(`feed: department id ${JSON.stringify(departmentId)} cannot be a path segment`);
  }
  return departmentId;
}

function year(value: number): number {
  if (!Number.isInteger(value)) throw new Error(`feed: year ${value} is not a whole number`);
  return value;
}

/** Where every feed document lives, relative to the feed root. */
export const feedPaths = {
  index: `${FEED_VERSION}/index.json`,
  year: (y: number): string => `${FEED_VERSION}/years/${year(y)}.json`,
  report: (y: number, departmentId: string): string =>
    `${FEED_VERSION}/reports/${year(y)}/${segment(departmentId)}.json`,
  summary: (y: number): string => `${FEED_VERSION}/summary/${year(y)}.json`,
  department: (departmentId: string): string => `${FEED_VERSION}/departments/${segment(departmentId)}.json`,
  schema: (name: string): string => `${FEED_VERSION}/schema/${name}.schema.json`,
} as const;
