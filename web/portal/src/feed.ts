import type {
  DepartmentDoc,
  DepartmentsDoc,
  FormatDoc,
  IndexDoc,
  ReportDoc,
  SummaryDoc,
  YearDoc,
  YearEntry,
  YearPageDoc,
} from "../../../schemas/feed";

/**
 * The portal reads the feed and nothing else, at the root it is served from (CloudFront's, or the local
 * stack's): every path it fetches is one a document gave it, but for `v1/index.json`.
 */

export type {
  DepartmentDoc,
  DepartmentsDoc,
  FormatDoc,
  IndexDoc,
  ReportDoc,
  SummaryDoc,
  YearDoc,
  YearEntry,
} from "../../../schemas/feed";

const cache = new Map<string, Promise<unknown>>();

/** A feed document by its path from the root (kept for the page's life: the feed changes by the minute). */
export function fetchDocument<T>(path: string): Promise<T> {
  let found = cache.get(path);
  if (!found) {
    found = fetch(`/${path}`).then((response) => {
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return response.json();
    });
    found.catch(() => cache.delete(path));
    cache.set(path, found);
  }
  return found as Promise<T>;
}

export const loadIndex = () => fetchDocument<IndexDoc>("v1/index.json");

/** The format document of a format id, found through the index. */
export async function loadFormat(id: string): Promise<FormatDoc> {
  const index = await loadIndex();
  const entry = index.formats?.find((format) => format.id === id);
  return fetchDocument<FormatDoc>(entry?.path ?? `v1/formats/${id}.json`);
}

/** A year's every report entry: inline, or gathered down the tree of its pages (a level at a time). */
export async function loadYear(path: string): Promise<{ doc: YearDoc; entries: YearEntry[] }> {
  const doc = await fetchDocument<YearDoc>(path);
  return { doc, entries: doc.reports ?? (await pageEntries(doc.pages ?? [])) };
}

async function pageEntries(refs: readonly { path: string }[]): Promise<YearEntry[]> {
  const pages = await Promise.all(refs.map((ref) => fetchDocument<YearPageDoc>(ref.path)));
  const below = await Promise.all(pages.map((page) => page.reports ?? pageEntries(page.pages ?? [])));
  return below.flat();
}

export const loadSummary = (path: string) => fetchDocument<SummaryDoc>(path);
export const loadReport = (path: string) => fetchDocument<ReportDoc>(path);
export const loadDepartment = (id: string) =>
  fetchDocument<DepartmentDoc>(`v1/departments/${encodeURIComponent(id)}.json`);
export const loadDepartments = async () => {
  const index = await loadIndex();
  return fetchDocument<DepartmentsDoc>(index.departments ?? "v1/departments.json");
};
