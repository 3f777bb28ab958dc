import { describe, expect, it } from "vitest";
import {
  annotatedKey,
  claimedDepartment,
  ITEM_KEY,
  OBJECT_PREFIX,
  originalKey,
  oversizeKey,
  parseUploadKey,
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
  it("names every item as the README's data model table does", () => {
    expect(ITEM_KEY.department("finance")).toEqual({ pk: "DEPARTMENTS", sk: "finance" });
    expect(ITEM_KEY.upload("finance", 2024, "o")).toEqual({ pk: "UPLOADS#finance", sk: "2024#o" });
    expect(ITEM_KEY.version("finance", 2024, "o")).toEqual({ pk: "REPORT#finance#2024", sk: "V#o" });
    expect(ITEM_KEY.current("finance", 2024)).toEqual({ pk: "REPORT#finance#2024", sk: "CURRENT" });
    expect(ITEM_KEY.cell(2024, "applications.received.total", "finance")).toEqual({
      pk: "CELL#2024#applications.received.total",
      sk: "finance",
    });
    expect(ITEM_KEY.yearSums(2024)).toEqual({ pk: "STATE#YEAR#2024", sk: "STATE" });
    expect(ITEM_KEY.yearList(2024, 15)).toEqual({ pk: "STATE#YEAR#2024#LIST#15", sk: "STATE" });
    expect(ITEM_KEY.departmentHistory("finance")).toEqual({ pk: "STATE#DEPARTMENT#finance", sk: "STATE" });
    expect(ITEM_KEY.feedIndex()).toEqual({ pk: "STATE#INDEX", sk: "STATE" });
  });
});
