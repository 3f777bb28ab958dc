import { memberCount, membershipChange } from "../core/feed";
import {
  directRegion,
  membersPlace,
  placeUnder,
  type Region,
  ROOT_PLACE,
  regionsOf,
} from "../core/season/places";
import { regionPageDocuments, writeRegionYear } from "../ingest/feed-documents";
import { changeListing, listingHead } from "../ingest/listing-pages";
import { aggregate, type Department, type IngestPorts } from "../ingest/ports";
import { publishCurrent } from "../ingest/publish-current";

/**
 * Registering regions and departments in them. A region's place never changes once registered (every
 * department below it is indexed by it); a department may move to another region: it leaves the old
 * regions' listings, joins the new ones', and every year it has published is counted again where it now
 * belongs (the counting protocol moves its numbers from the old regions' sums to the new ones').
 */

export type RegistrationProblem =
  | { problem: "unknown_parent"; parent: string }
  | { problem: "region_moves"; region: string; parent: string | null }
  | { problem: "own_parent"; id: string }
  | { problem: "too_deep"; message: string };

export type RegionRegistration = { ok: true; region: Region } | ({ ok: false } & RegistrationProblem);

/** Registers (or renames) a region under a parent region, or at the top. */
export async function registerRegion(
  ports: Pick<IngestPorts, "regions">,
  input: { id: string; name: string; parent: string | null },
): Promise<RegionRegistration> {
  if (input.parent === input.id) return { ok: false, problem: "own_parent", id: input.id };
  const [existing, parent] = await Promise.all([
    ports.regions.get(input.id),
    input.parent ? ports.regions.get(input.parent) : null,
  ]);
  if (input.parent && !parent) return { ok: false, problem: "unknown_parent", parent: input.parent };
  if (existing && existing.parent !== input.parent) {
    return { ok: false, problem: "region_moves", region: input.id, parent: existing.parent };
  }
  let place: string;
  try {
    place = placeUnder(parent);
  } catch (error) {
    return { ok: false, problem: "too_deep", message: (error as Error).message };
  }
  if (parent && regionsOf(place).includes(input.id))
    return { ok: false, problem: "own_parent", id: input.id };
  await ports.regions.put({ id: input.id, name: input.name, parent: input.parent, place });
  if (parent) await ports.regions.addChild(parent.id, { id: input.id, name: input.name });
  return { ok: true, region: (await ports.regions.get(input.id))! };
}

export type DepartmentRegistration =
  | {
      ok: true;
      department: Department;
      /** The region it left, when it moved. */
      movedFrom: string | null;
      /** The years whose published report was counted again where it now belongs. */
      recounted: number[];
    }
  | ({ ok: false } & RegistrationProblem);

/**
 * Registers (or changes) a department where it belongs: in a region (`parent`), in none (null), or, when
 * `parent` is not given, where it already is. Its sign-ins are another matter (`departments/`).
 */
export async function placeDepartment(
  ports: IngestPorts,
  input: { id: string; name: string; emails: string[]; parent?: string | null },
): Promise<DepartmentRegistration> {
  const previous = await ports.departments.get(input.id);
  const parentId = input.parent === undefined ? (previous?.parent ?? null) : input.parent;
  const parent = parentId ? await ports.regions.get(parentId) : null;
  if (parentId && !parent) return { ok: false, problem: "unknown_parent", parent: parentId };
  const place = parent ? membersPlace(parent) : ROOT_PLACE;
  const department: Department = {
    id: input.id,
    name: input.name,
    emails: input.emails,
    parent: parentId,
    place,
    registeredAt: ports.clock.now().toISOString(),
  };
  await ports.departments.put(department);
  const ref = { id: department.id, name: department.name };
  const joined = regionsOf(place);
  const left = previous?.place ? regionsOf(previous.place).filter((region) => !joined.includes(region)) : [];
  const membership = (member: boolean) =>
    membershipChange({
      department: ref,
      region: directRegion(place) ?? "",
      registeredAt: department.registeredAt!,
      member,
    });
  await Promise.all([
    ...joined.map((region) =>
      relist(ports, region, department.id, membership(true), department.registeredAt!),
    ),
    ...left.map((region) =>
      relist(ports, region, department.id, membership(false), department.registeredAt!),
    ),
  ]);
  const moved = previous !== null && (previous.place ?? ROOT_PLACE) !== place;
  const recounted: number[] = [];
  if (moved) {
    const history = await ports.aggregates.get(aggregate.departmentHistory(department.id));
    for (const year of Object.keys(history?.value.years ?? {}).map(Number)) {
      await publishCurrent(ports, department, year);
      recounted.push(year);
    }
    // The regions it left show it gone (their sums moved with the recount above).
    for (const region of left) {
      const head = await listingHead(ports, { kind: "region", region });
      for (const year of head.value.years) await writeRegionYear(ports, region, year, null);
    }
  }
  return { ok: true, department, movedFrom: moved ? (previous?.parent ?? null) : null, recounted };
}

/** The department's membership in one region's listing, and that region's documents for its years. */
async function relist(
  ports: IngestPorts,
  region: string,
  department: string,
  change: ReturnType<typeof membershipChange>,
  at: string,
): Promise<void> {
  const listing = { kind: "region", region } as const;
  // The pages are the region's, whatever the year (written as the listing changes); then each year's
  // document (its counts changed).
  const listed = await changeListing(ports, listing, {
    key: department,
    change,
    at,
    count: memberCount,
    documents: regionPageDocuments(region),
  });
  for (const year of listed.head.value.years) await writeRegionYear(ports, region, year, null);
}
