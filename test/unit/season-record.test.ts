import { describe, expect, it } from "vitest";
import { directRegion, membersPlace, placeUnder, regionsOf } from "../../functions/core/season/places";
import {
  countTarget,
  emptySeasonRecord,
  explanationOf,
  type SeasonRecord,
  sameCount,
  seasonStatus,
  withLatestUpload,
  wouldGoBack,
} from "../../functions/core/season/record";

/** A department's season record, pure: its status, what it should count, what it never goes back to. */

const counted = (order: string, warnings = 0) => ({
  order,
  scopes: ["year"],
  warnings,
  publishedAt: "2025-01-02T00:00:00.000Z",
});
const upload = (order: string, status: string, errors = 0) => ({
  order,
  uploadedAt: "2025-01-01T00:00:00.000Z",
  status,
  errors,
  key: "k",
});
const record = (changes: Partial<SeasonRecord> = {}): SeasonRecord => ({
  ...emptySeasonRecord("d", 2024, "/"),
  ...changes,
});

describe("seasonStatus", () => {
  it("tells published, published with warnings, rejected and not received apart", () => {
    expect(seasonStatus(null)).toBe("not_received");
    expect(seasonStatus(record())).toBe("not_received");
    expect(seasonStatus(record({ latestUpload: upload("o1", "rejected", 3) }))).toBe("rejected");
    expect(seasonStatus(record({ latestUpload: upload("o1", "unreadable") }))).toBe("rejected");
    expect(seasonStatus(record({ counted: counted("o1") }))).toBe("published");
    expect(seasonStatus(record({ counted: counted("o1", 2) }))).toBe("published_with_warnings");
    // A rejected correction leaves the published report published.
    expect(seasonStatus(record({ counted: counted("o1"), latestUpload: upload("o2", "rejected") }))).toBe(
      "published",
    );
  });
});

describe("withLatestUpload", () => {
  it("keeps the latest upload and ignores an older one arriving late", () => {
    const first = withLatestUpload(record(), upload("o2", "rejected"))!;
    expect(withLatestUpload(first, upload("o1", "published"))).toBeUndefined();
    expect(withLatestUpload(first, upload("o2", "rejected"))).toBeUndefined();
    expect(withLatestUpload(first, upload("o3", "published"))!.latestUpload!.order).toBe("o3");
  });
});

describe("counting decisions", () => {
  it("count the current version unless a withdrawal covers it", () => {
    const withdrawn = { order: "o2", at: "t", reason: "r" };
    expect(countTarget({ order: "o2" }, null)).toEqual({ order: "o2" });
    expect(countTarget({ order: "o2" }, withdrawn)).toBeNull();
    expect(countTarget({ order: "o3" }, withdrawn)).toEqual({ order: "o3" });
    expect(countTarget(null, null)).toBeNull();
  });

  it("never go back to an older version, nor to a withdrawn one", () => {
    expect(wouldGoBack(record({ counted: counted("o2") }), counted("o1"))).toBe(true);
    expect(wouldGoBack(record({ counted: counted("o1") }), counted("o2"))).toBe(false);
    expect(wouldGoBack(record({ withdrawn: { order: "o2", at: "t", reason: "r" } }), counted("o2"))).toBe(
      true,
    );
  });

  it("count the same version again where the department now belongs", () => {
    expect(sameCount(counted("o1"), counted("o1"))).toBe(true);
    expect(sameCount(counted("o1"), { ...counted("o1"), scopes: ["year", "region:city"] })).toBe(false);
    expect(sameCount(null, null)).toBe(true);
  });
});

describe("explanationOf", () => {
  it("finds a warning's explanation for the version it was given for only", () => {
    const explained = record({
      explanations: {
        "cross_year.carried_over@F8": {
          order: "o1",
          rule: "cross_year.carried_over",
          cell: "F8",
          text: "t",
          at: "a",
        },
      },
    });
    expect(explanationOf(explained, "o1", { rule: "cross_year.carried_over", cell: "F8" })?.text).toBe("t");
    expect(explanationOf(explained, "o2", { rule: "cross_year.carried_over", cell: "F8" })).toBeUndefined();
  });
});

describe("places", () => {
  it("nest regions as paths of ids, so a region's departments share a prefix", () => {
    const province = { id: "prov", place: placeUnder(null) };
    const city = { id: "city", place: placeUnder(province) };
    expect(city.place).toBe("/prov/");
    expect(membersPlace(city)).toBe("/prov/city/");
    expect(regionsOf(membersPlace(city))).toEqual(["prov", "city"]);
    expect(directRegion("/prov/city/")).toBe("city");
    expect(directRegion("/")).toBeNull();
    expect(() => placeUnder({ id: "h", place: "/a/b/c/d/e/f/g/" })).toThrow(/at most 8/);
  });
});
