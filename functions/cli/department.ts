import { readFile } from "node:fs/promises";
import { TARGET_VARIABLES } from "../config";
import type { Invitation } from "../departments/ports";
import type { Department } from "../ingest/ports";
import { DEPARTMENT_ID } from "../storage-layout";
import { departmentId, emailAddress, isEmailAddress, regionId } from "./arguments";
import { defineCommand, defineGroup, EXIT, InputRefused, UsageError, VERBOSE } from "./command";
import { joined, type Safe, safe } from "./terminal";

/**
 * `gongkai department add|list|sync`: the registry of departments — who may publish (the id is the
 * upload prefix), under which name, and the only addresses their mail may go to — and a sign-in per
 * address, bound to the department (locally the temporary password is printed; on AWS Cognito mails it).
 */

/** Where the sign-ins are made, for the message when there is no pool to make them in. */
const SIGN_INS = [...TARGET_VARIABLES, "GONGKAI_USER_POOL_ID"] as const;

/** One line per address: what became of its sign-in. */
function invitationLine(email: string, invitation: Invitation): Safe {
  switch (invitation.status) {
    case "created":
      return invitation.temporaryPassword
        ? safe`  sign-in ${email}  temporary password ${invitation.temporaryPassword}  (a new one is set at the first sign-in)`
        : safe`  sign-in ${email}  invited (Cognito mails the temporary password)`;
    case "exists":
      return safe`  sign-in ${email}  already there`;
    case "other_department":
      return safe`  sign-in ${email}  refused: it signs in for ${invitation.department ?? "no department"}; an address belongs to one department`;
  }
}

type Registered = import("../departments/register-department").Registration;

/**
 * Registers a department where it belongs (its region, `parent`: the region's listings and sums follow
 * it; not given, it stays where it is) and its sign-ins (or only the department, said so, without a pool).
 */
async function register(t: import("./target").Target, given: Department): Promise<Registered> {
  let department = given;
  const { addressesElsewhere, registerDepartment } = await import("../departments/register-department");
  // Before the department is placed or written: nothing is registered with another's address.
  const elsewhere = t.signIns ? await addressesElsewhere(t.signIns, given) : [];
  if (elsewhere.length > 0) return { department: given, invitations: elsewhere, refused: true };
  if (t.season) {
    const { placeDepartment } = await import("../season/register");
    const placed = await placeDepartment(t.season, given);
    if (!placed.ok) {
      throw new InputRefused(
        placed.problem === "unknown_parent"
          ? `no region ${placed.parent} is registered: \`gongkai region add\` it first`
          : placed.problem,
        `season.${placed.problem}`,
      );
    }
    department = placed.department;
  } else if (given.parent !== undefined) {
    const { seasonTarget } = await import("./season-target");
    await seasonTarget(t.env);
  }
  if (!t.signIns) {
    if (!t.season) await t.departments.put(department);
    return { department, invitations: [] };
  }
  return registerDepartment({ departments: t.departments, signIns: t.signIns }, department);
}

const refusedSomewhere = (registered: readonly Registered[]) =>
  registered.some((r) => r.refused || r.invitations.some((i) => i.invitation.status === "other_department"));

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
    parent: {
      type: "string",
      value: "REGION",
      parse: regionId,
      description:
        "the region it belongs to (`gongkai region add` registers regions); not given, it stays where it is",
    },
  },
  examples: [
    {
      command: "gongkai department add finance --name 财政局 --email gk@finance.example.gov.cn",
      does: "registers the finance department",
    },
    {
      command: "gongkai department add city-edu --name 某市教育局 --email edu@example.gov.cn --parent city-a",
      does: "a department of a city",
    },
  ],
  environment: SIGN_INS,
  json: true,
  async run({ args, options }, { term, env }) {
    const id = departmentId(args.id);
    if (options.email.length === 0) throw new UsageError("at least one --email is required");
    const department: Department = {
      id,
      name: options.name,
      emails: options.email,
      ...(options.parent ? { parent: options.parent } : {}),
    };
    const { target } = await import("./target");
    const { uploadPrefix } = await import("../storage-layout");
    const t = await target(env);
    try {
      const registered = await register(t, department);
      const uploads = `s3://${t.uploadsBucket}/${uploadPrefix(id)}{year}/`;
      const refused = refusedSomewhere([registered]);
      term.emit({
        ok: !refused,
        target: t.kind,
        department: registered.department,
        uploads,
        signIns: registered.invitations,
      });
      term.out(
        registered.refused
          ? safe`not registered ${id}: an address signs in for another department, and an address belongs to one`
          : safe`registered ${id} (${department.name}) → ${joined(department.emails, ", ")} [${t.kind}]`,
      );
      if (registered.department.parent)
        term.out(safe`  in region ${registered.department.parent} (${registered.department.place ?? ""})`);
      for (const { email, invitation } of registered.invitations) term.out(invitationLine(email, invitation));
      if (!t.signIns)
        term.out("no sign-ins made: set GONGKAI_USER_POOL_ID to the stateful stack's UserPoolId output");
      term.out(safe`operators' bulk path: ${uploads}`);
      return refused ? EXIT.refused : EXIT.done;
    } finally {
      t.close();
    }
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
  purpose: "register every department of a list the operator keeps, with a sign-in per address",
  details:
    'The list is a JSON list of {"id", "name", "emails", "parent"?} (or an old cdk.json whose context.departments is ' +
    "that list). Every entry needs emails: mail may only go to addresses the system registered, and each " +
    "address gets its sign-in. Exit 1, writing nothing, when an entry is wrong. Safe to run again.",
  options: {
    file: {
      type: "string",
      value: "FILE",
      default: "departments.json",
      description: "the list: a JSON list of departments (or an old cdk.json)",
    },
    ...VERBOSE,
  },
  examples: [
    {
      command: "gongkai department sync --file departments.json",
      does: "a thousand departments from a file",
    },
  ],
  environment: SIGN_INS,
  json: true,
  async run({ options }, { term, env }) {
    const file = options.file;
    const departments = parseDepartmentList(file, await readList(file));
    const { target } = await import("./target");
    const t = await target(env);
    const progress = term.progress("registering", departments.length);
    const registered: Registered[] = [];
    try {
      const queue = [...departments];
      await Promise.all(
        Array.from({ length: Math.min(SYNC_CONCURRENCY, queue.length) }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            registered.push(await register(t, next));
            progress.advance(next.id);
          }
        }),
      );
    } finally {
      progress.done();
      t.close();
    }
    const refused = refusedSomewhere(registered);
    const invitations = registered.flatMap((r) => r.invitations);
    term.emit({
      ok: !refused,
      target: t.kind,
      file,
      departments: departments.map((d) => d.id),
      signIns: invitations,
    });
    for (const r of registered) {
      if (options.verbose || r.refused) {
        const d = r.department;
        term.out(
          r.refused
            ? safe`not registered ${d.id}: an address signs in for another department`
            : safe`registered ${d.id} (${d.name}) → ${joined(d.emails, ", ")} [${t.kind}]`,
        );
      }
      // New local passwords and refusals are always shown: they cannot be found anywhere else.
      for (const { email, invitation } of r.invitations) {
        const shown =
          invitation.status === "other_department" ||
          (invitation.status === "created" && invitation.temporaryPassword);
        if (options.verbose || shown) {
          term.out(invitationLine(email, invitation));
        }
      }
    }
    const created = invitations.filter((i) => i.invitation.status === "created").length;
    const notRegistered = registered.filter((r) => r.refused).length;
    term.out(
      safe`${departments.length - notRegistered} department(s) from ${file} registered, ${created} new sign-in(s) [${t.kind}]`,
    );
    if (notRegistered > 0)
      term.out(safe`${notRegistered} not registered: an address of each signs in for another department`);
    if (!t.signIns)
      term.out("no sign-ins made: set GONGKAI_USER_POOL_ID to the stateful stack's UserPoolId output");
    return refused ? EXIT.refused : EXIT.done;
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
    const { id, name, emails, parent } = (entry ?? {}) as {
      id?: unknown;
      name?: unknown;
      emails?: unknown;
      parent?: unknown;
    };
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
    if (
      parent !== undefined &&
      parent !== null &&
      (typeof parent !== "string" || !DEPARTMENT_ID.test(parent))
    ) {
      throw new InputRefused(`${at}.parent is not a region id`);
    }
    return {
      id,
      name: name.trim(),
      emails: emails as string[],
      ...(parent !== undefined ? { parent: parent as string | null } : {}),
    };
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
