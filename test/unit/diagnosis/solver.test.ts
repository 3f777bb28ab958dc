import { describe, expect, it } from "vitest";
import { Checker } from "../../../functions/core/diagnosis/check";
import { components, type LinearSystem } from "../../../functions/core/diagnosis/linear-system";
import { solveResidual } from "../../../functions/core/diagnosis/residual";
import { localise } from "../../../functions/core/diagnosis/search";
import { isTypo, typoNeighbours } from "../../../functions/core/diagnosis/typos";

/** A system from values and constraints written as `[[variable, coefficient], …], kind`. */
function system(
  values: readonly (number | bigint)[],
  constraints: readonly [terms: readonly [number, number][], kind?: "=" | ">="][],
  signed: readonly number[] = [],
): LinearSystem {
  return {
    variables: values.map((value, i) => ({ value: BigInt(value), lower: signed.includes(i) ? null : 0n })),
    constraints: constraints.map(([terms, kind = "="]) => ({
      terms: terms.map(([variable, coefficient]) => ({ variable, coefficient: BigInt(coefficient) })),
      kind,
    })),
  };
}

const limits = () => ({ maxCells: 6, budget: { steps: 10_000 }, maxSets: 24 });

function minimalSets(s: LinearSystem) {
  const checker = new Checker(s);
  return { checker, result: localise(checker, checker.violated, limits()) };
}

describe("the feasibility check", () => {
  it("pins a freed cell that one equation leaves alone, to an exact whole value", () => {
    // total = a + b, with total 10, a 3, b 5: freeing b pins it at 7.
    const s = system(
      [10, 3, 5],
      [
        [
          [
            [0, 1],
            [1, -1],
            [2, -1],
          ],
        ],
      ],
    );
    const checker = new Checker(s);
    expect(checker.check([2])).toEqual({ feasible: true });
    expect(checker.values([2]).get(2)).toBe(7n);
  });

  it("refuses a freed count that would have to be negative, naming the cells of the conflict", () => {
    // total = a + b with total 2, a 5: b would be −3.
    const checker = new Checker(
      system(
        [2, 5, 0],
        [
          [
            [
              [0, 1],
              [1, -1],
              [2, -1],
            ],
          ],
        ],
      ),
    );
    const result = checker.check([2]);
    expect(result.feasible).toBe(false);
    if (!result.feasible) expect([...result.conflict].sort()).toEqual([0, 1, 2]);
  });

  it("lets a signed count go negative", () => {
    // last + change ≥ 0: freeing the signed change of a row with 0 last year allows anything ≥ 0 … and −1 is fine when last is 1.
    const checker = new Checker(
      system(
        [1, -5],
        [
          [
            [
              [0, 1],
              [1, 1],
            ],
            ">=",
          ],
        ],
        [1],
      ),
    );
    expect(checker.check([1])).toEqual({ feasible: true });
    expect(checker.values([1]).get(1)).toBeNull();
  });

  it("stays exact beyond the range of floating point", () => {
    const big = 9_000_000_000_000_000n;
    // total = a + b at 18e15 + 1: a float sum would round the 1 away.
    const checker = new Checker(
      system(
        [2n * big + 1n, big, big],
        [
          [
            [
              [0, 1],
              [1, -1],
              [2, -1],
            ],
          ],
        ],
      ),
    );
    expect(checker.violated).toEqual([0]);
    expect(checker.values([0]).get(0)).toBe(2n * big);
  });

  it("leaves a value open when two freed cells share every equation, and finds it determined when bounds pin it", () => {
    // 0 = a + b with a, b ≥ 0: both must be 0.
    const pinned = new Checker(
      system(
        [1, 2],
        [
          [
            [
              [0, 1],
              [1, 1],
            ],
          ],
        ],
      ),
    );
    expect(pinned.check([0, 1])).toEqual({ feasible: true });
    expect([...pinned.values([0, 1]).values()]).toEqual([0n, 0n]);
    // 5 = a + b: many solutions.
    const open = new Checker(
      system(
        [5, 1, 1],
        [
          [
            [
              [0, 1],
              [1, -1],
              [2, -1],
            ],
          ],
        ],
      ),
    );
    expect([...open.values([1, 2]).values()]).toEqual([null, null]);
  });
});

describe("the residual solver", () => {
  it("finds no whole solution of 2x = 3, and one of 2x = 4", () => {
    expect(
      solveResidual(
        [
          { c: [2n], k: -3n },
          { c: [-2n], k: 3n },
        ],
        1,
      ),
    ).toBe("infeasible");
    expect(
      solveResidual(
        [
          { c: [2n], k: -4n },
          { c: [-2n], k: 4n },
        ],
        1,
      ),
    ).toBe("feasible");
  });

  it("decides x − y = 3, x + y = 5 with whole values (x 4, y 1), and x + y = 4, x − y = 1 has none", () => {
    const equal = (c: bigint[], k: bigint) => [
      { c, k },
      { c: c.map((x) => -x), k: -k },
    ];
    expect(solveResidual([...equal([1n, -1n], -3n), ...equal([1n, 1n], -5n)], 2)).toBe("feasible");
    expect(solveResidual([...equal([1n, 1n], -4n), ...equal([1n, -1n], -1n)], 2)).toBe("infeasible");
  });
});

describe("error localisation", () => {
  it("names the one cell that breaks two sums at once, not the totals each sum would blame", () => {
    // A 2×2 table with row and column totals; cell (0,0) typed 12 for 21.
    //   v0 v1 | v4        12  5 | 26
    //   v2 v3 | v5         3  4 |  7
    //   v6 v7 | v8        24  9 | 33
    const s = system(
      [12, 5, 3, 4, 26, 7, 24, 9, 33],
      [
        [
          [
            [4, 1],
            [0, -1],
            [1, -1],
          ],
        ],
        [
          [
            [5, 1],
            [2, -1],
            [3, -1],
          ],
        ],
        [
          [
            [6, 1],
            [0, -1],
            [2, -1],
          ],
        ],
        [
          [
            [7, 1],
            [1, -1],
            [3, -1],
          ],
        ],
        [
          [
            [8, 1],
            [4, -1],
            [5, -1],
          ],
        ],
        [
          [
            [8, 1],
            [6, -1],
            [7, -1],
          ],
        ],
      ],
    );
    const { checker, result } = minimalSets(s);
    expect(result).toEqual({ kind: "found", sets: [[0]], more: false, exact: true });
    expect(checker.values([0]).get(0)).toBe(21n);
  });

  it("names every cell of a lone broken sum when any of them would do", () => {
    const { result } = minimalSets(
      system(
        [10, 3, 5],
        [
          [
            [
              [0, 1],
              [1, -1],
              [2, -1],
            ],
          ],
        ],
      ),
    );
    expect(result).toMatchObject({ kind: "found", sets: [[0], [1], [2]] });
  });

  it("keeps to the smallest repair when a cell of no broken sum must change with one that is", () => {
    // a = b (broken: 1 vs 2) and b = c (holds: 2 = 2), c fixed by c = d (holds). Freeing a alone repairs.
    const s = system(
      [1, 2, 2, 2],
      [
        [
          [
            [0, 1],
            [1, -1],
          ],
        ],
        [
          [
            [1, 1],
            [2, -1],
          ],
        ],
        [
          [
            [2, 1],
            [3, -1],
          ],
        ],
      ],
    );
    expect(minimalSets(s).result).toMatchObject({ kind: "found", sets: [[0]] });
  });

  it("gives up, saying so, when more cells would have to change than it looks for", () => {
    // Eight independent broken equations a_i = b_i: at least eight cells.
    const values: number[] = [];
    const constraints: [[number, number][]][] = [];
    for (let i = 0; i < 8; i++) {
      values.push(1, 2);
      constraints.push([
        [
          [2 * i, 1],
          [2 * i + 1, -1],
        ],
      ]);
    }
    const s = system(values, constraints);
    expect(minimalSets(s).result).toEqual({ kind: "too_many", atLeast: 8 });
  });

  it("splits the system into the parts that share no cell", () => {
    const s = system(
      [1, 2, 3, 4],
      [
        [
          [
            [0, 1],
            [1, -1],
          ],
        ],
        [
          [
            [2, 1],
            [3, -1],
          ],
        ],
      ],
    );
    expect(components(s)).toEqual([[0], [1]]);
  });
});

describe("typos", () => {
  it("tells a swapped pair, a dropped, added or wrong digit, and a sign from a different number", () => {
    expect(isTypo(1228, 1288)).toBe(true);
    expect(isTypo(1828, 1288)).toBe(true);
    expect(isTypo(1882, 1288)).toBe(false);
    expect(isTypo(128, 1288)).toBe(true);
    expect(isTypo(12188, 1288)).toBe(true);
    expect(isTypo(1388, 1288)).toBe(true);
    expect(isTypo(-18, 18)).toBe(true);
    expect(isTypo(47, 46)).toBe(true);
    expect(isTypo(50, 46)).toBe(false);
  });

  it("lists the numbers one typo away", () => {
    const near = typoNeighbours(12, false);
    expect(near).toEqual(expect.arrayContaining([21, 1, 2, 112, 120, 13, 22]));
    expect(near).not.toContain(12);
    expect(typoNeighbours(-4, true)).toContain(4);
  });
});
