/**
 * A small strict checker of a CSV against its CSVW metadata (W3C's "Metadata Vocabulary for Tabular
 * Data"), for the feed's CSVs: npm has no maintained CSVW validator (the CSVW packages there convert CSV
 * to RDF and check little). It reads what the metadata says and nothing else — the dialect (encoding,
 * line terminator, quoting, the header row), the columns in order (the header cell equals one of the
 * column's titles), each cell against its column's datatype (base, `format`, `minimum`) and `required`,
 * the primary key's uniqueness — and refuses metadata it does not understand rather than pass it.
 */

export interface CsvwProblem {
  /** 1 is the header line, 2 the first row. */
  line: number;
  column?: string;
  problem: string;
}

interface Column {
  name: string;
  titles: string | string[] | Record<string, string | string[]>;
  datatype?: string | { base?: string; format?: string; minimum?: number; maximum?: number };
  required?: boolean;
  null?: string;
}

interface Schema {
  "@context"?: unknown;
  columns: Column[];
  primaryKey?: string | string[];
}

interface Dialect {
  encoding?: string;
  lineTerminators?: string[];
  quoteChar?: string;
  doubleQuote?: boolean;
  header?: boolean;
  headerRowCount?: number;
  delimiter?: string;
  skipBlankRows?: boolean;
  skipInitialSpace?: boolean;
  trim?: boolean | string;
}

/** A table description (`{+url}-metadata.json`) whose `tableSchema` may be a URL, resolved by `load`. */
export interface TableMetadata {
  "@context": unknown;
  url: string;
  dialect?: Dialect;
  tableSchema: Schema | string;
}

const CONTEXT = "http://www.w3.org/ns/csvw";
const UNDERSTOOD_DIALECT = new Set([
  "encoding",
  "lineTerminators",
  "quoteChar",
  "doubleQuote",
  "header",
  "headerRowCount",
  "delimiter",
  "skipBlankRows",
  "skipInitialSpace",
  "trim",
]);
/** A column name as CSVW restricts it: a URI template variable name, not starting with `_`. */
const NAME = /^(?!_)([A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(\.([A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$/;

const hasContext = (context: unknown) =>
  context === CONTEXT || (Array.isArray(context) && context[0] === CONTEXT);

/** The table's schema: inline, or fetched by `load` from its URL relative to the metadata's. */
export async function tableSchemaOf(
  metadata: TableMetadata,
  metadataUrl: string,
  load: (url: string) => Promise<unknown>,
): Promise<Schema> {
  if (typeof metadata.tableSchema !== "string") return metadata.tableSchema;
  const schema = (await load(new URL(metadata.tableSchema, metadataUrl).href)) as Schema;
  // A schema referenced by URL is a document of its own: it carries the CSVW context itself.
  if (!hasContext(schema["@context"])) throw new Error("csvw: the referenced schema has no CSVW @context");
  return schema;
}

/**
 * Every way `bytes` departs from `metadata` (with its `schema`); empty when it conforms. `bom`: the file
 * must start with a UTF-8 byte order mark (the feed's promise to Excel; CSVW itself only skips one).
 */
export function checkCsv(
  bytes: Uint8Array,
  metadata: TableMetadata,
  schema: Schema,
  options: { bom?: boolean } = {},
): CsvwProblem[] {
  if (!hasContext(metadata["@context"])) throw new Error("csvw: the metadata has no CSVW @context");
  const dialect = metadata.dialect ?? {};
  for (const key of Object.keys(dialect)) {
    if (!UNDERSTOOD_DIALECT.has(key)) throw new Error(`csvw: dialect property ${key} is not understood here`);
  }
  if ((dialect.encoding ?? "utf-8").toLowerCase() !== "utf-8") throw new Error("csvw: only utf-8 is read");
  if ((dialect.headerRowCount ?? 1) !== 1 || dialect.header === false)
    throw new Error("csvw: one header row is read");
  if (dialect.skipInitialSpace || (dialect.trim !== undefined && dialect.trim !== false))
    throw new Error("csvw: trimming is not read here");
  const problems: CsvwProblem[] = [];
  const columnNames = new Set<string>();
  for (const column of schema.columns) {
    if (!NAME.test(column.name)) problems.push({ line: 0, column: column.name, problem: "not a CSVW name" });
    if (columnNames.has(column.name))
      problems.push({ line: 0, column: column.name, problem: "name repeated" });
    columnNames.add(column.name);
  }

  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (options.bom && !hasBom) problems.push({ line: 1, problem: "no UTF-8 byte order mark" });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return [...problems, { line: 1, problem: "not UTF-8" }];
  }
  const records = parseRecords(text, dialect, problems);
  const [header, ...rows] = records;
  if (!header) return [...problems, { line: 1, problem: "no header row" }];

  if (header.fields.length !== schema.columns.length) {
    problems.push({
      line: header.line,
      problem: `${header.fields.length} header cells for ${schema.columns.length} columns`,
    });
  }
  schema.columns.forEach((column, i) => {
    const cell = header.fields[i];
    if (cell === undefined || !titlesOf(column).includes(cell)) {
      problems.push({ line: header.line, column: column.name, problem: `header ${JSON.stringify(cell)}` });
    }
  });

  const keys = typeof schema.primaryKey === "string" ? [schema.primaryKey] : (schema.primaryKey ?? []);
  const keyIndexes = keys.map((key) => schema.columns.findIndex((column) => column.name === key));
  if (keyIndexes.includes(-1)) throw new Error(`csvw: primary key ${keys.join(",")} names no column`);
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length === 1 && row.fields[0] === "" && dialect.skipBlankRows === true) continue;
    if (row.fields.length !== schema.columns.length) {
      problems.push({
        line: row.line,
        problem: `${row.fields.length} cells for ${schema.columns.length} columns`,
      });
    }
    schema.columns.forEach((column, i) => {
      const problem = cellProblem(column, row.fields[i] ?? "");
      if (problem) problems.push({ line: row.line, column: column.name, problem });
    });
    if (keys.length > 0) {
      const key = JSON.stringify(keyIndexes.map((i) => row.fields[i]));
      const before = seen.get(key);
      if (before !== undefined)
        problems.push({ line: row.line, problem: `primary key as on line ${before}` });
      seen.set(key, row.line);
    }
  }
  return problems;
}

function titlesOf(column: Column): string[] {
  const { titles } = column;
  if (typeof titles === "string") return [titles];
  if (Array.isArray(titles)) return titles;
  return Object.values(titles).flat();
}

/** What is wrong with one cell's text, or null. */
function cellProblem(column: Column, value: string): string | null {
  if (value === (column.null ?? "")) return column.required ? "required, but empty" : null;
  const datatype = typeof column.datatype === "string" ? { base: column.datatype } : (column.datatype ?? {});
  const base = datatype.base ?? "string";
  const lexical = LEXICAL[base];
  if (!lexical) throw new Error(`csvw: datatype ${base} is not understood here`);
  if (!lexical(value)) return `${JSON.stringify(value)} is not a ${base}`;
  if (datatype.format !== undefined) {
    if (base !== "string") throw new Error(`csvw: a format of ${base} is not understood here`);
    if (!new RegExp(datatype.format, "u").test(value))
      return `${JSON.stringify(value)} is not of ${datatype.format}`;
  }
  if (datatype.minimum !== undefined && Number(value) < datatype.minimum)
    return `${value} < ${datatype.minimum}`;
  if (datatype.maximum !== undefined && Number(value) > datatype.maximum)
    return `${value} > ${datatype.maximum}`;
  return null;
}

/** The lexical spaces of the XML Schema types CSVW names (the canonical and the other allowed forms). */
const LEXICAL: Record<string, (value: string) => boolean> = {
  string: () => true,
  integer: (value) => /^[+-]?[0-9]+$/.test(value),
  nonNegativeInteger: (value) => /^(\+?[0-9]+|-0+)$/.test(value),
  decimal: (value) => /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(value),
  dateTime: (value) =>
    /^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/.test(
      value,
    ) && !Number.isNaN(Date.parse(value)),
};

interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 records under the dialect: fields split by the delimiter, quoted fields with doubled quotes,
 * each record ended by the one line terminator allowed (a bare LF or CR outside quotes is a problem).
 */
function parseRecords(text: string, dialect: Dialect, problems: CsvwProblem[]): CsvRecord[] {
  const delimiter = dialect.delimiter ?? ",";
  const quote = dialect.quoteChar ?? '"';
  const terminators = dialect.lineTerminators ?? ["\r\n", "\n"];
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: startLine, fields });
    fields = [];
    field = "";
    startLine = line;
  };
  while (i < body.length) {
    const char = body[i]!;
    if (quoted) {
      if (char === quote) {
        if (dialect.doubleQuote !== false && body[i + 1] === quote) {
          field += quote;
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = body[i];
        const atEnd =
          next === undefined || next === delimiter || terminators.some((end) => body.startsWith(end, i));
        if (!atEnd) problems.push({ line, problem: "text after a closing quote" });
        continue;
      }
      if (char === "\n") line++;
      field += char;
      i++;
      continue;
    }
    const terminator = terminators.find((end) => body.startsWith(end, i));
    if (terminator) {
      line++;
      i += terminator.length;
      endRecord();
      continue;
    }
    if (char === "\n" || char === "\r") {
      problems.push({ line, problem: "a line ends without the dialect's line terminator" });
      if (char === "\n") line++;
      i++;
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = "";
      i++;
      continue;
    }
    if (char === quote) {
      if (field !== "") problems.push({ line, problem: "a quote inside an unquoted field" });
      quoted = true;
      i++;
      continue;
    }
    field += char;
    i++;
  }
  if (quoted) problems.push({ line, problem: "a quoted field is not closed" });
  if (field !== "" || fields.length > 0) {
    problems.push({ line, problem: "the last record has no line terminator" });
    endRecord();
  }
  return records;
}
