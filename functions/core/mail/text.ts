/**
 * Untrusted text made safe to show: a department name, file name, sheet name or cell text can hold
 * anything a hostile workbook puts there.
 */

/** Code points that could reshape the mail rather than show as text: controls, zero-width and bidi overrides. */
function invisible(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2060 && codePoint <= 0x2069) ||
    codePoint === 0xfeff
  );
}

/** One line of at most `max` characters: invisible characters become spaces, runs of space one, a long text ends in `…`. */
export function clean(text: string, max: number): string {
  let out = "";
  for (const char of text) out += invisible(char.codePointAt(0) ?? 0) ? " " : char;
  const chars = [...out.replace(/\s+/g, " ").trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : chars.join("");
}

/** Limits, in characters, of what an email shows of untrusted text. */
export const LIMITS = { name: 120, fileName: 200, sheet: 100, cell: 20, message: 500, key: 1100 } as const;

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** An upload time as people in China read it (UTC+8), or the text as given when it is no time. */
export function beijingTime(iso: string, lang: "zh" | "en"): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return clean(iso, 40);
  const local = new Date(ms + 8 * 3_600_000).toISOString();
  const shown = `${local.slice(0, 10)} ${local.slice(11, 16)}`;
  return lang === "zh" ? `${shown}（北京时间）` : `${shown} (Beijing time, UTC+8)`;
}

/** A word the shell takes as it is: quoted unless it is plainly safe. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
