import { readFile } from "node:fs/promises";
import { TARGET_VARIABLES } from "../config";
import type { Department } from "../ingest/ports";
import { DEPARTMENT_ID } from "../storage-layout";
import { departmentId, emailAddress, isEmailAddress } from "./arguments";
import { defineCommand, defineGroup, EXIT, InputRefused, UsageError, VERBOSE } from "./command";
import { joined, safe } from "./terminal";

/**
 * `gongkai department add|list|sync`: the registry of departments — who may publish (the id is the
 * upload prefix), under which name, and the only addresses their mail may go to.
 */

const add = defineCommand({
  name: "add",
  purpose: "register a department: its id, its name, the addresses its mail may go to",
  arguments: [{ name: "id", description: "the department's id, its upload prefix uploads/{id}/" }],
  options: {
    name: { type: "string", value: "NAME", required: true, description: "the department's name (财政局)" },
    email: {
      type: "string",
      value: "ADDRESS",
      multiple: true,
      parse: emailAddress,
      description: "an address its mail may go to (give --email once for each)",
    },
  },
  examples: [
    {
      command: "gongkai department add finance --name 财政局 --email gk@finance.example.gov.cn",
      does: "registers the finance department",
    },
  ],
  environment: TARGET_VARIABLES,
  json: true,
  async run({ args, options }, { term, env }) {
    const id = departmentId(args.id);
    if (options.email.length === 0) throw new UsageError("at least one --email is required");
    const department: Department = { id, name: options.name, emails: options.email };
    const { target } = await import("./target");
    const { uploadPrefix } = await import("../storage-layout");
    const t = await target(env);
    try {
      await t.departments.put(department);
      const uploads = `s3://${t.uploadsBucket}/${uploadPrefix(id)}{year}/`;
      term.emit({ ok: true, target: t.kind, department, uploads });
      term.out(safe`registered ${id} (${department.name}) → ${joined(department.emails, ", ")} [${t.kind}]`);
      term.out(safe`uploads go to ${uploads}`);
    } finally {
      t.close();
    }
    return EXIT.done;
  },
});

const list = defineCommand({
  name: "list",
  purpose: "list the registered departments: id, name, addresses",
  examples: [{ command: "gongkai department list --json", does: "every department as JSON" }],
  environment: TARGET_VARIABLES,
  json: true,
  async run(_input, { term, env }) {
    const { target } = await import("./target");
    const t = await target(env);
    try {
      const departments = await t.departments.list();
      term.emit({ ok: true, target: t.kind, departments });
      for (const d of departments) term.out(joined([d.id, d.name, d.emails.join(", ")], "\t"));
    } finally {
      t.close();
    }
    return EXIT.done;
  },
});

/** Registrations written at once: a few thousand departments take seconds, not minutes. */
const SYNC_CONCURRENCY = 8;

const sync = defineCommand({
  name: "sync",
  purpose: "register every department of a list (cdk.json's, or a file of its own)",
  details:
    "The list is the one the CDK app turns into uploader roles: a JSON list of " +
    '{"id", "name", "emails"}, or a cdk.json whose context.departments is that list. Every entry needs ' +
    "emails: mail may only go to addresses the system registered. Exit 1, writing nothing, when an entry is wrong.",
  options: {
    file: {
      type: "string",
      value: "FILE",
      default: "cdk.json",
      description: "the list: a JSON list of departments, or a cdk.json",
    },
    ...VERBOSE,
  },
  examples: [
    { command: "gongkai department sync", does: "the departments of ./cdk.json's context" },
    { command: "gongkai department sync --file departments.json", does: "those of a list of their own" },
  ],
  environment: TARGET_VARIABLES,
  json: true,
  async run({ options }, { term, env }) {
    const file = options.file;
    const departments = parseDepartmentList(file, await readList(file));
    const { target } = await import("./target");
    const t = await target(env);
    const progress = term.progress("registering", departments.length);
    try {
      const queue = [...departments];
      await Promise.all(
        Array.from({ length: Math.min(SYNC_CONCURRENCY, queue.length) }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            await t.departments.put(next);
            progress.advance(next.id);
          }
        }),
      );
    } finally {
      progress.done();
      t.close();
    }
    term.emit({ ok: true, target: t.kind, file, departments: departments.map((d) => d.id) });
    if (options.verbose) {
      for (const d of departments) {
        term.out(safe`registered ${d.id} (${d.name}) → ${joined(d.emails, ", ")} [${t.kind}]`);
      }
    }
    term.out(safe`${departments.length} department(s) from ${file} registered [${t.kind}]`);
    return EXIT.done;
  },
});

async function readList(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UsageError(`cannot read ${file}`, "cli.file_not_found");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputRefused(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/** The departments of a list, or the first thing wrong with it (nothing is written then). */
export function parseDepartmentList(file: string, json: unknown): Department[] {
  const list = Array.isArray(json)
    ? json
    : (json as { context?: { departments?: unknown } })?.context?.departments;
  if (!Array.isArray(list)) {
    throw new InputRefused(`${file}: expected a list of departments, or a cdk.json with context.departments`);
  }
  const seen = new Set<string>();
  return list.map((entry: unknown, index) => {
    const { id, name, emails } = (entry ?? {}) as { id?: unknown; name?: unknown; emails?: unknown };
    const at = `${file}: departments[${index}]`;
    if (typeof id !== "string" || !DEPARTMENT_ID.test(id))
      throw new InputRefused(`${at}.id is not a valid id`);
    if (seen.has(id)) throw new InputRefused(`${at}: "${id}" appears twice`);
    seen.add(id);
    if (typeof name !== "string" || !name.trim()) throw new InputRefused(`${at}.name is missing`);
    if (
      !Array.isArray(emails) ||
      emails.length === 0 ||
      !emails.every((email) => typeof email === "string" && isEmailAddress(email))
    ) {
      throw new InputRefused(`${at} (${id}) needs "emails": a list of addresses its mail may go to`);
    }
    return { id, name: name.trim(), emails: emails as string[] };
  });
}

/** `gongkai department`: add, list, sync. */
export const department = defineGroup({
  name: "department",
  purpose: "register departments and list them (add, list, sync)",
  examples: [
    {
      command: "gongkai department add finance --name 财政局 --email gk@finance.example.gov.cn",
      does: "one",
    },
    { command: "gongkai department sync --file departments.json", does: "a whole list" },
  ],
  environment: TARGET_VARIABLES,
  subcommands: [add, list, sync],
});
