import { Chart } from "../chart";
import type { DepartmentDoc, FormatDoc } from "../feed";
import { headlineFields } from "../format";
import { formatNumber, useWords } from "../i18n";

/**
 * One department across years: each headline number as a series. Where the format changes between two
 * years, the series goes on only if the number's cells mean the same in both formats (the format
 * documents' correspondence); otherwise the line is broken there and the table says so.
 */
export function DepartmentView(props: { department: DepartmentDoc; formats: Map<string, FormatDoc> }) {
  const { t, pick, lang } = useWords();
  const years = [...props.department.years].sort((a, b) => a.year - b.year);
  const newest = props.formats.get(years.at(-1)?.format ?? "");
  if (!newest) return <p>{t("noData")}</p>;
  const fields = headlineFields(newest);
  const comparable = (field: string, from: string, to: string) => {
    if (from === to) return true;
    const a = props.formats.get(from);
    const b = props.formats.get(to);
    const link = b?.correspondence.find((candidate) => candidate.format === from);
    return Boolean(
      a && b && link && (b.headline[field]?.cells ?? []).every((key) => link.same.includes(key)),
    );
  };
  // A series per field; a break (two series) where a change of format makes it incomparable.
  const series = fields.flatMap(([field, headline]) => {
    const parts: { name: string; values: (number | null)[] }[] = [];
    let current: (number | null)[] = [];
    years.forEach((year, i) => {
      if (i > 0 && !comparable(field, years[i - 1]!.format, year.format)) {
        parts.push({ name: pick(headline.label), values: current });
        current = years.map(() => null);
      }
      if (current.length === 0) current = years.map(() => null);
      current[i] = (year.headline as Record<string, number>)[field] ?? null;
    });
    parts.push({ name: pick(headline.label), values: current });
    return parts.map((part, n) =>
      n === 0 ? part : { ...part, name: `${part.name} (${t("notComparable")})` },
    );
  });
  return (
    <article aria-labelledby="department-title">
      <h2 id="department-title">
        {props.department.department.name} · {t("acrossYears")}
      </h2>
      <Chart
        title={t("acrossYears")}
        kind="line"
        categories={years.map((year) => `${year.year}（${year.format}）`)}
        series={series}
        show={(value) => formatNumber(value, lang)}
      />
      <ul>
        {years.map((year) => (
          <li key={year.year}>
            <a href={`#/report/${year.year}/${encodeURIComponent(props.department.department.id)}`}>
              {year.year}
            </a>
          </li>
        ))}
      </ul>
    </article>
  );
}
