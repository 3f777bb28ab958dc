import { AMOUNT_DECIMALS } from "../../../schemas/report";

/**
 * Exact decimal arithmetic for the year totals. Every value is held as integer micro-units (1 = 0.000001;
 * for amounts in 万元 that is 1 分) in a BigInt, so sums over any number of departments never drift the way
 * float sums do (0.1 + 0.2). Counts are the same numbers with no fraction.
 */

const SCALE = 10n ** BigInt(AMOUNT_DECIMALS);
const DECIMAL = new RegExp(`^(-?)(\\d+)(?:\\.(\\d{1,${AMOUNT_DECIMALS}}))?$`);

/** A report value (a count or an amount with at most 6 decimals) as micro-units. */
export function microFromNumber(value: number): bigint {
  const fixed = Number.isFinite(value) ? value.toFixed(AMOUNT_DECIMALS) : "";
  // toFixed gives the decimal the double stands for; if reading it back gives another double, the value
  // had more decimals than an amount may have, or is too large to be exact: our bug, not a clerk's.
  if (!DECIMAL.test(fixed) || Number(fixed) !== value) {
    throw new Error(`feed: ${value} is not a number with at most ${AMOUNT_DECIMALS} decimals`);
  }
  return microFromDecimal(fixed);
}

/** A decimal string (`24252.311082`, `-4`, `105`) as micro-units. */
export function microFromDecimal(text: string): bigint {
  const match = DECIMAL.exec(text);
  if (!match)
    throw new Error(
      `feed: ${JSON.stringify(text)} is not a decimal with at most ${AMOUNT_DECIMALS} decimals`,
    );
  const [, sign, whole = "0", fraction = ""] = match;
  const micro = BigInt(whole) * SCALE + BigInt(fraction.padEnd(AMOUNT_DECIMALS, "0"));
  return sign === "-" ? -micro : micro;
}

/** Micro-units as the shortest exact decimal string: `105`, `24252.611083`, `-4`. */
export function decimalFromMicro(micro: bigint): string {
  const negative = micro < 0n;
  const magnitude = negative ? -micro : micro;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(AMOUNT_DECIMALS, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** `part / whole` rounded half up to 4 decimals, or null when `whole` is 0. Exact: integer arithmetic only. */
export function rate(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  const tenThousandths = (part * 20_000n + whole) / (2n * whole);
  return Number(tenThousandths) / 10_000;
}
