import { Chart } from "../chart";
import type { FormatDoc, ReportDoc } from "../feed";
import { cellValue, headlineFields, type Tables } from "../format";
import { formatNumber, useWords } from "../i18n";

/** Two or more departments' reports of a year side by side: every row of tables 三 and 四, and a chart. */
export function CompareView(props: { year: number; reports: ReportDoc[]; format: FormatDoc }) {
  const { t, pick, lang } = useWords();
  const { reports, format } = props;
  const fields = headlineFields(format);
  const rows = format.tables
    .filter((table) => table.code !== "proactive")
    .flatMap((table) =>
      table.rows.map((row) => {
        const column = table.sums.find((sum) => sum.along === "row")?.at ?? row.columns.at(-1)!;
        return {
          key: `${table.code}.${row.code}.${column}`,
          label: `${pick(row.label)} · ${pick(table.columns.find((c) => c.code === column)!.label)}`,
        };
      }),
    );
  return (
    <article aria-labelledby="compare-title">
      <h2 id="compare-title">
        {props.year} {t("compareTitle")}
      </h2>
      <Chart
        title={t("compareTitle")}
        kind="bar"
        categories={fields.map(([, headline]) => pick(headline.label))}
        series={reports.map((report) => ({
          name: report.department.name,
          values: fields.map(([, headline]) =>
            headline.cells.reduce((sum, key) => sum + (cellValue(report.tables as Tables, key) ?? 0), 0),
          ),
        }))}
      />
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <td />
              {reports.map((report) => (
                <th scope="col" key={report.department.id}>
                  {report.department.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {reports.map((report) => (
                  <td class="number" key={report.department.id}>
                    {formatNumber(cellValue(report.tables as Tables, row.key), lang)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
