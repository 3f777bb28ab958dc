import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { MailProblem } from "../../../schemas/mail-problems";
import type { UploadLog, UploadRecord } from "../../ingest/ports";
import { ITEM_KEY } from "../../storage-layout";
import { type Item, isConditionFailure, PK, type Table, withoutKey } from "./table";

/** Findings kept on an upload item: a hostile sheet's thousands must not break the 400 KB item limit. */
const MAX_STORED_FINDINGS = 300;
const MAX_STORED_FINDINGS_BYTES = 200_000;
/** The mail service's words about a mail (a refusal, a bounce), as kept on the upload. */
const MAX_REFUSAL_CHARS = 500;

function storedFindings<T>(findings: readonly T[]): T[] {
  const kept: T[] = [];
  let bytes = 0;
  for (const finding of findings.slice(0, MAX_STORED_FINDINGS)) {
    bytes += Buffer.byteLength(JSON.stringify(finding));
    if (bytes > MAX_STORED_FINDINGS_BYTES) break;
    kept.push(finding);
  }
  return kept;
}

const keyOf = (record: Pick<UploadRecord, "department" | "year" | "order">) =>
  ITEM_KEY.upload(record.department, record.year, record.order);

/** The uploads, one item each, in one partition per department. */
export class DynamoDbUploadLog implements UploadLog {
  constructor(private readonly table: Table) {}

  async get(department: string, year: number, order: string): Promise<UploadRecord | null> {
    const item = await this.table.get(ITEM_KEY.upload(department, year, order));
    return item ? toUpload(item) : null;
  }

  /** Sets every field but the mail fields, which only claimMail, markMailed and releaseMail touch. */
  async put(record: UploadRecord): Promise<void> {
    const {
      mailedAt: _mailedAt,
      mailClaimedAt: _mailClaimedAt,
      mailError: _mailError,
      mailErrorCode: _mailErrorCode,
      mailFeedbackAt: _mailFeedbackAt,
      ...fields
    } = {
      ...record,
      findingCount: record.findings.length,
      findings: storedFindings(record.findings),
    };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields).map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    await this.update(record, {
      UpdateExpression: `SET ${sets.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  /**
   * One department's uploads (a query), or every upload, registered department or not (a scan: an
   * operator's command, never on the Lambda's path).
   */
  async list(department?: string): Promise<UploadRecord[]> {
    const items = department
      ? await this.table.queryAll(ITEM_KEY.uploadsOf(department))
      : await this.table.scanPartitions(ITEM_KEY.uploadsPrefix);
    return items.map(toUpload);
  }

  async listYear(department: string, year: number): Promise<UploadRecord[]> {
    const items = await this.table.queryPrefix(ITEM_KEY.uploadsOf(department), ITEM_KEY.yearPrefix(year));
    return items.map(toUpload);
  }

  async reset(record: UploadRecord): Promise<void> {
    await this.update(record, {
      UpdateExpression:
        "SET #status = :received REMOVE mailedAt, mailClaimedAt, mailError, mailErrorCode, mailFeedbackAt",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":received": "received" },
    });
  }

  async claimMail(record: UploadRecord, at: string, staleBefore: string): Promise<boolean> {
    try {
      await this.update(record, {
        UpdateExpression: "SET mailClaimedAt = :at",
        ConditionExpression:
          `attribute_exists(${PK}) AND attribute_not_exists(mailedAt) AND ` +
          "(attribute_not_exists(mailClaimedAt) OR mailClaimedAt < :stale)",
        ExpressionAttributeValues: { ":at": at, ":stale": staleBefore },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markMailed(record: UploadRecord, at: string, refusal?: MailProblem): Promise<void> {
    await this.update(record, {
      UpdateExpression: refusal
        ? "SET mailedAt = :at, mailError = :error, mailErrorCode = :code"
        : "SET mailedAt = :at REMOVE mailError, mailErrorCode",
      ExpressionAttributeValues: { ":at": at, ...(refusal ? problemValues(refusal) : {}) },
    });
  }

  async releaseMail(record: UploadRecord, problem?: MailProblem): Promise<void> {
    await this.update(record, {
      UpdateExpression: problem
        ? "SET mailError = :error, mailErrorCode = :code REMOVE mailClaimedAt"
        : "REMOVE mailClaimedAt",
      ...(problem ? { ExpressionAttributeValues: problemValues(problem) } : {}),
    });
  }

  async recordMailFeedback(
    upload: Pick<UploadRecord, "department" | "year" | "order">,
    problem: MailProblem,
    at: string,
  ): Promise<boolean> {
    try {
      await this.update(upload, {
        UpdateExpression: "SET mailError = :error, mailErrorCode = :code, mailFeedbackAt = :at",
        // Only on an upload that exists: a tag names it, and tags come back from the mail service.
        ConditionExpression: `attribute_exists(${PK})`,
        ExpressionAttributeValues: { ":at": at, ...problemValues(problem) },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async update(
    record: Pick<UploadRecord, "department" | "year" | "order">,
    expression: Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName" | "Key">,
  ): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({ TableName: this.table.name, Key: keyOf(record), ...expression }),
    );
  }
}

const problemValues = (problem: MailProblem) => ({
  ":error": problem.detail.slice(0, MAX_REFUSAL_CHARS),
  ":code": problem.code,
});

function toUpload(item: Item): UploadRecord {
  const { findingCount: _count, ...record } = withoutKey(item);
  return record as unknown as UploadRecord;
}
