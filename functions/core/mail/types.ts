import type { Diagnosis } from "../../../schemas/diagnosis";
import type { Headline } from "../../../schemas/feed";
import type { Bilingual, Finding } from "../../../schemas/finding";
import type { FormatId } from "../../../schemas/formats";
import type { UploadKind } from "../validate-upload";

/** Where the mails send a department to upload (the same for every mail of a deployment). */
export interface MailSettings {
  /** The clerks' desk page (`…/desk/`); unset (no desk), the mails name the department's upload folder. */
  deskUrl?: string;
}

export interface MailDepartment {
  id: string;
  name: string;
}

export interface MailUpload {
  fileName: string;
  /** ISO 8601 time of the upload. */
  uploadedAt: string;
}

/** What happened to an upload, and everything its email says. Text in here is untrusted (it comes from the sheet). */
export type MailInput =
  | SeasonMailInput
  | {
      kind: "published";
      department: MailDepartment;
      year: number;
      format: FormatId;
      upload: MailUpload;
      headline: Headline;
      warnings: readonly Finding[];
      /** Public URL of the report document. */
      reportUrl: string;
      /** Public URL of the feed's index. */
      feedUrl: string;
    }
  | {
      kind: "rejected";
      department: MailDepartment;
      year: number;
      upload: MailUpload;
      findings: readonly Finding[];
      /** The format the tables were read in (names the diagnosis's cells); null or absent: none. */
      format?: FormatId | null;
      /** Which cells are most likely wrong; the mail leads with it. */
      diagnosis?: Diagnosis | null;
      /** The version already published for the year, which stays published. */
      published?: MailUpload | null;
      /** The annotated copy attached, or why there is none. */
      annotated?: AnnotatedCopy;
      /**
       * What the file was read as (absent: a workbook). A document — a Word file, a web page — has tables,
       * rows and columns instead of sheets and A1 cells, and no annotated copy can be written into it.
       */
      readAs?: UploadKind;
    }
  | {
      kind: "unreadable";
      department: MailDepartment;
      year: number;
      upload: MailUpload;
      findings: readonly Finding[];
    }
  | {
      /** Valid, but a later upload of the same department and year was already published. */
      kind: "superseded";
      department: MailDepartment;
      year: number;
      upload: MailUpload;
      /** The upload whose numbers are published. */
      current: MailUpload;
      reportUrl: string;
    }
  | {
      /** To a registered department: its file is in its folder, but in no year's folder. */
      kind: "misplaced";
      department: MailDepartment;
      upload: MailUpload & { key: string };
      /** A year the misplaced folder seems to mean (`2019年` → 2019), to show in the example. */
      suggestedYear: number | null;
    }
  | {
      /** To the operator: an upload outside the layout whose folder names no registered department. */
      kind: "unroutable";
      /** The segment where the department id belongs, `""` when there is none. */
      claimedDepartment: string;
      upload: MailUpload & { key: string; sha256: string };
    }
  | {
      /** To the operator: an upload under a department id nobody registered. */
      kind: "unregistered";
      departmentId: string;
      year: number;
      upload: MailUpload & { key: string; sha256: string };
    };

/** What a reminder says is missing from a department's report of the year. */
export type MissingReport =
  | { kind: "never" }
  | { kind: "rejected"; upload: MailUpload; findings: readonly Finding[] }
  | { kind: "withdrawn"; reason: string };

/** The season's mails. */
export type SeasonMailInput =
  | {
      /** To a department that still owes its report. */
      kind: "reminder";
      department: MailDepartment;
      year: number;
      /** `YYYY-MM-DD`. */
      deadline: string;
      /** The deadline has passed. */
      late: boolean;
      missing: MissingReport;
    }
  | {
      /** To the operator, the day after the deadline: who is late. */
      kind: "late";
      year: number;
      deadline: string;
      late: readonly { id: string; name: string; status: string }[];
    };

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** The clerk's workbook with every finding marked, attached to the rejection; or why there is none. */
export type AnnotatedCopy =
  | {
      attached: true;
      fileName: string /** Converted from .xls: the original's look is not kept. */;
      converted: boolean;
    }
  | { attached: false; reason: Bilingual };
