import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  type FormatDoc,
  type IndexDoc,
  loadDepartment,
  loadFormat,
  loadIndex,
  loadReport,
  loadSummary,
  loadYear,
} from "../feed";
import { type Lang, LangContext, useWords } from "../i18n";
import { CompareView } from "./compare";
import { DepartmentView } from "./department";
import { Overview } from "./overview";
import { ReportView } from "./report";

/** Where the page is: `#/year/2024`, `#/report/2024/{id}`, `#/department/{id}`, `#/compare/2024/{a},{b}`. */
type Route =
  | { view: "year"; year: number | null }
  | { view: "report"; year: number; department: string }
  | { view: "department"; department: string }
  | { view: "compare"; year: number; departments: string[] };

function routeOf(hash: string): Route {
  const [view, a, b] = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (view === "report" && a && b) return { view, year: Number(a), department: b };
  if (view === "department" && a) return { view, department: a };
  if (view === "compare" && a && b) return { view, year: Number(a), departments: b.split(",") };
  return { view: "year", year: view === "year" && a ? Number(a) : null };
}

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem("lang") === "en" ? "en" : "zh"));
  const [route, setRoute] = useState(() => routeOf(location.hash));
  const [index, setIndex] = useState<IndexDoc | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const changed = () => setRoute(routeOf(location.hash));
    window.addEventListener("hashchange", changed);
    loadIndex().then(setIndex, (e: Error) => setError(e.message));
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    localStorage.setItem("lang", lang);
  }, [lang]);
  return (
    <LangContext.Provider value={lang}>
      <Shell lang={lang} onLang={() => setLang(lang === "zh" ? "en" : "zh")} index={index}>
        {error ? <Failed message={error} /> : index ? <Page route={route} index={index} /> : <Loading />}
      </Shell>
    </LangContext.Provider>
  );
}

function Shell(props: {
  lang: Lang;
  onLang: () => void;
  index: IndexDoc | null;
  children: ComponentChildren;
}) {
  const { t } = useWords();
  return (
    <>
      <header>
        <h1>
          <a href="#/">{t("title")}</a>
        </h1>
        <nav aria-label={t("year")}>
          <ul>
            {props.index?.years.map((year) => (
              <li key={year.year}>
                <a href={`#/year/${year.year}`}>{year.year}</a>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          onClick={props.onLang}
          lang={props.lang === "zh" ? "en" : "zh"}
          aria-label={t("switchLanguageName")}
        >
          {t("switchLanguage")}
        </button>
      </header>
      <main>{props.children}</main>
    </>
  );
}

const Loading = () => <p role="status">{useWords().t("loading")}</p>;
const Failed = (props: { message: string }) => (
  <p role="alert">
    {useWords().t("failed")}: {props.message}
  </p>
);

/** Loads what a route shows, then renders it (each view is a function of the documents it is handed). */
function useLoaded<T>(load: () => Promise<T>, key: string): { value: T | null; error: string | null } {
  const [state, setState] = useState<{ key: string; value: T | null; error: string | null }>({
    key: "",
    value: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ key, value, error: null }),
      (error: Error) => live && setState({ key, value: null, error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state.key === key ? state : { value: null, error: null };
}

function Page(props: { route: Route; index: IndexDoc }) {
  const { route, index } = props;
  const { t } = useWords();
  const loaded = useLoaded(() => loadRoute(route, index), JSON.stringify(route));
  if (loaded.error) return <Failed message={loaded.error} />;
  if (!loaded.value) return <Loading />;
  const value = loaded.value;
  switch (value.view) {
    case "empty":
      return <p>{t("noData")}</p>;
    case "year":
      return <Overview {...value.props} />;
    case "report":
      return (
        <>
          <a href={`#/year/${value.props.report.year}`}>{t("back")}</a>
          <ReportView {...value.props} />
        </>
      );
    case "department":
      return <DepartmentView {...value.props} />;
    case "compare":
      return <CompareView {...value.props} />;
  }
}

async function loadRoute(route: Route, index: IndexDoc) {
  if (route.view === "year") {
    const line = index.years.find((year) => year.year === route.year) ?? index.years[0];
    if (!line) return { view: "empty" as const };
    // The format is fetched as soon as the summary names it, beside the year's pages.
    const [{ doc, entries }, [summary, format]] = await Promise.all([
      loadYear(line.paths.year),
      loadSummary(line.paths.summary).then((summary) => Promise.all([summary, loadFormat(summary.format)])),
    ]);
    return {
      view: "year" as const,
      props: { year: line.year, doc, entries, summary, format, csv: line.paths.csv },
    };
  }
  if (route.view === "report") {
    const report = await loadReport(`v1/reports/${route.year}/${encodeURIComponent(route.department)}.json`);
    return { view: "report" as const, props: { report, format: await loadFormat(report.format) } };
  }
  if (route.view === "department") {
    const department = await loadDepartment(route.department);
    const ids = [...new Set(department.years.map((year) => year.format))];
    const formats = new Map<string, FormatDoc>();
    for (const format of await Promise.all(ids.map(loadFormat))) formats.set(format.id, format);
    return { view: "department" as const, props: { department, formats } };
  }
  const reports = await Promise.all(
    route.departments.map((id) => loadReport(`v1/reports/${route.year}/${encodeURIComponent(id)}.json`)),
  );
  return {
    view: "compare" as const,
    props: { year: route.year, reports, format: await loadFormat(reports[0]!.format) },
  };
}
