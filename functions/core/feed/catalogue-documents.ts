import type { DepartmentsDoc, SchemaIndexDoc } from "../../../schemas/feed-catalogue";
import { FEED_VERSION } from "../../../schemas/feed-constants";
import type { FormatSpec } from "../../../schemas/formats";
import { feedPaths } from "./paths";

/** A registered department as the department list shows it. */
export interface RegisteredDepartment {
  id: string;
  name: string;
  parent?: string | null;
}

/** `v1/departments.json`: every registered department (with the years it published) and region, by id. */
export function departmentsDocument(
  departments: readonly RegisteredDepartment[],
  regions: readonly { id: string; name: string; parent?: string | null }[],
  published: ReadonlyMap<string, readonly number[]>,
  updatedAt: string,
): DepartmentsDoc {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    schemaVersion: FEED_VERSION,
    updatedAt,
    departments: [...departments].sort(byId).map((department) => ({
      id: department.id,
      name: department.name,
      parent: department.parent ?? null,
      years: [...(published.get(department.id) ?? [])].sort((a, b) => a - b),
      path: feedPaths.department(department.id),
    })),
    regions: [...regions]
      .sort(byId)
      .map((region) => ({ id: region.id, name: region.name, parent: region.parent ?? null })),
  };
}

/**
 * `v1/schema/index.json`: every JSON Schema with its `$id`, and the CSVW table schema of each format's
 * years' CSV (`csv`, each with its `@id`).
 */
export function schemaIndexDocument(
  schemas: Readonly<Record<string, object>>,
  revision: number,
  csv: readonly { format: FormatSpec; schema: { "@id": string } }[] = [],
): SchemaIndexDoc {
  return {
    schemaVersion: FEED_VERSION,
    revision,
    csv: csv.map(({ format, schema }) => ({
      format: format.id,
      years: { from: format.years.from, to: format.years.to ?? null },
      path: feedPaths.yearCsvSchema(format.id),
      id: schema["@id"],
      tables: `${FEED_VERSION}/years/{year}.csv`,
      metadata: `${FEED_VERSION}/years/{year}.csv-metadata.json`,
    })),
    schemas: Object.entries(schemas).map(([name, schema]) => {
      const { $id, title } = schema as { $id?: string; title?: string };
      return { name, title: title ?? name, path: feedPaths.schema(name), id: $id ?? feedPaths.schema(name) };
    }),
  };
}
