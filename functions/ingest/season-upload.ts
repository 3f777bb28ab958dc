import { lineCounts } from "../core/present/finding-lines";
import { ROOT_PLACE } from "../core/season/places";
import { emptySeasonRecord, type SeasonRecord, withLatestUpload } from "../core/season/record";
import { aggregate, type Department, type IngestPorts, type UploadRecord, type Versioned } from "./ports";
import { update } from "./state-writes";

/**
 * Records an upload's outcome as the department's latest for its year (unless a later upload is
 * recorded already): what the season's roster shows and what a reminder says is missing.
 */
export async function recordSeasonUpload(
  ports: IngestPorts,
  department: Department,
  record: UploadRecord,
  /** The season record as last seen (publishing returns it): written from without a read first. */
  known?: Versioned<SeasonRecord>,
): Promise<void> {
  const upload = {
    order: record.order,
    uploadedAt: record.uploadedAt,
    status: record.status,
    // Counted as every other place counts them: the lines the clerk is shown.
    errors: lineCounts(record.findings).errors,
    key: record.key,
  };
  await update(
    ports,
    aggregate.season(department.id, record.year),
    (state) =>
      withLatestUpload(
        state ?? emptySeasonRecord(department.id, record.year, department.place ?? ROOT_PLACE),
        upload,
      ),
    known,
  );
}
