import type { Department } from "../ingest/ports";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, failure, ok } from "./results";
import { checkYear } from "./upload-request";

/**
 * Who is calling, and for which department. The department comes from the verified token only (the
 * operator fixed it when creating the user); a department named in a body or query is accepted from an
 * operator, or when it is the caller's own, and refused (403) otherwise — never used to widen access.
 */

/** `Authorization: Bearer <token>` → who signed in, or 401. */
export async function authenticate(
  ports: ApiPorts,
  authorization: string | undefined,
): Promise<ApiResult<SignedIn>> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
  if (!token) return failure("auth.missing_token");
  const user = await ports.tokens.verify(token);
  return user ? ok(user) : failure("auth.invalid_token");
}

/** The registered department the caller acts for: their own, or (operators only) the one they name. */
export async function actingDepartment(
  ports: ApiPorts,
  caller: SignedIn,
  named: string | undefined,
): Promise<ApiResult<Department>> {
  let id: string;
  if (named !== undefined && named !== caller.department) {
    if (!caller.operator) return failure("auth.operator_only", "department");
    id = named;
  } else if (caller.department) {
    id = caller.department;
  } else {
    return caller.operator ? failure("request.missing_field", "department") : failure("auth.no_department");
  }
  const department = await ports.departments.get(id);
  return department ? ok(department) : failure("auth.department_unregistered", id);
}

const DEPARTMENT_YEAR = new Set(["year", "department"]);

/**
 * A query of one department's year (`?year=Y[&department=D]`): no other field, the year required and
 * reportable, the department the caller acts for.
 */
export async function departmentYear(
  ports: ApiPorts,
  caller: SignedIn,
  query: Record<string, string>,
): Promise<ApiResult<{ year: number; department: Department }>> {
  const unknown = Object.keys(query).filter((name) => !DEPARTMENT_YEAR.has(name));
  if (unknown.length > 0)
    return failure("request.unknown_field", unknown.slice(0, 5).join(", ").slice(0, 200));
  if (query.year === undefined) return failure("request.missing_field", "year");
  const year = checkYear(query.year, ports.clock.now());
  if (!year.ok) return year;
  const department = await actingDepartment(ports, caller, query.department);
  if (!department.ok) return department;
  return ok({ year: year.value, department: department.value });
}

/** Whether the caller may see an upload of `department`: their own, or any for an operator. */
export function maySee(caller: SignedIn, department: string): boolean {
  return caller.operator || caller.department === department;
}
