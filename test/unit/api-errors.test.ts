import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_ERRORS, type ApiErrorCode, apiErrorBody, apiErrorStatus } from "../../schemas/api-errors";

/** The desk API's error catalogue: a status and a message in both languages for every code, all documented. */

const codes = Object.keys(API_ERRORS) as ApiErrorCode[];

describe("the desk API's error catalogue", () => {
  it("answers every code with one of the statuses the desk names, and a message in Chinese and English", () => {
    for (const code of codes) {
      expect([400, 401, 403, 404, 405, 409, 413, 500], code).toContain(apiErrorStatus(code));
      const { error } = apiErrorBody({ code, detail: "DETAIL" });
      expect(error.code).toBe(code);
      expect(error.message.zh.length, code).toBeGreaterThan(4);
      expect(error.message.en.length, code).toBeGreaterThan(4);
      expect(/[\u4e00-\u9fff]/.test(error.message.zh), code).toBe(true);
    }
  });

  it("puts the detail a code names (a field, a limit) into both messages", () => {
    const { error } = apiErrorBody({ code: "request.unknown_field", detail: "acl" });
    expect(error.message.zh).toContain("acl");
    expect(error.message.en).toContain("acl");
  });

  it("is listed in the README, code by code", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    for (const code of codes) expect(readme, code).toContain(`\`${code}\``);
  });
});
