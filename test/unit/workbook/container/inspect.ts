import { afterEach, beforeAll, expect } from "vitest";
import {
  type ContainerVerdict,
  inspectContainer,
  type WorkbookProblem,
} from "../../../../functions/core/workbook/container";
import { DEFAULT_LIMITS, type WorkbookLimits } from "../../../../functions/core/workbook/limits";

/** How the guard's tests inspect a file and read its verdict. */

export const MiB = 1024 * 1024;

/** The options the reader gives SheetJS, for tests that read what the guard let through. */
export const READ_OPTIONS = {
  type: "buffer",
  dense: true,
  sheetRows: DEFAULT_LIMITS.maxRows,
  cellFormula: true,
  cellHTML: false,
  cellStyles: false,
  bookVBA: false,
} as const;

export function inspect(bytes: Uint8Array, limits: WorkbookLimits = DEFAULT_LIMITS): ContainerVerdict {
  return inspectContainer(bytes, limits);
}

export function problemOf(verdict: ContainerVerdict): WorkbookProblem {
  if (verdict.ok) throw new Error(`expected a refusal, got ${JSON.stringify(verdict)}`);
  return verdict.problem;
}

/** Runs `action` and returns how much the resident set grew meanwhile, in MiB. */
export function rssGrowth(action: () => void): number {
  const before = process.memoryUsage().rss;
  action();
  return (process.memoryUsage().rss - before) / MiB;
}

/** Nothing read, inspected or built in the file's tests may add to Object.prototype (CVE-2023-30533 and its kind). */
export function keepPrototypesClean(): void {
  let prototypeKeys: string[] = [];
  beforeAll(() => {
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  });
  afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
}
