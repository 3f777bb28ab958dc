import { describe, expect, it } from "vitest";
import {
  cellChanges,
  MAX_REVISIONS_CHARS,
  type StoredRevision,
  shownRevisions,
  withRevision,
} from "../../functions/core/feed";
import { county2024Tables } from "../fixtures/reports/county-2021";

/** The earlier versions of a report, pure: what changed, recorded once, shown to later versions only. */

const source = {
  key: "uploads/d/2024/r.xlsx",
  versionId: null,
  sha256: "a".repeat(64),
  uploadedAt: "2025-01-01T00:00:00.000Z",
};

function revision(
  order: string,
  changes: StoredRevision["changes"],
  replacedBy: string | null = "o9",
): StoredRevision {
  return {
    order,
    publishedAt: "2025-01-02T00:00:00.000Z",
    source,
    replacedAt: "2025-01-03T00:00:00.000Z",
    replacedBy,
    changes,
    withdrawn: null,
  };
}

describe("cellChanges", () => {
  it("lists the cells that differ, from → to, in the format's order", () => {
    const after = county2024Tables();
    after.applications.received!.total = 50;
    after.proactive.licensing!.decisions = 7;
    const changes = cellChanges("2021", county2024Tables(), after);
    expect(changes).toEqual([
      expect.objectContaining({ table: "proactive", row: "licensing", column: "decisions", to: 7 }),
      { table: "applications", row: "received", column: "total", from: 48, to: 50 },
    ]);
  });
});

describe("withRevision", () => {
  it("records a version once, and again only when what replaced it changed", () => {
    const first = withRevision(null, revision("o1", []))!;
    expect(withRevision(first, revision("o1", []))).toBeUndefined();
    const replaced = withRevision(first, revision("o1", [], "o10"))!;
    expect(replaced.revisions).toHaveLength(1);
    expect(replaced.revisions[0]!.replacedBy).toBe("o10");
  });

  it("keeps revisions oldest first and below the budget, dropping the oldest cell lists first", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      table: "applications",
      row: `r${i}`,
      column: "total",
      from: i,
      to: i + 1,
    }));
    let state = null;
    for (let i = 10; i < 40; i++) state = withRevision(state, revision(`o${i}`, many)) ?? state;
    expect(JSON.stringify(state).length).toBeLessThanOrEqual(MAX_REVISIONS_CHARS);
    expect(state!.revisions.map((entry) => entry.order)).toEqual(
      Array.from({ length: 30 }, (_, i) => `o${i + 10}`),
    );
    expect(state!.revisions[0]!.changes).toBeNull();
    expect(state!.revisions.at(-1)!.changes).toHaveLength(200);
  });
});

describe("shownRevisions", () => {
  it("shows a version the versions published before it", () => {
    const state = withRevision(withRevision(null, revision("o1", []))!, revision("o3", []))!;
    expect(shownRevisions(state, "o2")).toHaveLength(1);
    expect(shownRevisions(state, "o4")).toHaveLength(2);
  });
});
