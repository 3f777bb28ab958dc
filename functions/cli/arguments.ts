import { DEPARTMENT_ID } from "../storage-layout";
import { UsageError } from "./command";

/** The values several commands take, parsed once: each says what it wants when the text is not that. */

/** A department id: the upload prefix `uploads/{id}/`. */
export function departmentId(text: string): string {
  if (!DEPARTMENT_ID.test(text)) {
    throw new UsageError(
      `a department id is lowercase letters, digits and hyphens (finance-bureau), not "${text}"`,
    );
  }
  return text;
}

/** A region id: the same shape as a department's (`city-a`). */
export function regionId(text: string): string {
  if (!DEPARTMENT_ID.test(text)) {
    throw new UsageError(`a region id is lowercase letters, digits and hyphens (city-a), not "${text}"`);
  }
  return text;
}

/** A report year. */
export function reportYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 2000 || year > 2100) {
    throw new UsageError(`a year is four digits such as 2024, not "${text}"`);
  }
  return year;
}

/** A whole number of seconds, at least one. */
export function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`give whole seconds such as 60, not "${text}"`);
  return value;
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$|^[^\s@<>,;]+@localhost$/;

/** An address a department's mail may go to. */
export function emailAddress(text: string): string {
  if (!isEmailAddress(text)) throw new UsageError(`not an email address: ${text}`);
  return text;
}

/** Whether the text is an address mail may be sent to (a name@domain, or name@localhost locally). */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}
