/**
 * Where departments and regions sit: a place is the path of region ids from the top, `/prov/city/`
 * (`/` for a department in no region). A department's place is the place of the regions above it, so
 * "every department of region R, however deep" is every place that begins with R's own — one key prefix,
 * which the roster's index answers with a query.
 */

/** The place of the departments with no region. */
export const ROOT_PLACE = "/";

/** Regions may nest this deep (province, city, county, township, and a few to spare). */
export const MAX_REGION_DEPTH = 8;

/** A region as its registry keeps it. */
export interface Region {
  id: string;
  name: string;
  parent: string | null;
  /** The place of the region itself: its parent's members' place. */
  place: string;
  /** The regions directly below it. */
  children: { id: string; name: string }[];
}

/** The place of a region's own departments: `/prov/city/` for city under prov. */
export function membersPlace(region: Pick<Region, "id" | "place">): string {
  return `${region.place}${region.id}/`;
}

/** The regions a place lies in, from the top: `/prov/city/` → `["prov", "city"]`. */
export function regionsOf(place: string): string[] {
  if (!place.startsWith(ROOT_PLACE) || !place.endsWith("/"))
    throw new Error(`place ${JSON.stringify(place)} is malformed`);
  return place.split("/").filter((id) => id.length > 0);
}

/** The place of a new region under `parent` (null: at the top); throws past MAX_REGION_DEPTH. */
export function placeUnder(parent: Pick<Region, "id" | "place"> | null): string {
  const place = parent ? membersPlace(parent) : ROOT_PLACE;
  if (regionsOf(place).length >= MAX_REGION_DEPTH) {
    throw new Error(`regions nest at most ${MAX_REGION_DEPTH} deep`);
  }
  return place;
}

/** The region a place's departments belong to directly, or null for the root. */
export function directRegion(place: string): string | null {
  return regionsOf(place).at(-1) ?? null;
}
