import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * Ajv in strict mode with every published JSON Schema added by its `$id`: a schema Ajv's strict mode
 * refuses fails here, and a document is checked against the schema a portal would fetch.
 */
export function strictAjv(schemas: Record<string, object>): {
  ajv: Ajv2020;
  validator: (name: string) => ValidateFunction;
} {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const [name, schema] of Object.entries(schemas)) validators.set(name, ajv.compile(schema));
  return {
    ajv,
    validator: (name) => {
      const found = validators.get(name);
      if (!found) throw new Error(`no schema ${name}`);
      return found;
    },
  };
}
