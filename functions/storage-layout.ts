/**
 * Where everything is stored, in one place for the ingest function, the local stack, the CLI and the CDK
 * app: the object prefixes of the two buckets, the upload key pattern, and the DynamoDB table's key
 * schema with a key builder per item kind. Plain values only (no SDK), so the CDK app and the CLI's
 * `validate` load it for free.
 */
import { FEED_VERSION } from "../schemas/feed-constants";

/** Key prefixes inside the buckets. */
export const OBJECT_PREFIX = {
  /**
   * Uploads bucket: what departments write, `uploads/{department}/{year}/{uploadId}/{file}` through the desk,
   * `uploads/{department}/{year}/{file}` on the operators' bulk path.
   */
  uploads: "uploads/",
  /** Uploads bucket: every upload kept, content-addressed, `originals/{sha256}`. */
  originals: "originals/",
  /** Uploads bucket: uploads too large to read, copied as they are, `originals/oversize/{order}`. */
  oversize: "originals/oversize/",
  /**
   * Uploads bucket: a rejected upload's annotated copy, `annotated/{department}/{year}/{order}.xlsx`
   * (per upload, not per content: the findings depend on last year's report too).
   */
  annotated: "annotated/",
  /** Feed bucket: every feed document. */
  feed: `${FEED_VERSION}/`,
} as const;

/** A department id: the `{department}` segment of an upload key, and of feed paths. */
export const DEPARTMENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** An upload id the desk issues: a random UUID, the `{uploadId}` segment of a desk upload's key. */
export const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The parts of an upload key. */
export interface UploadPath {
  department: string;
  year: number;
  fileName: string;
  /** Set for a key the desk issued (`uploads/{department}/{year}/{uploadId}/{file}`). */
  uploadId?: string;
}

/** The pattern an upload key must follow, as told to whoever put a file elsewhere. */
export const UPLOAD_KEY_PATTERN = `${OBJECT_PREFIX.uploads}{department}/{year}/{file}`;

// `s`: a file name may hold a newline (it is shown escaped); it is still the department's upload.
const UPLOAD_KEY = new RegExp(`^${OBJECT_PREFIX.uploads}([^/]+)/(\\d{4})/(.+)$`, "s");

/**
 * `uploads/{department}/{year}/{file}` or `uploads/{department}/{year}/{uploadId}/{file}` → its parts, or
 * null for a key outside that layout.
 */
export function parseUploadKey(key: string): UploadPath | null {
  const match = UPLOAD_KEY.exec(key);
  if (!match || !DEPARTMENT_ID.test(match[1]!)) return null;
  const year = Number(match[2]);
  if (year < 2000 || year > 2100) return null;
  const segments = match[3]!.split("/");
  const uploadId = segments.length > 1 && UPLOAD_ID.test(segments[0]!) ? segments[0] : undefined;
  return { department: match[1]!, year, fileName: segments.pop()!, ...(uploadId ? { uploadId } : {}) };
}

/** The department segment of a key under `uploads/`, whether or not the rest of the key fits the layout. */
export function claimedDepartment(key: string): string | undefined {
  return key.split("/")[1];
}

/**
 * The year a key outside the layout seems to mean: four digits in the segment where the year belongs
 * (`uploads/d1/2019年/…` → 2019), if they are a year an upload may have; else null.
 */
export function suggestedYear(key: string): number | null {
  const digits = /(?<!\d)(\d{4})(?!\d)/.exec(key.split("/")[2] ?? "")?.[1];
  const year = Number(digits);
  return digits && year >= 2000 && year <= 2100 ? year : null;
}

/** What consoles and `aws s3` write for a folder (`uploads/d1/2024/`): a key ending in `/`, not an upload. */
export function isFolderMarker(key: string): boolean {
  return key.endsWith("/");
}

/** Where a department puts its uploads: `uploads/{department}/`. */
export function uploadPrefix(department: string): string {
  return `${OBJECT_PREFIX.uploads}${department}/`;
}

/** `uploads/{department}/{year}/{file}`: the operators' bulk path. */
export function uploadKey(department: string, year: number, fileName: string): string {
  return `${uploadPrefix(department)}${year}/${fileName}`;
}

/** `uploads/{department}/{year}/{uploadId}/{file}`: the key a desk upload's presigned POST pins. */
export function deskUploadKey(department: string, year: number, uploadId: string, fileName: string): string {
  return `${uploadPrefix(department)}${year}/${uploadId}/${fileName}`;
}

/** Where an upload's bytes are kept: `originals/{sha256}`. */
export function originalKey(sha256: string): string {
  return `${OBJECT_PREFIX.originals}${sha256}`;
}

/** What an annotated copy is stored and attached as: an .xlsx workbook. */
export const ANNOTATED_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Where a rejected upload's annotated copy is kept: `annotated/{department}/{year}/{order}.xlsx`. */
export function annotatedKey(department: string, year: number, order: string): string {
  return `${OBJECT_PREFIX.annotated}${department}/${year}/${order}.xlsx`;
}

/** Where an upload too large to read is copied: `originals/oversize/{order}`. */
export function oversizeKey(order: string): string {
  return `${OBJECT_PREFIX.oversize}${order}`;
}

/**
 * The table's key schema: one table, a string partition key and a string sort key, and one global index
 * (`roster`) that lists departments by place.
 *
 * | item                                  | pk                                  | sk               |
 * | ------------------------------------- | ----------------------------------- | ---------------- |
 * | department (name, addresses, parent)  | `DEPARTMENTS`                       | `{id}`           |
 * | region (name, parent, children)       | `REGIONS`                           | `{id}`           |
 * | upload, outcome, findings, mail state | `UPLOADS#{dept}`                    | `{year}#{order}` |
 * | upload the desk issued a POST for     | `ISSUED#{dept}`                     | `{year}#{id}`    |
 * | the same, found by its upload id      | `UPLOAD#{id}`                       | `ISSUED`         |
 * | message the intake refused            | `REFUSED#{yyyy-mm}`                 | `{at}#{id}`      |
 * | report version (immutable)            | `REPORT#{dept}#{year}`              | `V#{order}`      |
 * | current report pointer                | `REPORT#{dept}#{year}`              | `CURRENT`        |
 * | season record (status, what counts)   | `REPORT#{dept}#{year}`              | `SEASON`         |
 * | earlier published versions            | `REPORT#{dept}#{year}`              | `REVISIONS`      |
 * | sums shard (year or region)           | `SUMS#{scope}#{0‥7}`                | `SHARD`          |
 * | sums head (its version)               | `SUMS#{scope}`                      | `HEAD`           |
 * | listing directory                     | `LISTING#{listing}`                 | `DIRECTORY`      |
 * | listing page                          | `LISTING#{listing}#{n}`             | `PAGE`           |
 * | department history                    | `STATE#DEPARTMENT#{id}`             | `STATE`          |
 * | feed index                            | `STATE#INDEX`                       | `STATE`          |
 * | reminder round (the operator's mail)  | `SEASON#{year}`                     | `ROUND#{round}`  |
 *
 * `{scope}` is `YEAR#{year}` or `REGION#{region}#{year}`; `{listing}` is `YEAR#{year}` or
 * `REGION#{region}` (a region's departments, shared by its years). The `roster` index holds department
 * items under `MEMBERS` and season records under `ROSTER#{year}`, both sorted by `{place}{id}`.
 */
export const TABLE_KEY = {
  partitionKey: "pk",
  sortKey: "sk",
} as const;

/** The global index of departments and season records by place. */
export const ROSTER_INDEX = {
  name: "roster",
  partitionKey: "gpk",
  sortKey: "gsk",
  /** The attributes the index carries besides its keys: what the roster shows. */
  attributes: [
    "name",
    "emails",
    "parent",
    "counted",
    "latestUpload",
    "withdrawn",
    "reminders",
    "department",
    "year",
    "place",
  ],
} as const;

/** The primary key of one item. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** What a sums total covers, and which listing. */
export type ScopeKey = { kind: "year"; year: number } | { kind: "region"; region: string; year: number };
export type ListingKey = { kind: "year"; year: number } | { kind: "region"; region: string };

const item = (pk: string, sk: string): ItemKey => ({ [TABLE_KEY.partitionKey]: pk, [TABLE_KEY.sortKey]: sk });

const DEPARTMENTS = "DEPARTMENTS";
const REGIONS = "REGIONS";
const UPLOADS = "UPLOADS#";
const aggregate = (name: string): ItemKey => item(`STATE#${name}`, "STATE");
const scope = (key: ScopeKey) =>
  key.kind === "year" ? `YEAR#${key.year}` : `REGION#${key.region}#${key.year}`;
const listing = (key: ListingKey) => (key.kind === "year" ? `YEAR#${key.year}` : `REGION#${key.region}`);

/** The key of every item kind, and the partitions that are queried whole. */
export const ITEM_KEY = {
  /** The partition holding every department. */
  departments: DEPARTMENTS,
  department: (id: string): ItemKey => item(DEPARTMENTS, id),
  /** The partition holding every region. */
  regions: REGIONS,
  region: (id: string): ItemKey => item(REGIONS, id),
  /** The partition holding one department's uploads. */
  uploadsOf: (department: string): string => `${UPLOADS}${department}`,
  /** What every upload partition begins with (the operator's scan over all departments). */
  uploadsPrefix: UPLOADS,
  upload: (department: string, year: number, order: string): ItemKey =>
    item(`${UPLOADS}${department}`, `${year}#${order}`),
  /** The sort key prefix of one year's items in a department's partition (uploads, issued uploads). */
  yearPrefix: (year: number): string => `${year}#`,
  /** The partition holding the uploads the desk issued for one department. */
  issuedOf: (department: string): string => `ISSUED#${department}`,
  issued: (department: string, year: number, uploadId: string): ItemKey =>
    item(`ISSUED#${department}`, `${year}#${uploadId}`),
  /** An issued upload found by its id alone (whose it is, before anything else is read). */
  issuedById: (uploadId: string): ItemKey => item(`UPLOAD#${uploadId}`, "ISSUED"),
  /** The partition of one month's refused intake messages (`at` is an ISO time). */
  refusalsOf: (month: string): string => `REFUSED#${month}`,
  refusal: (at: string, id: string): ItemKey => item(`REFUSED#${at.slice(0, 7)}`, `${at}#${id}`),
  version: (department: string, year: number, order: string): ItemKey =>
    item(`REPORT#${department}#${year}`, `V#${order}`),
  current: (department: string, year: number): ItemKey => item(`REPORT#${department}#${year}`, "CURRENT"),
  season: (department: string, year: number): ItemKey => item(`REPORT#${department}#${year}`, "SEASON"),
  revisions: (department: string, year: number): ItemKey => item(`REPORT#${department}#${year}`, "REVISIONS"),
  sumsShard: (key: ScopeKey, shard: number): ItemKey => item(`SUMS#${scope(key)}#${shard}`, "SHARD"),
  sumsHead: (key: ScopeKey): ItemKey => item(`SUMS#${scope(key)}`, "HEAD"),
  listingDirectory: (key: ListingKey): ItemKey => item(`LISTING#${listing(key)}`, "DIRECTORY"),
  listingPage: (key: ListingKey, page: number): ItemKey => item(`LISTING#${listing(key)}#${page}`, "PAGE"),
  departmentHistory: (id: string): ItemKey => aggregate(`DEPARTMENT#${id}`),
  feedIndex: (): ItemKey => aggregate("INDEX"),
  catalogue: (): ItemKey => aggregate("CATALOGUE"),
  reminderRound: (year: number, round: string): ItemKey => item(`SEASON#${year}`, `ROUND#${round}`),
} as const;

/** The roster index's keys of department items and season records. */
export const ROSTER_KEY = {
  /** Every registered department. */
  members: "MEMBERS",
  /** Every season record of a year. */
  year: (year: number): string => `ROSTER#${year}`,
  /** Sorted by place, then id: a region's departments, however deep, share a prefix. */
  sort: (place: string, id: string): string => `${place}${id}`,
} as const;
