import type { FormatDoc, ReportDoc } from "../feed";
import { cellLabel, type Table, type Tables } from "../format";
import { formatNumber, useWords } from "../i18n";

/** One report laid out as the national form prints it, from its format document; its warnings and revisions. */
export function ReportView(props: { report: ReportDoc; format: FormatDoc }) {
  const { t, pick, lang } = useWords();
  const { report, format } = props;
  const tables = report.tables as Tables;
  return (
    <article aria-labelledby="report-title">
      <h2 id="report-title">
        {report.department.name} · {report.year}
      </h2>
      <p>
        {pick(format.name)} · {t("publishedAt")} {new Date(report.publishedAt).toLocaleString(lang)}
      </p>
      {format.tables.map((table) => (
        <FormTable key={table.code} table={table} values={tables[table.code] ?? {}} />
      ))}
      <section aria-labelledby="warnings-title">
        <h3 id="warnings-title">{t("warnings")}</h3>
        {report.warnings.length === 0 ? (
          <p>{t("noWarningsInReport")}</p>
        ) : (
          <ul class="warnings">
            {report.warnings.map((warning) => (
              <li key={`${warning.rule}-${warning.cell}`}>
                <strong>
                  {warning.table && warning.row && warning.column
                    ? cellLabel(format, `${warning.table}.${warning.row}.${warning.column}`, lang)
                    : warning.sheet}
                </strong>
                ：{pick(warning.message)}
                {warning.explanation && (
                  <p class="explanation">
                    {t("explanation")}：{warning.explanation.text}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="revisions-title">
        <h3 id="revisions-title">{t("revisions")}</h3>
        {report.revisions.length === 0 ? (
          <p>{t("noRevisions")}</p>
        ) : (
          <ul>
            {report.revisions.map((revision) => (
              <li key={revision.publishedAt}>
                {new Date(revision.publishedAt).toLocaleString(lang)} → {t("replacedAt")}{" "}
                {new Date(revision.replacedAt).toLocaleString(lang)}
                {revision.withdrawn ? ` (${t("withdrawn")}: ${revision.withdrawn.reason})` : ""}
                {revision.changes && (
                  <ul>
                    {revision.changes.map((change) => (
                      <li key={`${change.table}.${change.row}.${change.column}`}>
                        {cellLabel(format, `${change.table}.${change.row}.${change.column}`, lang)}：
                        {change.from} → {change.to}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

/** A table of the form: its blocks (section 二) or one header over every column, rows under their headings. */
function FormTable(props: { table: Table; values: Record<string, Record<string, number>> }) {
  const { pick, lang } = useWords();
  const { table, values } = props;
  const blocks = table.blocks ?? [
    { heading: null, columns: table.columns.map((c) => c.code), rows: table.rows.map((r) => r.code) },
  ];
  const columnLabel = (code: string) => {
    const column = table.columns.find((candidate) => candidate.code === code);
    return column ? pick(column.label) : code;
  };
  return (
    <section class="form-table">
      <h3>{pick(table.title)}</h3>
      {blocks.map((block, b) => (
        <div class="scroll" key={b}>
          <table>
            {block.heading && <caption>{pick(block.heading)}</caption>}
            <thead>
              {table.columnGroups.length > 0 && !table.blocks && (
                <tr>
                  <td />
                  {block.columns.map((code, i) => {
                    const group = table.columnGroups.find((candidate) => candidate.columns[0] === code);
                    const inGroup = table.columnGroups.some((candidate) => candidate.columns.includes(code));
                    if (group) {
                      return (
                        <th scope="colgroup" colSpan={group.columns.length} key={code}>
                          {pick(group.label)}
                        </th>
                      );
                    }
                    return inGroup ? null : <td key={`${code}-${i}`} />;
                  })}
                </tr>
              )}
              <tr>
                <td />
                {block.columns.map((code) => (
                  <th scope="col" key={code}>
                    {columnLabel(code)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((code, i) => {
                const row = table.rows.find((candidate) => candidate.code === code)!;
                const previous = table.rows.find((candidate) => candidate.code === block.rows[i - 1]);
                const headings = row.parents.filter(
                  (parent, level) => previous?.parents[level]?.zh !== parent.zh,
                );
                return [
                  ...headings.map((heading) => (
                    <tr key={`${code}-${heading.zh}`} class="heading">
                      <th
                        scope="rowgroup"
                        colSpan={block.columns.length + 1}
                        style={{ paddingLeft: `${row.parents.indexOf(heading)}em` }}
                      >
                        {pick(heading)}
                      </th>
                    </tr>
                  )),
                  <tr key={code}>
                    <th scope="row" style={{ paddingLeft: `${row.parents.length}em` }}>
                      {pick(row.label)}
                    </th>
                    {block.columns.map((column) => (
                      <td key={column} class="number" data-cell={`${table.code}.${code}.${column}`}>
                        {row.columns.includes(column) ? formatNumber(values[code]?.[column], lang) : ""}
                      </td>
                    ))}
                  </tr>,
                ];
              })}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
