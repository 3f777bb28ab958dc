import type { Department, DepartmentRegistry } from "../ingest/ports";
import type { Invitation, SignIns } from "./ports";

export interface RegisterPorts {
  departments: DepartmentRegistry;
  signIns: SignIns;
}

export interface Registration {
  department: Department;
  invitations: { email: string; invitation: Invitation }[];
  /** Nothing was written: an address signs in for another department (its invitation says which). */
  refused?: true;
}

/**
 * The department's addresses that sign in for another department. A sign-in's department is fixed when
 * it is made, so such an address would receive this department's mail and sign in as the other one:
 * the registration is refused before anything is written.
 */
export async function addressesElsewhere(
  signIns: SignIns,
  department: Department,
): Promise<Registration["invitations"]> {
  const owners = await Promise.all(department.emails.map((email) => signIns.departmentOf(email)));
  return department.emails.flatMap((email, i) => {
    const owner = owners[i];
    return owner !== undefined && owner !== department.id
      ? [{ email, invitation: { status: "other_department" as const, department: owner } }]
      : [];
  });
}

/**
 * Registers a department as data: its row in the table (name, the only addresses its mail goes to) and a
 * sign-in per address, bound to it. Safe to run again: existing sign-ins are left as they are. Refused,
 * with nothing written, when one of its addresses signs in for another department.
 */
export async function registerDepartment(
  ports: RegisterPorts,
  department: Department,
): Promise<Registration> {
  const elsewhere = await addressesElsewhere(ports.signIns, department);
  if (elsewhere.length > 0) return { department, invitations: elsewhere, refused: true };
  await ports.departments.put(department);
  const invitations: Registration["invitations"] = [];
  for (const email of department.emails) {
    invitations.push({ email, invitation: await ports.signIns.invite(email, department.id) });
  }
  return { department, invitations };
}
