import type { Department, DepartmentRegistry } from "../ingest/ports";
import type { Invitation, SignIns } from "./ports";

export interface RegisterPorts {
  departments: DepartmentRegistry;
  signIns: SignIns;
}

export interface Registration {
  department: Department;
  invitations: { email: string; invitation: Invitation }[];
}

/**
 * Registers a department as data: its row in the table (name, the only addresses its mail goes to) and a
 * sign-in per address, bound to it. Safe to run again: existing sign-ins are left as they are.
 */
export async function registerDepartment(
  ports: RegisterPorts,
  department: Department,
): Promise<Registration> {
  await ports.departments.put(department);
  const invitations: Registration["invitations"] = [];
  for (const email of department.emails) {
    invitations.push({ email, invitation: await ports.signIns.invite(email, department.id) });
  }
  return { department, invitations };
}
