import { describe, expect, it } from "vitest";
import {
  annotatedKey,
  claimedDepartment,
  ITEM_KEY,
  OBJECT_PREFIX,
  originalKey,
  oversizeKey,
  parseUploadKey,
  ROSTER_INDEX,
  ROSTER_KEY,
  UPLOAD_KEY_PATTERN,
  uploadKey,
  uploadPrefix,
} from "../../functions/storage-layout";

/** Where things are stored: pinned, since data already stored under these names must stay findable. */

describe("the buckets' layout", () => {
  it("builds upload keys that parse back into their parts", () => {
    const key = uploadKey("city-edu", 2024, "年度 报告.xlsx");
    expect(key).toBe("uploads/city-edu/2024/年度 报告.xlsx");
    expect(key.startsWith(uploadPrefix("city-edu"))).toBe(true);
    expect(parseUploadKey(key)).toEqual({ department: "city-edu", year: 2024, fileName: "年度 报告.xlsx" });
    expect(UPLOAD_KEY_PATTERN).toBe("uploads/{department}/{year}/{file}");
  });

  it("reads the department a key claims even when the rest of the key does not fit the layout", () => {
    expect(parseUploadKey("uploads/Bad_Dept/report.xlsx")).toBeNull();
    expect(claimedDepartment("uploads/Bad_Dept/report.xlsx")).toBe("Bad_Dept");
  });

  it("keeps originals content-addressed and oversize uploads by order, under originals/", () => {
    expect(OBJECT_PREFIX).toEqual({
      uploads: "uploads/",
      originals: "originals/",
      oversize: "originals/oversize/",
      annotated: "annotated/",
      feed: "v1/",
    });
    expect(annotatedKey("finance", 2024, "000-01")).toBe("annotated/finance/2024/000-01.xlsx");
    expect(originalKey("ab12")).toBe("originals/ab12");
    expect(oversizeKey("000-01")).toBe("originals/oversize/000-01");
  });
});

describe("the table's keys", () => {
  it("index departments and season records by place, so a region is one key prefix", () => {
    expect(ROSTER_INDEX).toMatchObject({ name: "roster", partitionKey: "gpk", sortKey: "gsk" });
    expect(ROSTER_KEY.members).toBe("MEMBERS");
    expect(ROSTER_KEY.year(2024)).toBe("ROSTER#2024");
    expect(ROSTER_KEY.sort("/prov/city/", "city-edu")).toBe("/prov/city/city-edu");
  });

  it("names every item as the README's data model table does", () => {
    expect(ITEM_KEY.department("finance")).toEqual({ pk: "DEPARTMENTS", sk: "finance" });
    expect(ITEM_KEY.upload("finance", 2024, "o")).toEqual({ pk: "UPLOADS#finance", sk: "2024#o" });
    expect(ITEM_KEY.version("finance", 2024, "o")).toEqual({ pk: "REPORT#finance#2024", sk: "V#o" });
    expect(ITEM_KEY.current("finance", 2024)).toEqual({ pk: "REPORT#finance#2024", sk: "CURRENT" });
    expect(ITEM_KEY.season("finance", 2024)).toEqual({ pk: "REPORT#finance#2024", sk: "SEASON" });
    expect(ITEM_KEY.revisions("finance", 2024)).toEqual({ pk: "REPORT#finance#2024", sk: "REVISIONS" });
    expect(ITEM_KEY.region("city")).toEqual({ pk: "REGIONS", sk: "city" });
    expect(ITEM_KEY.sumsShard({ kind: "year", year: 2024 }, 7)).toEqual({
      pk: "SUMS#YEAR#2024#7",
      sk: "SHARD",
    });
    expect(ITEM_KEY.sumsShard({ kind: "region", region: "city", year: 2024 }, 0)).toEqual({
      pk: "SUMS#REGION#city#2024#0",
      sk: "SHARD",
    });
    expect(ITEM_KEY.sumsHead({ kind: "year", year: 2024 })).toEqual({ pk: "SUMS#YEAR#2024", sk: "HEAD" });
    expect(ITEM_KEY.listingDirectory({ kind: "year", year: 2024 })).toEqual({
      pk: "LISTING#YEAR#2024",
      sk: "DIRECTORY",
    });
    expect(ITEM_KEY.listingPage({ kind: "region", region: "city" }, 3)).toEqual({
      pk: "LISTING#REGION#city#3",
      sk: "PAGE",
    });
    expect(ITEM_KEY.reminderRound(2024, "d-3")).toEqual({ pk: "SEASON#2024", sk: "ROUND#d-3" });
    expect(ITEM_KEY.departmentHistory("finance")).toEqual({ pk: "STATE#DEPARTMENT#finance", sk: "STATE" });
    expect(ITEM_KEY.feedIndex()).toEqual({ pk: "STATE#INDEX", sk: "STATE" });
  });
});
