import type { Diagnosis } from "../../schemas/diagnosis";
import type { Finding } from "../../schemas/finding";
import type { FormatId } from "../../schemas/formats";
import type { MailProblem, MailProblemCode } from "../../schemas/mail-problems";
import type { CellSource, ReportTables } from "../../schemas/report";
import type { Region } from "../core/season/places";
import type { SeasonRecord } from "../core/season/record";
import type { OriginalNotKept } from "./ports-objects";

/** The ingest's ports for records: the registries, the upload log, the report versions, the roster. */

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
