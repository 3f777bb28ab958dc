/**
 * What a typo looks like: the number typed differs from the right one by one digit (wrong, dropped or
 * added), by two adjacent digits swapped (1228 for 1288), or by its sign. Among equally small repairs,
 * one whose changes look like typos is the more plausible.
 */

/** Whether `typed` is one typo away from `meant`. */
export function isTypo(typed: number, meant: number): boolean {
  if (typed === meant) return false;
  if (typed === -meant) return true;
  if (Math.sign(typed) * Math.sign(meant) < 0) return false;
  return oneEditApart(String(Math.abs(typed)), String(Math.abs(meant)));
}

/** One substitution, insertion, deletion or adjacent transposition apart. */
function oneEditApart(a: string, b: string): boolean {
  if (a.length === b.length) {
    const differ: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ.push(i);
    if (differ.length === 1) return true;
    const [i, j] = differ;
    return differ.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  for (let i = 0; i < long.length; i++) {
    if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}

/** Every number one typo away from `typed` (whole numbers unless `typed` has decimals), bounded in count. */
export function typoNeighbours(typed: number, signed: boolean): number[] {
  const text = String(Math.abs(typed));
  const sign = typed < 0 ? -1 : 1;
  const out = new Set<number>();
  const add = (candidate: string) => {
    if (!/^\d+(\.\d+)?$/.test(candidate) && !/^\d+$/.test(candidate)) return;
    const n = sign * Number(candidate);
    if (Number.isFinite(n) && n !== typed) out.add(n);
  };
  const digits = "0123456789";
  for (let i = 0; i < text.length; i++) {
    add(text.slice(0, i) + text.slice(i + 1) || "0");
    if (i + 1 < text.length) add(text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2));
    for (const d of digits) add(text.slice(0, i) + d + text.slice(i + 1));
  }
  for (let i = 0; i <= text.length; i++) for (const d of digits) add(text.slice(0, i) + d + text.slice(i));
  if (signed && typed !== 0) out.add(-typed);
  return [...out];
}
