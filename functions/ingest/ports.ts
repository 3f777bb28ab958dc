import type { Annotator } from "./annotator";
import type { Mailer } from "./ports-mail";
import type { FeedStore, ObjectStore } from "./ports-objects";
import type { DepartmentRegistry, RegionRegistry, ReportVersions, UploadLog } from "./ports-records";
import type { Aggregates } from "./ports-state";

/**
 * The ports the ingest use case needs. Adapters (S3, DynamoDB, SES) implement them with the AWS SDK v3;
 * the same adapters serve AWS and the local stack, told apart by endpoint alone.
 */

export * from "./ports-mail";
export * from "./ports-objects";
export * from "./ports-records";
export * from "./ports-state";

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
  /** The clerks' desk page, named in the mails as where to upload again; unset: the upload folder is. */
  deskUrl?: string;
  /** Entries a listing page holds before it splits (LISTING_PAGE_CAPACITY; smaller in tests of splitting). */
  listingPageCapacity?: number;
  /**
   * Mail claims made before this instant were made by a process that is gone, so a delivery may take them
   * over at once rather than after the lease: the local stack's start (its one process died before it). Unset
   * on AWS, where another delivery may be alive.
   */
  claimsOrphanedBefore?: string;
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
