import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { CliEnvironment } from "../config";
import { DEPARTMENT_ID, uploadPrefix } from "../storage-layout";
import { target } from "./target";
import { type Terminal, UsageError } from "./terminal";

export const departmentUsage =
  "gongkai department add <id> --name <name> --email <address>… | gongkai department list";

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$|^[^\s@<>,;]+@localhost$/;

/** Registers a department: its id (the upload prefix), its name, the only addresses its mail goes to. */
export async function departmentCommand(
  argv: string[],
  term: Terminal,
  env: CliEnvironment,
): Promise<number> {
  const [action, ...rest] = argv;
  if (action === "list") {
    const t = await target(env);
    try {
      for (const d of await t.departments.list()) term.out(`${d.id}\t${d.name}\t${d.emails.join(", ")}`);
    } finally {
      t.close();
    }
    return 0;
  }
  if (action === "sync") return syncDepartments(rest, term, env);
  if (action !== "add") throw new UsageError("expected `add`, `list` or `sync`");
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { name: { type: "string" }, email: { type: "string", multiple: true } },
  });
  const id = positionals[0];
  if (!id || !DEPARTMENT_ID.test(id))
    throw new UsageError("the id must be lowercase letters, digits and hyphens");
  if (!values.name) throw new UsageError("--name is required");
  const emails = values.email ?? [];
  if (emails.length === 0) throw new UsageError("at least one --email is required");
  const bad = emails.find((email) => !EMAIL.test(email));
  if (bad) throw new UsageError(`not an email address: ${bad}`);
  const t = await target(env);
  try {
    await t.departments.put({ id, name: values.name, emails });
    term.out(`registered ${id} (${values.name}) → ${emails.join(", ")} [${t.kind}]`);
    term.out(`uploads go to s3://${t.uploadsBucket}/${uploadPrefix(id)}{year}/`);
  } finally {
    t.close();
  }
  return 0;
}

/**
 * One registry for both halves: the `departments` of cdk.json's context (which the CDK app turns into
 * uploader roles) written to the table with their names and addresses. Entries without `emails` are
 * refused, since mail may only go to addresses the system registered.
 */
async function syncDepartments(argv: string[], term: Terminal, env: CliEnvironment): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { file: { type: "string" } } });
  const file = values.file ?? "cdk.json";
  const json = JSON.parse(await readFile(file, "utf8")) as { context?: { departments?: unknown } };
  const list = json.context?.departments ?? [];
  if (!Array.isArray(list)) throw new UsageError(`${file}: context.departments must be a list`);
  const departments = list.map((entry: unknown, index) => {
    const { id, name, emails } = (entry ?? {}) as { id?: unknown; name?: unknown; emails?: unknown };
    if (typeof id !== "string" || !DEPARTMENT_ID.test(id))
      throw new UsageError(`${file}: departments[${index}].id is not a valid id`);
    if (typeof name !== "string" || !name.trim())
      throw new UsageError(`${file}: departments[${index}].name is missing`);
    if (
      !Array.isArray(emails) ||
      emails.length === 0 ||
      !emails.every((email) => typeof email === "string" && EMAIL.test(email))
    ) {
      throw new UsageError(`${file}: departments[${index}] (${id}) needs "emails": a list of addresses`);
    }
    return { id, name: name.trim(), emails: emails as string[] };
  });
  const t = await target(env);
  try {
    for (const department of departments) {
      await t.departments.put(department);
      term.out(
        `registered ${department.id} (${department.name}) → ${department.emails.join(", ")} [${t.kind}]`,
      );
    }
  } finally {
    t.close();
  }
  term.out(`${departments.length} department(s) from ${file}`);
  return 0;
}
