export {
  type AppliedReport,
  type DepartmentHistory,
  type FeedIndexState,
  nextDepartmentHistory,
  nextFeedIndex,
  nextYearListShard,
  nextYearSums,
  type ReplacedVersion,
  replacedInYearSums,
  type VersionedState,
  withSchemaRevision,
  YEAR_SHARDS,
  type YearListShard,
  type YearSums,
  yearShard,
} from "./aggregates";
export { type CellCode, cellKey, formatCells, type ReportCell, reportCells } from "./cells";
export {
  type DepartmentYears,
  departmentDocument,
  departmentYear,
  type FeedIndex,
  indexDocument,
  type ReportDocumentInput,
  type ReportSource,
  removeDepartmentYear,
  removeYearReport,
  reportDocument,
  upsertDepartmentYear,
  upsertIndexYear,
  upsertYearReport,
  type YearReports,
  yearDocument,
  yearEntry,
} from "./documents";
export { headline } from "./headline";
export { feedPaths } from "./paths";
export { CACHE_CONTROL, FEED_CONTENT_TYPE, type SerializedDocument, serializeDocument } from "./serialize";
export { applyReport, emptyTotals, summaryDocument, type YearTotals } from "./totals";
