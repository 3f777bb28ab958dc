import { parseArgs } from "node:util";
import { DEPARTMENT_ID } from "../ingest/upload-event";
import { closeTarget, target } from "./target";
import { type Terminal, UsageError } from "./terminal";

export const departmentUsage =
  "gongkai department add <id> --name <name> --email <address>… | gongkai department list";

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$|^[^\s@<>,;]+@localhost$/;

/** Registers a department: its id (the upload prefix), its name, the only addresses its mail goes to. */
export async function departmentCommand(argv: string[], term: Terminal): Promise<number> {
  const [action, ...rest] = argv;
  if (action === "list") {
    const t = await target();
    try {
      for (const d of await t.reports.listDepartments())
        term.out(`${d.id}\t${d.name}\t${d.emails.join(", ")}`);
    } finally {
      closeTarget(t);
    }
    return 0;
  }
  if (action !== "add") throw new UsageError("expected `add` or `list`");
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
  const t = await target();
  try {
    await t.reports.putDepartment({ id, name: values.name, emails });
    term.out(`registered ${id} (${values.name}) → ${emails.join(", ")} [${t.kind}]`);
    term.out(`uploads go to s3://${t.uploadsBucket}/uploads/${id}/{year}/`);
  } finally {
    closeTarget(t);
  }
  return 0;
}
