import { useMemo, useState } from "preact/hooks";
import { Chart } from "../chart";
import type { FormatDoc, SummaryDoc, YearDoc, YearEntry } from "../feed";
import { cellValue, headlineFields, outcomeGroups, type Tables, tableOf } from "../format";
import { compareNames, formatNumber, formatShare, useWords } from "../i18n";

/** A year: how many reported, how requests ended and appeals ended (charts with their tables), every report. */
export function Overview(props: {
  year: number;
  doc: YearDoc;
  entries: YearEntry[];
  summary: SummaryDoc;
  format: FormatDoc;
  csv: string | undefined;
}) {
  const { t, pick, lang } = useWords();
  const { summary, format } = props;
  const tables = summary.tables as Tables;
  const { total, heading, groups } = outcomeGroups(format);
  const whole = total ? (cellValue(tables, `applications.${total.row}.${total.column}`) ?? 0) : 0;
  const outcomeValues = groups.map((group) =>
    group.rows.reduce(
      (sum, row) => sum + (cellValue(tables, `applications.${row}.${total!.column}`) ?? 0),
      0,
    ),
  );
  const appeals = tableOf(format, "appeals");
  const appealTotal = appeals?.sums.find((sum) => sum.along === "row")?.at;
  const outcomeColumns = appeals?.columns.filter((column) => column.code !== appealTotal) ?? [];
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">
        {props.year} {t("overview")}
      </h2>
      <dl class="headline">
        <div>
          <dt>{t("reported")}</dt>
          <dd data-testid="reported">{formatNumber(props.doc.counts.reported, lang)}</dd>
        </div>
        <div>
          <dt>{t("withWarnings")}</dt>
          <dd>{formatNumber(props.doc.counts.withWarnings, lang)}</dd>
        </div>
        {headlineFields(format).map(([field, headline]) => (
          <div key={field}>
            <dt>{pick(headline.label)}</dt>
            <dd data-testid={`headline-${field}`}>
              {formatNumber(
                headline.cells.reduce((sum, key) => sum + (cellValue(tables, key) ?? 0), 0),
                lang,
              )}
            </dd>
          </div>
        ))}
      </dl>
      <div class="charts">
        <Chart
          title={
            heading
              ? lang === "zh"
                ? `${pick(heading)}（${t("shareOfTotal")}）`
                : `${pick(heading)} (${t("shareOfTotal")})`
              : t("outcomes")
          }
          kind="pie"
          categories={groups.map((group) => pick(group.label))}
          series={[
            { name: t("share"), values: outcomeValues.map((value) => (whole ? value / whole : null)) },
          ]}
          show={(value) => formatShare(value, lang)}
        />
        {appeals && (
          <Chart
            title={pick(appeals.title)}
            kind="bar"
            stacked
            categories={appeals.rows.map((row) => pick(row.label))}
            series={outcomeColumns.map((column) => ({
              name: pick(column.label),
              values: appeals.rows.map((row) => cellValue(tables, `appeals.${row.code}.${column.code}`) ?? 0),
            }))}
          />
        )}
      </div>
      <YearTable year={props.year} entries={props.entries} format={format} csv={props.csv} />
    </section>
  );
}

type SortKey = "department" | "format" | "warnings" | string;

/** Every report of the year: search, sort, filter by format and warnings, select to compare, CSV. */
function YearTable(props: {
  year: number;
  entries: YearEntry[];
  format: FormatDoc;
  csv: string | undefined;
}) {
  const { t, pick, lang } = useWords();
  const [query, setQuery] = useState("");
  const [formatFilter, setFormatFilter] = useState("");
  const [warnings, setWarnings] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: "department",
    descending: false,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const formats = [...new Set(props.entries.map((entry) => entry.format))].sort();
  const fields = headlineFields(props.format);
  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const shown = props.entries.filter(
      (entry) =>
        (!needle ||
          entry.department.name.toLowerCase().includes(needle) ||
          entry.department.id.toLowerCase().includes(needle)) &&
        (!formatFilter || entry.format === formatFilter) &&
        (!warnings || (warnings === "with") === (entry.warnings ?? 0) > 0),
    );
    const value = (entry: YearEntry): string | number =>
      sort.key === "department"
        ? entry.department.name
        : sort.key === "format"
          ? entry.format
          : sort.key === "warnings"
            ? (entry.warnings ?? 0)
            : ((entry.headline as Record<string, number>)[sort.key] ?? 0);
    return shown.sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = typeof x === "number" ? x - (y as number) : compareNames(String(x), String(y));
      return sort.descending ? -order : order;
    });
  }, [props.entries, query, formatFilter, warnings, sort]);
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? "descending" : "ascending") : "none"}>
      <button
        type="button"
        class="sort"
        onClick={() =>
          setSort({ key, descending: sort.key === key ? !sort.descending : key !== "department" })
        }
      >
        {label}
      </button>
    </th>
  );
  return (
    <section aria-labelledby="table-title">
      <h2 id="table-title">{t("departments")}</h2>
      <div class="controls">
        <label>
          {t("search")}
          <input type="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
        </label>
        <label>
          {t("format")}
          <select value={formatFilter} onChange={(event) => setFormatFilter(event.currentTarget.value)}>
            <option value="">{t("allFormats")}</option>
            {formats.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("warnings")}
          <select value={warnings} onChange={(event) => setWarnings(event.currentTarget.value)}>
            <option value="">{t("anyWarnings")}</option>
            <option value="with">{t("onlyWarnings")}</option>
            <option value="without">{t("noWarnings")}</option>
          </select>
        </label>
        {props.csv && (
          <a class="button" href={`/${props.csv}`} download={`${props.year}.csv`}>
            {t("downloadCsv")}
          </a>
        )}
        <a
          class={`button${selected.length < 2 ? " disabled" : ""}`}
          href={
            selected.length >= 2
              ? `#/compare/${props.year}/${selected.map(encodeURIComponent).join(",")}`
              : undefined
          }
          aria-disabled={selected.length < 2}
        >
          {t("compare")} ({selected.length})
        </a>
      </div>
      <p role="status">
        {t("shown")} {rows.length} / {props.entries.length}
      </p>
      <div class="scroll">
        <table class="reports">
          <thead>
            <tr>
              <th scope="col">{t("select")}</th>
              {header("department", t("department"))}
              {header("format", t("format"))}
              {header("warnings", t("warnings"))}
              {fields.map(([field, headline]) => header(field, pick(headline.label)))}
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <tr key={entry.department.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t("select")} ${entry.department.name}`}
                    checked={selected.includes(entry.department.id)}
                    onChange={(event) =>
                      setSelected(
                        event.currentTarget.checked
                          ? [...selected, entry.department.id]
                          : selected.filter((id) => id !== entry.department.id),
                      )
                    }
                  />
                </td>
                <th scope="row">
                  <a href={`#/report/${props.year}/${encodeURIComponent(entry.department.id)}`}>
                    {entry.department.name}
                  </a>{" "}
                  <a class="small" href={`#/department/${encodeURIComponent(entry.department.id)}`}>
                    {t("acrossYears")}
                  </a>
                </th>
                <td>{entry.format}</td>
                <td class="number">{formatNumber(entry.warnings ?? 0, lang)}</td>
                {fields.map(([field]) => (
                  <td key={field} class="number">
                    {formatNumber((entry.headline as Record<string, number>)[field], lang)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
