import { FORMATS, formatForYear } from "../../schemas/formats";
import { actingDepartment } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, ok } from "./results";

export interface Me {
  department: { id: string; name: string };
  emails: string[];
  /** The report years the desk takes uploads for, newest first. */
  years: number[];
  operator: boolean;
}

/** `GET /api/v1/me`: the signed-in clerk's department, its addresses and the years open for upload. */
export async function me(ports: ApiPorts, caller: SignedIn, department?: string): Promise<ApiResult<Me>> {
  const acting = await actingDepartment(ports, caller, department);
  if (!acting.ok) return acting;
  const { id, name, emails } = acting.value;
  return ok({
    department: { id, name },
    emails,
    years: reportYears(ports.clock.now()),
    operator: caller.operator,
  });
}

/** Every year some format covers, up to this year. */
export function reportYears(now: Date): number[] {
  const first = Math.min(...FORMATS.map((format) => format.years.from));
  const years: number[] = [];
  for (let year = now.getUTCFullYear(); year >= first; year--) if (formatForYear(year)) years.push(year);
  return years;
}
