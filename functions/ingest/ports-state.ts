import type {
  DepartmentHistory,
  FeedIndexState,
  InnerPage,
  ListingHead,
  ListingPage,
  MemberListed,
  RevisionsState,
  SumsScope,
  SumsShard,
  VersionedState,
  YearListed,
} from "../core/feed";
import type { SeasonRecord } from "../core/season/record";
import type { ListingKey } from "../storage-layout";

/** The ingest's port for state: the small versioned items behind the feed and the season. */

/** A stored state and the version its optimistic concurrency counts. */
export type Versioned<T> = VersionedState<T>;

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
  /** A listing's head (the root's number, the page counter, the years): a few dozen bytes. */
  yearDirectory: ListingHead;
  /** A leaf of the year's listing, or (level above 0) an inner page of it. */
  yearPage: ListingPage<YearListed> | InnerPage;
  regionDirectory: ListingHead;
  regionPage: ListingPage<MemberListed> | InnerPage;
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

/** The listing a head (`…Directory`) or page id belongs to. */
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
  /**
   * Takes the listing head's next page number (a counter of its own: the head's state and version stay);
   * the head must exist.
   */
  allocatePage(id: Extract<AggregateId, { kind: "yearDirectory" | "regionDirectory" }>): Promise<number>;
}
