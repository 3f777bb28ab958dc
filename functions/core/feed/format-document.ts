import type { FormatDoc } from "../../../schemas/feed-catalogue";
import { FEED_VERSION, HEADLINE_FIELDS, type HeadlineField } from "../../../schemas/feed-constants";
import {
  type Bilingual,
  cellKey,
  type FormatSpec,
  rowColumns,
  type Succession,
  TABLE_CODES,
  type TableSpec,
  tablesOf,
  type ValueKind,
} from "../../../schemas/formats";

/**
 * `v1/formats/{format}.json`: a format description rendered for a reader — every table, row and column
 * in order with its label as the national form prints it and in English, the rows' headings, units, the
 * sum rules and which cells mean the same in the formats before and after it. Pure data of the
 * description: a format added to `schemas/formats/` gets its document with no code change.
 */
export function formatDocument(format: FormatSpec, formats: readonly FormatSpec[]): FormatDoc {
  return {
    schemaVersion: FEED_VERSION,
    id: format.id,
    name: { ...format.name },
    source: format.source,
    years: { from: format.years.from, to: format.years.to ?? null },
    tables: tablesOf(format).map(tableDocument),
    headline: Object.fromEntries(
      (Object.keys(format.headline) as HeadlineField[]).map((field) => [
        field,
        {
          label: { zh: HEADLINE_FIELDS[field].zh, en: HEADLINE_FIELDS[field].en },
          cells: format.headline[field].cells.map(cellKey),
        },
      ]),
    ),
    correspondence: correspondences(format, formats),
  };
}

const UNITS: Record<ValueKind, Bilingual | null> = {
  count: null,
  signed_count: null,
  amount: { zh: "万元", en: "10,000 yuan" },
};

function tableDocument(table: TableSpec): FormatDoc["tables"][number] {
  const headingEn = new Map((table.headings ?? []).map((heading) => [heading.label, heading.en]));
  const allColumns = table.columns.map((column) => column.code);
  return {
    code: table.code,
    section: table.section,
    title: { ...table.title },
    columns: table.columns.map((column) => ({
      code: column.code,
      label: { zh: column.label, en: column.en },
      kind: column.kind,
      unit: UNITS[column.kind],
    })),
    rows: table.rows.map((row) => ({
      code: row.code,
      label: { zh: row.label, en: row.en },
      parents: (row.parents ?? []).map((parent) => ({ zh: parent, en: headingEn.get(parent) ?? parent })),
      columns: [...rowColumns(table, row.code)],
    })),
    columnGroups: (table.columnGroups ?? []).map((group) => ({
      label: { zh: group.label, en: group.en },
      columns: [...group.columns],
    })),
    rowGroups: (table.rowGroups ?? []).map((group) => ({
      label: { zh: group.label, en: group.en },
      rows: [...group.rows],
    })),
    blocks:
      table.layout.kind === "row_blocks"
        ? table.layout.blocks.map((block) => ({
            heading: { zh: block.heading, en: block.headingEn ?? block.heading },
            columns: [...block.columns],
            rows: [...block.rows],
          }))
        : null,
    sums: table.relations.map((relation) => {
      const terms = [...relation.left, ...relation.right];
      const lines =
        relation.along === "row"
          ? table.rows
              .filter((row) => terms.every((term) => rowColumns(table, row.code).includes(term)))
              .map((row) => row.code)
          : allColumns.filter((column) => terms.every((term) => rowColumns(table, term).includes(column)));
      return {
        rule: relation.rule,
        along: relation.along,
        left: [...relation.left],
        relation: relation.relation,
        right: [...relation.right],
        at: relation.at,
        lines,
        description: relation.rightName ? { ...relation.rightName } : null,
      };
    }),
  };
}

/** The format's correspondences: with the format it succeeds, and with the one that succeeds it. */
function correspondences(format: FormatSpec, formats: readonly FormatSpec[]): FormatDoc["correspondence"] {
  const found: FormatDoc["correspondence"] = [];
  const earlier = format.succeeds && formats.find((candidate) => candidate.id === format.succeeds?.format);
  if (format.succeeds && earlier) {
    const { same, combined, comparable, notComparable } = pairs(format, earlier, format.succeeds);
    found.push({ format: earlier.id, relation: "succeeds", comparable, notComparable, same, combined });
  }
  for (const later of formats) {
    if (later.succeeds?.format !== format.id) continue;
    const { same, combined, comparable, notComparable } = pairs(later, format, later.succeeds);
    const flipped = combined.map(({ here, there }) => ({ here: there, there: here }));
    found.push({
      format: later.id,
      relation: "precedes",
      comparable,
      notComparable,
      same,
      combined: flipped,
    });
  }
  return found;
}

/**
 * The cells of `later` (here) and `earlier` (there) that mean the same: in a comparable table, each code
 * both have, and each split row's cells summed against the earlier row's.
 */
function pairs(later: FormatSpec, earlier: FormatSpec, succession: Succession) {
  const same: string[] = [];
  const combined: { here: string[]; there: string[] }[] = [];
  for (const code of succession.comparable) {
    const here = later.tables[code];
    const there = earlier.tables[code];
    const splits = (succession.splitRows ?? []).filter((split) => split.table === code);
    const splitLater = new Set(splits.flatMap((split) => split.later));
    for (const row of there.rows) {
      const split = splits.find((candidate) => candidate.earlier === row.code);
      for (const column of rowColumns(there, row.code)) {
        const key = cellKey({ table: code, row: row.code, column });
        if (split) {
          const rows = split.later.filter((later) => rowColumns(here, later).includes(column));
          combined.push({ here: rows.map((r) => cellKey({ table: code, row: r, column })), there: [key] });
        } else if (
          !splitLater.has(row.code) &&
          hasRow(here, row.code) &&
          rowColumns(here, row.code).includes(column)
        ) {
          same.push(key);
        }
      }
    }
  }
  return {
    same,
    combined,
    comparable: [...succession.comparable],
    notComparable: TABLE_CODES.filter((code) => !succession.comparable.includes(code)),
  };
}

function hasRow(table: TableSpec, code: string): boolean {
  return table.rows.some((row) => row.code === code);
}
