import type { Diagnosis } from "../../schemas/diagnosis";
import type { Finding } from "../../schemas/finding";
import type { FormatId } from "../../schemas/formats";
import type { MailProblem, MailProblemCode } from "../../schemas/mail-problems";
import type { CellSource, ReportTables } from "../../schemas/report";
import type {
  DepartmentHistory,
  FeedIndexState,
  ListingDirectory,
  ListingPage,
  MemberListed,
  RevisionsState,
  SerializedDocument,
  SumsScope,
  SumsShard,
  VersionedState,
  YearListed,
} from "../core/feed";
import type { Region } from "../core/season/places";
import type { SeasonRecord } from "../core/season/record";
import type { ListingKey } from "../storage-layout";
import type { Annotator } from "./annotator";

/**
 * The ports the ingest use case needs. Adapters (S3, DynamoDB, SES) implement them with the AWS SDK v3;
 * the same adapters serve AWS and the local stack, told apart by endpoint alone.
 */

export interface Department {
  id: string;
  name: string;
  /** The only addresses mail about this department's uploads goes to. */
  emails: string[];
  /** The region the department belongs to directly, if any. */
  parent?: string | null;
  /** Its place (`core/season/places.ts`): where the roster finds it. "/" when in no region. */
  place?: string;
  /** When it was last registered: a region's listing keeps the latest registration. */
  registeredAt?: string;
}

export type UploadStatus =
  /** being processed */
  | "received"
  /** published as the department's current report */
  | "published"
  /** valid, but a newer upload of the same department and year was published first */
  | "superseded"
  /** has errors: nothing published changed */
  | "rejected"
  /** not a readable workbook */
  | "unreadable"
  /** under a department id nobody registered */
  | "unregistered"
  /** not under uploads/{department}/{year}/ */
  | "unroutable"
  /** gone before it could be read */
  | "missing";

export interface UploadRecord {
  department: string;
  year: number;
  /** Orders uploads of a department and year: S3's last-modified time of the object, then its sequencer. */
  order: string;
  /** S3's sequencer of the upload's event, kept so the event can be replayed in its place. */
  sequencer: string;
  key: string;
  fileName: string;
  versionId: string | null;
  size: number;
  sha256: string | null;
  /** `originals/{sha256}`: where the bytes are kept whatever happens next. */
  originalKey: string | null;
  /** Why no copy is kept (`originalKey` null though the upload was there): S3 would not give or copy it. */
  originalNotKept?: OriginalNotKept;
  uploadedAt: string;
  status: UploadStatus;
  findings: Finding[];
  /** Which cells are most likely wrong, when a hard arithmetic rule fails (what the upload API shows). */
  diagnosis?: Diagnosis | null;
  /** A rejected upload's annotated copy (`annotated/…`), when one could be made. */
  annotatedKey?: string | null;
  processedAt: string;
  /** When a delivery took the job of mailing (a lease: a delivery that died is replaced after a while). */
  mailClaimedAt?: string;
  /** When the mail was accepted by the mail service. */
  mailedAt?: string;
  /**
   * What kept the mail from its reader, in the mail service's words: refused for good, bounced or marked
   * as spam (after `mailedAt`), or the service unavailable (no `mailedAt` yet: retried).
   */
  mailError?: string;
  /** The code of `mailError` (schemas/mail-problems.ts); absent on records from before codes. */
  mailErrorCode?: MailProblemCode;
  /** When the mail service last reported on the mail after taking it (a bounce, a complaint). */
  mailFeedbackAt?: string;
}

/** A published (or publishable) report, immutable once written. */
export interface ReportVersion {
  department: string;
  year: number;
  order: string;
  format: FormatId;
  tables: ReportTables;
  notes: CellSource[];
  warnings: Finding[];
  publishedAt: string;
  source: { key: string; versionId: string | null; sha256: string; uploadedAt: string };
}

export interface CurrentPointer {
  order: string;
  publishedAt: string;
}

/** A stored state and the version its optimistic concurrency counts. */
export type Versioned<T> = VersionedState<T>;

/** The registered departments: who may publish, and where their mail may go. */
export interface DepartmentRegistry {
  get(id: string): Promise<Department | null>;
  put(department: Department): Promise<void>;
  list(): Promise<Department[]>;
}

/** The regions departments belong to: a tree, each region knowing its place and its children. */
export interface RegionRegistry {
  get(id: string): Promise<Region | null>;
  /** Writes the region as given, its children left as they are (`addChild` changes them). */
  put(region: Omit<Region, "children">): Promise<void>;
  /** Lists a child under a region (its name updated if listed already): one atomic update. */
  addChild(parent: string, child: { id: string; name: string }): Promise<void>;
  list(): Promise<Region[]>;
}

/**
 * The season's paged queries (the `roster` index): departments and season records under a place, in
 * place-then-id order, one page (up to 1 MB) at a time. Never a scan.
 */
export interface Roster {
  members(place: string): AsyncIterable<Department[]>;
  records(year: number, place: string): AsyncIterable<SeasonRecord[]>;
}

/** Every upload with its outcome, its findings and the state of its one mail. */
export interface UploadLog {
  get(department: string, year: number, order: string): Promise<UploadRecord | null>;
  /** Writes every field but the mail state, which only the mail methods below change. */
  put(record: UploadRecord): Promise<void>;
  /** One department's uploads, or every upload (an operator's command, never on the ingest path). */
  list(department?: string): Promise<UploadRecord[]>;
  /** One department's uploads of one year, oldest first (a query by key). */
  listYear(department: string, year: number): Promise<UploadRecord[]>;
  /** Makes an upload pending again (status and mail), so replaying its event evaluates it anew. */
  reset(record: UploadRecord): Promise<void>;
  /**
   * Takes the job of mailing about this upload unless it was mailed, or another delivery holds a claim
   * newer than `staleBefore`: true when this call may send.
   */
  claimMail(record: UploadRecord, at: string, staleBefore: string): Promise<boolean>;
  /** The mail was sent (or refused for good, with the reason); a problem kept by `releaseMail` is cleared. */
  markMailed(record: UploadRecord, at: string, refusal?: MailProblem): Promise<void>;
  /** Gives the claim back after a failure that a retry may get past, keeping what it was (if known). */
  releaseMail(record: UploadRecord, problem?: MailProblem): Promise<void>;
  /**
   * What the mail service said after it took the mail (a bounce, a complaint), kept on the upload; false
   * when there is no such upload (a mail that was not the pipeline's).
   */
  recordMailFeedback(
    upload: Pick<UploadRecord, "department" | "year" | "order">,
    problem: MailProblem,
    at: string,
  ): Promise<boolean>;
}

/** Which version of a department's report for a year. */
export type VersionRef = Pick<ReportVersion, "department" | "year" | "order">;

/** The immutable report versions and the CURRENT pointer of each department and year. */
export interface ReportVersions {
  /** Writes a version unless one with the same order exists; returns what is stored. */
  put(version: ReportVersion): Promise<ReportVersion>;
  get(department: string, year: number, order: string): Promise<ReportVersion | null>;
  getCurrent(department: string, year: number): Promise<CurrentPointer | null>;
  /** Moves the current pointer forward only: `newer` when a later upload is already current. */
  advanceCurrent(
    department: string,
    year: number,
    pointer: CurrentPointer,
  ): Promise<"advanced" | "same" | "newer">;
}

/** A state item, named by what it holds. */
export type AggregateId =
  | { kind: "departmentHistory"; department: string }
  | { kind: "feedIndex" }
  | { kind: "season"; department: string; year: number }
  | { kind: "revisions"; department: string; year: number }
  | { kind: "sumsShard"; scope: SumsScope; shard: number }
  | { kind: "sumsHead"; scope: SumsScope }
  | { kind: "yearDirectory"; year: number }
  | { kind: "yearPage"; year: number; page: number }
  | { kind: "regionDirectory"; region: string }
  | { kind: "regionPage"; region: string; page: number }
  | { kind: "reminderRound"; year: number; round: string }
  | { kind: "catalogue" };

/** The operator's mail of one reminder round: claimed once. */
export interface ReminderRound {
  claimedAt: string;
  sentAt?: string;
  late: number;
}

/** The state each kind of item holds. */
export interface AggregateStates {
  departmentHistory: DepartmentHistory;
  feedIndex: FeedIndexState;
  season: SeasonRecord;
  revisions: RevisionsState;
  sumsShard: SumsShard;
  /** Only its version counts: it moves whenever a shard of its scope does. */
  sumsHead: Record<string, never>;
  yearDirectory: ListingDirectory;
  yearPage: ListingPage<YearListed>;
  regionDirectory: ListingDirectory;
  regionPage: ListingPage<MemberListed>;
  reminderRound: ReminderRound;
  catalogue: CatalogueState;
}

/** What the catalogue's documents (the years' CSV, the department list) were last built from. */
export interface CatalogueState {
  /** year → the version of the year's index line its CSV shows. */
  csv: Record<string, number>;
  /** The department list: its sha256, when it was built and from which index change. */
  departments: { sha256: string; builtAt: string; indexChanged: string } | null;
}

export type AggregateState<Id extends AggregateId> = AggregateStates[Id["kind"]];

/** The items' ids by what they hold. */
export const aggregate = {
  departmentHistory: (department: string) => ({ kind: "departmentHistory", department }) as const,
  feedIndex: () => ({ kind: "feedIndex" }) as const,
  season: (department: string, year: number) => ({ kind: "season", department, year }) as const,
  revisions: (department: string, year: number) => ({ kind: "revisions", department, year }) as const,
  sumsShard: (scope: SumsScope, shard: number) => ({ kind: "sumsShard", scope, shard }) as const,
  sumsHead: (scope: SumsScope) => ({ kind: "sumsHead", scope }) as const,
  yearDirectory: (year: number) => ({ kind: "yearDirectory", year }) as const,
  yearPage: (year: number, page: number) => ({ kind: "yearPage", year, page }) as const,
  regionDirectory: (region: string) => ({ kind: "regionDirectory", region }) as const,
  regionPage: (region: string, page: number) => ({ kind: "regionPage", region, page }) as const,
  reminderRound: (year: number, round: string) => ({ kind: "reminderRound", year, round }) as const,
  catalogue: () => ({ kind: "catalogue" }) as const,
};

/** The listing a directory or page id belongs to. */
export function listingOf(id: AggregateId): ListingKey | null {
  switch (id.kind) {
    case "yearDirectory":
    case "yearPage":
      return { kind: "year", year: id.year };
    case "regionDirectory":
    case "regionPage":
      return { kind: "region", region: id.region };
    default:
      return null;
  }
}

/**
 * The small state items behind the feed and the season, each written with optimistic concurrency on its
 * `version` (single-item conditional writes only: no transactions). A state too large to store is
 * refused loudly.
 */
export interface Aggregates {
  get<Id extends AggregateId>(id: Id): Promise<Versioned<AggregateState<Id>> | null>;
  /** Several items at once (one batch read); each null where it does not exist. */
  getMany<Id extends AggregateId>(ids: readonly Id[]): Promise<(Versioned<AggregateState<Id>> | null)[]>;
  /** Only the items' versions (null: it does not exist), in one batch read: what a verified write compares. */
  versions(ids: readonly AggregateId[]): Promise<(number | null)[]>;
  /** Stores the state if its version is still `expectedVersion` (null: it does not exist yet); false if it moved. */
  put<Id extends AggregateId>(
    id: Id,
    value: AggregateState<Id>,
    expectedVersion: number | null,
  ): Promise<boolean>;
  /** Moves an item's version on (creating it empty): a sums head after its shards changed. */
  bump(id: AggregateId): Promise<void>;
  delete(id: AggregateId): Promise<void>;
  /** Drops a token from a sums shard (moving its version), unless the shard no longer holds it. */
  removeToken(id: Extract<AggregateId, { kind: "sumsShard" }>, token: string): Promise<void>;
  /** Takes the directory's next page number (moving its version), which must exist. */
  allocatePage(id: Extract<AggregateId, { kind: "yearDirectory" | "regionDirectory" }>): Promise<number>;
}

/**
 * Why an upload's bytes are not kept under `originals/`: stored encrypted with the uploader's own key
 * (SSE-C: S3 gives none of its bytes without it), or larger than S3 copies in one request (5 GiB).
 */
export type OriginalNotKept = "customer_key" | "larger_than_copy_limit";

/** What S3 itself says of one version of an object: the facts the intake orders uploads by. */
export interface ObjectFacts {
  versionId: string | null;
  /** S3's Last-Modified of the version (whole seconds). */
  lastModified: string;
  size: number;
  /** Encrypted with a key only the uploader has: there, but none of its bytes can be read. */
  sealed?: "customer_key";
}

/** An object S3 holds but gives none of its bytes: encrypted with a key only the uploader has (SSE-C). */
export interface SealedObject {
  sealed: "customer_key";
  size: number;
  versionId: string | null;
}

export interface UploadObject {
  bytes: Uint8Array;
  size: number;
  versionId: string | null;
  lastModified: string;
}

export interface ObjectStore {
  /** What S3 says of the object (version): null when there is no such object or version. */
  inspect(key: string, versionId: string | null): Promise<ObjectFacts | null>;
  /**
   * The upload's bytes, at most `maxBytes + 1` of them; null when the object (version) is gone; sealed
   * when S3 holds it but will give none of it (never thrown: retrying would not change that).
   */
  read(key: string, versionId: string | null, maxBytes: number): Promise<UploadObject | SealedObject | null>;
  /** Keeps the bytes under `originals/{sha256}`; writing the same bytes again changes nothing. */
  keepOriginal(sha256: string, bytes: Uint8Array, sourceKey: string): Promise<string>;
  /**
   * Keeps an upload too large to read here by a server-side copy (`originals/oversize/…`); null when it is
   * larger than one copy request may be (5 GiB), and so not kept.
   */
  keepOversize(key: string, versionId: string | null, order: string, size: number): Promise<string | null>;
  /** Keeps an annotated copy (an .xlsx) under `key`; writing it again replaces it. */
  keepAnnotated(key: string, bytes: Uint8Array): Promise<void>;
  /** An object's bytes (an annotated copy), or null when there is none. */
  readObject(key: string): Promise<Uint8Array | null>;
}

export interface FeedStore {
  write(path: string, document: SerializedDocument): Promise<void>;
  /** Removes a document (a withdrawn report); removing one that is not there is no error. */
  remove(path: string): Promise<void>;
}

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  /** Carried with the mail and back in its bounces and complaints (SES message tags). */
  tags?: Record<string, string>;
}

export interface MailAttachment {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** What became of a mail: accepted by the mail service, or refused for good (a retry would not help). */
export type MailDelivery = { status: "sent" } | { status: "refused"; reason: string; code?: MailProblemCode };

export interface Mailer {
  /**
   * Sends the mail; throws when the failure is one a retry may get past — `MailUnavailable`
   * (mail-unavailable.ts) when the mail service sends nothing now, whatever the message.
   */
  send(mail: OutgoingMail): Promise<MailDelivery>;
}

/** A queue message the intake refused: it names what S3 never wrote. Kept for the operator. */
export interface IntakeRefusal {
  /** Unique per refusal (two identical forgeries are two refusals). */
  id: string;
  at: string;
  reason: "foreign_bucket" | "no_such_object" | "malformed_sequencer";
  bucket: string;
  key: string;
  versionId: string | null;
  /** What the message claimed, kept as evidence (never used to order anything). */
  claimed: { eventTime: string; sequencer: string; size: number };
}

/** The refused intake messages, by month. */
export interface IntakeRefusals {
  record(refusal: IntakeRefusal): Promise<void>;
  /** The refusals of a month (`yyyy-mm`). */
  list(month: string): Promise<IntakeRefusal[]>;
}

export interface Clock {
  now(): Date;
}

export interface IngestSettings {
  /** The only bucket whose objects the intake takes: a message naming another is refused. */
  uploadsBucket: string;
  maxUploadBytes: number;
  operatorEmail: string;
  feedBaseUrl: string;
  /** Entries a listing page holds before it splits (LISTING_PAGE_CAPACITY; smaller in tests of splitting). */
  listingPageCapacity?: number;
}

export interface IngestPorts {
  objects: ObjectStore;
  departments: DepartmentRegistry;
  regions: RegionRegistry;
  uploads: UploadLog;
  versions: ReportVersions;
  aggregates: Aggregates;
  feed: FeedStore;
  mailer: Mailer;
  /** A rejected upload's annotated copy (its own function on AWS). */
  annotator: Annotator;
  refusals: IntakeRefusals;
  clock: Clock;
  settings: IngestSettings;
}

/**
 * What publishing a department's current report takes (`publish-current.ts`): the state, the versions and
 * the feed, no uploads and no mail. The desk API publishes an explanation over these alone.
 */
export type PublishPorts = Pick<
  IngestPorts,
  "departments" | "regions" | "versions" | "aggregates" | "feed" | "clock"
> & {
  settings: Pick<IngestSettings, "listingPageCapacity" | "feedBaseUrl">;
};
