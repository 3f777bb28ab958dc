export {
  type DepartmentHistory,
  type FeedIndexState,
  type HistoryChange,
  nextDepartmentHistory,
  nextFeedIndex,
  type VersionedState,
  withSchemaRevision,
  type YearLine,
} from "./aggregates";
export { departmentsDocument, type RegisteredDepartment, schemaIndexDocument } from "./catalogue-documents";
export { type CellCode, cellKey, cellValue, formatCells } from "./cells";
export {
  type DepartmentYears,
  departmentDocument,
  departmentYear,
  type FeedIndex,
  indexDocument,
  type ReportDocumentInput,
  type ReportSource,
  removeDepartmentYear,
  reportDocument,
  upsertDepartmentYear,
  upsertIndexYear,
  yearEntry,
} from "./documents";
export { formatDocument } from "./format-document";
export { headline } from "./headline";
export {
  byKey,
  changedEntries,
  countedEntries,
  type DirectoryPage,
  type EntryChange,
  emptyDirectory,
  entriesInOrder,
  firstPage,
  inPage,
  LISTING_PAGE_CAPACITY,
  type ListingDirectory,
  type ListingPage,
  MAX_LISTING_PAGES,
  MAX_PAGE_ENTRIES,
  mustSplit,
  routePage,
  splitPage,
  withListingYear,
  withPageCount,
  withPageRendered,
  withSplitPage,
} from "./listing";
export {
  type ListingView,
  listingView,
  type MemberListed,
  type Membership,
  type MemberYear,
  memberCount,
  membershipChange,
  memberYearChange,
  type RegionDocumentInput,
  type RegionRef,
  regionDocument,
  regionPageDocument,
  regionPageEntries,
  type YearListed,
  yearDocument,
  yearListingChange,
  yearPageDocument,
  yearPageEntries,
} from "./listing-documents";
export { feedPaths } from "./paths";
export {
  cellChanges,
  MAX_REVISIONS_CHARS,
  type RevisionsState,
  type StoredRevision,
  shownRevisions,
  withRevision,
} from "./revisions";
export {
  CACHE_CONTROL,
  FEED_CONTENT_TYPE,
  type SerializedDocument,
  serializeDocument,
  serializeText,
} from "./serialize";
export {
  applyToShard,
  type CountedNumbers,
  departmentShard,
  MAX_SHARD_TOKENS,
  type ScopeSums,
  type ShardChange,
  SUM_SHARDS,
  type SumsScope,
  type SumsShard,
  scopeName,
  scopeOfName,
  sumShards,
  sumsScope,
} from "./sums";
export {
  addTotals,
  applyReport,
  emptyTotals,
  type PackedTotals,
  packTotals,
  summaryDocument,
  unpackTotals,
  type YearTotals,
} from "./totals";
export { CSV_BOM, CSV_CONTENT_TYPE, csvHeader, csvRow, listedCells } from "./year-csv";
