import { describeDiagnosis } from "../../../../functions/core/present/diagnosis";
import type { Diagnosis } from "../../../../schemas/diagnosis";
import type { Finding } from "../../../../schemas/finding";
import type { FormatSpec } from "../../../../schemas/formats";
import type { ReportTables } from "../../../../schemas/report";
import { DICTIONARY, type Lang } from "../i18n";
import { type FormCell, type FormTable, type NumberedLine, present } from "../present";

/**
 * A validation as the clerk reads it, the same for the browser's check and the server's verdict: the
 * diagnosis first, then the findings one line per cell — errors, then warnings, apart — and (for the
 * browser's check, which has the numbers) the three tables laid out as the national form, every cell a
 * finding names marked with its severity in words and the line's number, the lines right under the row.
 */

interface ReportViewProps {
  lang: Lang;
  /** Tells the finding ids of the browser's check and of the server's verdict apart. */
  scope: "check" | "server";
  findings: readonly Finding[];
  diagnosis: Diagnosis | null;
  format: FormatSpec | null;
  tables: ReportTables | null;
}

export function ReportView({ lang, scope, findings, diagnosis, format, tables }: ReportViewProps) {
  const text = DICTIONARY[lang];
  const shown = present(findings, { format, tables, diagnosis });
  const diagnosed = format ? describeDiagnosis(diagnosis, format, lang) : null;
  const id = (n: number) => `${scope}-finding-${n}`;
  return (
    <div class="report">
      {diagnosed && (
        <section class="diagnosis" aria-labelledby={`${scope}-diagnosis`}>
          <h4 id={`${scope}-diagnosis`}>{text.diagnosis}</h4>
          <p>{diagnosed.lead}</p>
          {diagnosed.cells.length > 0 && (
            <ul>
              {diagnosed.cells.map((cell) => (
                <li key={cell}>{cell}</li>
              ))}
            </ul>
          )}
          {diagnosed.alternatives.length > 0 && (
            <ul class="alternatives">
              {diagnosed.alternatives.map((alternative) => (
                <li key={alternative}>{alternative}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      <FindingList lang={lang} scope={scope} kind="errors" lines={shown.errors} id={id} />
      <FindingList lang={lang} scope={scope} kind="warnings" lines={shown.warnings} id={id} />
      {shown.tables.map((table) => (
        <FormTableView key={table.code} lang={lang} table={table} id={id} />
      ))}
    </div>
  );
}

function FindingList(props: {
  lang: Lang;
  scope: string;
  kind: "errors" | "warnings";
  lines: NumberedLine[];
  id: (n: number) => string;
}) {
  const { lang, scope, kind, lines, id } = props;
  if (lines.length === 0) return null;
  const text = DICTIONARY[lang];
  const heading = `${scope}-${kind}`;
  return (
    <section class={`findings ${kind}`} aria-labelledby={heading}>
      <h4 id={heading}>{kind === "errors" ? text.errors(lines.length) : text.warnings(lines.length)}</h4>
      <ol>
        {lines.map((line) => (
          <li key={line.n} id={id(line.n)} class={line.severity}>
            <LineText lang={lang} line={line} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function LineText({ lang, line }: { lang: Lang; line: NumberedLine }) {
  const text = DICTIONARY[lang];
  const place = line.place[lang] || (line.table ? text.wholeTable : text.wholeFile);
  return (
    <>
      <span class="n">{line.n}</span> <Severity lang={lang} severity={line.severity} />{" "}
      <span class="place">{place}</span> <span class="message">{line.message[lang]}</span>
    </>
  );
}

function Severity({ lang, severity }: { lang: Lang; severity: "error" | "warning" }) {
  const text = DICTIONARY[lang];
  return (
    <span class={`severity ${severity}`}>
      <span aria-hidden="true">{severity === "error" ? "✖" : "⚠"}</span> {text[severity]}
    </span>
  );
}

function FormTableView({ lang, table, id }: { lang: Lang; table: FormTable; id: (n: number) => string }) {
  const text = DICTIONARY[lang];
  const title = table.title[lang];
  const header = table.rows.filter((row) => row.header);
  const body = table.rows.filter((row) => !row.header);
  return (
    <section class="form" aria-label={title}>
      {/* A wide table scrolls inside its own region, which the keyboard can reach and scroll. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard */}
      <section class="scroll" aria-label={text.tableRegion(title)} tabIndex={0}>
        <table>
          <caption>{title}</caption>
          <thead>
            {header.map((row, r) => (
              <tr key={`h${r}`}>
                {row.cells.map((cell, c) => (
                  <th key={c} scope="col" rowSpan={cell.rowSpan} colSpan={cell.colSpan}>
                    {cell.text[lang]}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {body.flatMap((row, r) => [
              <tr key={`r${r}`}>
                {row.cells.map((cell, c) => (
                  <Cell key={c} lang={lang} cell={cell} id={id} />
                ))}
              </tr>,
              ...(row.lines.length > 0
                ? [
                    <tr key={`n${r}`} class="notes">
                      <td colSpan={table.width}>
                        <ul>
                          {row.lines.map((line) => (
                            <li key={line.n} class={line.severity}>
                              <LineText lang={lang} line={line} />
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>,
                  ]
                : []),
            ])}
          </tbody>
        </table>
      </section>
    </section>
  );
}

function Cell({ lang, cell, id }: { lang: Lang; cell: FormCell; id: (n: number) => string }) {
  const text = DICTIONARY[lang];
  if (cell.kind === "heading") {
    // A blank of the form (a row with fewer columns than its block) is no heading.
    if (!cell.text[lang]) return <td rowSpan={cell.rowSpan} colSpan={cell.colSpan} />;
    return (
      <th scope="row" rowSpan={cell.rowSpan} colSpan={cell.colSpan}>
        {cell.text[lang]}
      </th>
    );
  }
  const lines = cell.lines ?? [];
  const worst = lines.some((line) => line.severity === "error")
    ? "error"
    : lines.length > 0
      ? "warning"
      : cell.repair
        ? "error"
        : null;
  if (!worst) {
    return (
      <td rowSpan={cell.rowSpan} colSpan={cell.colSpan} class="value">
        {cell.text[lang]}
      </td>
    );
  }
  const repair = cell.repair
    ? cell.repair.value === null
      ? text.repairSome
      : text.repairTo(cell.repair.value)
    : null;
  return (
    <td
      rowSpan={cell.rowSpan}
      colSpan={cell.colSpan}
      class={`value marked ${worst}`}
      aria-describedby={lines.map((line) => id(line.n)).join(" ") || undefined}
    >
      <span class="sr-only">{cell.name ? text.cellNamed(cell.name[lang]) : ""}</span>
      <span class="number">{cell.text[lang] || "0"}</span>
      <span class="tag">
        <Severity lang={lang} severity={worst} />
        {lines.map((line) => (
          <a key={line.n} class="ref" href={`#${id(line.n)}`}>
            {line.n}
          </a>
        ))}
      </span>
      {repair && <span class="repair">→ {repair}</span>}
    </td>
  );
}
