import { describe, expect, it } from "vitest";
import { matchScore, normalizeLabel, splitLevels, stripEnumerators } from "../../functions/core/labels";

/** Labels are compared after NFKC with white space and quote marks removed (spec: "Matching labels"). */

describe("normalizeLabel", () => {
  it("removes spaces and line breaks inside a label", () => {
    expect(normalizeLabel("本年 新制作数量")).toBe("本年新制作数量");
    expect(normalizeLabel("本年\n制发件数")).toBe("本年制发件数");
    expect(normalizeLabel("现行有效\u3000件数")).toBe("现行有效件数");
  });

  it("folds full-width brackets and digits, and drops any quote marks", () => {
    expect(normalizeLabel("（三）不予公开")).toBe("(三)不予公开");
    expect(normalizeLabel("３.危及“三安全一稳定”")).toBe("3.危及三安全一稳定");
    expect(normalizeLabel('3.危及"三安全一稳定"')).toBe("3.危及三安全一稳定");
  });
});

describe("stripEnumerators and splitLevels", () => {
  it("drops the enumerators the format numbers its rows with", () => {
    expect(stripEnumerators("一、本年新收政府信息公开申请数量")).toBe("本年新收政府信息公开申请数量");
    expect(stripEnumerators("(一)予以公开")).toBe("予以公开");
    expect(stripEnumerators("1.属于国家秘密")).toBe("属于国家秘密");
    expect(stripEnumerators("1、属于国家秘密")).toBe("属于国家秘密");
  });

  it("splits a cell holding several levels of the row headings", () => {
    expect(splitLevels(normalizeLabel("三、本年度办理结果 (三) 不予公开 1.属于国家秘密"))).toEqual([
      "三、本年度办理结果",
      "(三)不予公开",
      "1.属于国家秘密",
    ]);
    expect(splitLevels("第二十条第(一)项")).toEqual(["第二十条第(一)项"]);
  });
});

describe("matchScore", () => {
  it("matches exactly after normalization, with or without the enumerator", () => {
    expect(matchScore(normalizeLabel("（一）予以公开"), ["（一）予以公开"])).toBe(3);
    expect(matchScore("予以公开", ["（一）予以公开"])).toBe(3);
  });

  it("matches a label followed by a unit in brackets", () => {
    expect(matchScore(normalizeLabel("采购总金额（万元）"), ["采购总金额"])).toBe(2);
  });

  it("forgives a one-character typo in a longer label but not in a short one", () => {
    expect(matchScore("本机关不掌握相关政府新息", ["1.本机关不掌握相关政府信息"])).toBe(1);
    expect(matchScore("行政处罚", ["行政强制"])).toBe(0);
    expect(matchScore("本年新公开数量", ["本年新制作数量"])).toBe(0);
  });
});
