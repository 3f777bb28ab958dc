/**
 * Cell ranges as SheetJS reads them, so the guard counts the cells SheetJS will visit rather than the
 * cells Excel would allow.
 */

/** A range, 0-based and inclusive, as SheetJS decodes it (start may be after end). */
export interface DecodedRange {
  sr: number;
  sc: number;
  er: number;
  ec: number;
}

/**
 * A range as SheetJS's `safe_decode_range` reads it (0-based): upper-case letters then digits, no `$`,
 * no clamp to Excel's limits, so `A1:A99999999999` really is 10^11 rows to a loop over it.
 */
export function decodeRange(ref: string): DecodedRange {
  let i = 0;
  const letters = (): number => {
    let n = 0;
    for (; i < ref.length; i++) {
      const cc = ref.charCodeAt(i) - 64;
      if (cc < 1 || cc > 26) break;
      n = 26 * n + cc;
    }
    return n - 1;
  };
  const digits = (): number => {
    let n = 0;
    for (; i < ref.length; i++) {
      const cc = ref.charCodeAt(i) - 48;
      if (cc < 0 || cc > 9) break;
      n = 10 * n + cc;
    }
    return n - 1;
  };
  const sc = letters();
  const sr = digits();
  if (i === ref.length || ref.charCodeAt(i) !== 58) return { sr, sc, er: sr, ec: sc };
  i++;
  const ec = letters();
  const er = digits();
  return { sr, sc, er, ec };
}

/** Cells a `for (R = s.r; R <= e.r) for (C = s.c; C <= e.c)` loop over the range visits. */
export function rangeArea(range: DecodedRange): number {
  return Math.max(0, range.er - range.sr + 1) * Math.max(0, range.ec - range.sc + 1);
}
