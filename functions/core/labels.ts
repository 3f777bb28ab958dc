/**
 * Label matching. Departments type the national labels their own way: line breaks and spaces inside
 * (`本年 新制作数量`), full- or half-width brackets and digits, any quotes around 三安全一稳定, enumerators
 * or none (`（一）予以公开` / `予以公开`), units in brackets, and the odd typo. Labels are compared
 * after NFKC with white space and quote marks removed, never by position.
 */

const QUOTES = /["'“”‘’「」『』〝〞＂＇`]/g;
const WHITESPACE = /[\s\u00a0\u3000]+/g;
/**
 * Characters that print as nothing but make two labels differ: soft hyphen, zero-width space, joiners and
 * non-joiner, word joiner, Mongolian vowel separator, combining grapheme joiner, byte-order mark, and the
 * bidirectional marks, embeddings, overrides and isolates.
 */
export const INVISIBLE = /\u034f|[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** NFKC, no white space, no invisible characters, no quote marks. */
export function normalizeLabel(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "").replace(WHITESPACE, "").replace(QUOTES, "");
}

/** A leading enumerator: `一、` `(一)` `1.` `1、` `(1)` `①`. */
const ENUMERATOR =
  /^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[、.)](?!\d)|\(\d{1,2}\)|[①-⑳])/;

export function stripEnumerators(normalized: string): string {
  let text = normalized;
  for (let i = 0; i < 3; i++) {
    const next = text.replace(ENUMERATOR, "");
    if (next === text) break;
    text = next;
  }
  return text;
}

/**
 * Splits a label cell that holds several levels at once (`三、本年度办理结果(三)不予公开1.属于国家秘密`)
 * into its parts, outermost first.
 */
const ENUMERATOR_ANYWHERE =
  /(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|(?<![\d.])\d{1,2}[、.](?!\d))/g;

export function splitLevels(normalized: string): string[] {
  const starts: number[] = [];
  for (const match of normalized.matchAll(ENUMERATOR_ANYWHERE)) {
    if (match.index !== undefined) starts.push(match.index);
  }
  if (starts.length <= 1) return normalized ? [normalized] : [];
  const parts: string[] = [];
  if (starts[0]! > 0) parts.push(normalized.slice(0, starts[0]));
  for (let i = 0; i < starts.length; i++)
    parts.push(normalized.slice(starts[i], starts[i + 1] ?? normalized.length));
  return parts.filter((part) => stripEnumerators(part).length > 0);
}

const TRAILING_BRACKET = /\([^()]*\)$/;

/** The forms a label is compared in: its core without enumerators, and that without a trailing bracket (a unit, a note). */
const keyCache = new Map<string, string[]>();

export function labelKeys(text: string): string[] {
  const cached = keyCache.get(text);
  if (cached) return cached;
  const keys = computeKeys(text);
  if (keyCache.size > 50_000) keyCache.clear();
  keyCache.set(text, keys);
  return keys;
}

function computeKeys(text: string): string[] {
  const core = stripEnumerators(normalizeLabel(text));
  const keys = [core];
  const bare = core.replace(TRAILING_BRACKET, "");
  if (bare && bare !== core) keys.push(bare);
  return keys;
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** How well a cell's text matches a label: 3 exact, 2 exact after dropping a trailing bracket, 1 a typo away, 0 not at all. */
/** Scores per label list (the lists are the format's own, long-lived arrays), then per cell text. */
const scoreCache = new WeakMap<readonly string[], Map<string, number>>();

export function matchScore(cellText: string, labels: readonly string[]): number {
  let scores = scoreCache.get(labels);
  if (!scores) {
    scores = new Map();
    scoreCache.set(labels, scores);
  }
  let score = scores.get(cellText);
  if (score === undefined) {
    score = computeScore(cellText, labels);
    if (scores.size > 20_000) scores.clear();
    scores.set(cellText, score);
  }
  return score;
}

const singles = new Map<string, readonly string[]>();

/** One label as a list, the same array every time. */
export function oneLabel(label: string): readonly string[] {
  let labels = singles.get(label);
  if (!labels) {
    labels = [label];
    singles.set(label, labels);
  }
  return labels;
}

const labelLists = new WeakMap<object, readonly string[]>();

/** A spec's label and aliases as one list, the same array every time (so scores cache by it). */
export function labelsOf(spec: { label: string; aliases?: readonly string[] }): readonly string[] {
  let labels = labelLists.get(spec);
  if (!labels) {
    labels = [spec.label, ...(spec.aliases ?? [])];
    labelLists.set(spec, labels);
  }
  return labels;
}

type Labelled = { label: string; aliases?: readonly string[] };
const listScores = new WeakMap<readonly Labelled[], Map<string, Uint8Array>>();

/**
 * The scores of one text against every spec of a list (a table's columns, its rows), computed once per
 * distinct text: locating asks the same question of every header cell, for every table and format.
 */
export function scoresAgainst(text: string, specs: readonly Labelled[]): Uint8Array {
  let byText = listScores.get(specs);
  if (!byText) {
    byText = new Map();
    listScores.set(specs, byText);
  }
  let scores = byText.get(text);
  if (!scores) {
    scores = new Uint8Array(specs.length);
    for (let i = 0; i < specs.length; i++) scores[i] = matchScore(text, labelsOf(specs[i]!));
    if (byText.size > 20_000) byText.clear();
    byText.set(text, scores);
  }
  return scores;
}

function computeScore(cellText: string, labels: readonly string[]): number {
  const cellKeys = labelKeys(cellText);
  if (!cellKeys[0]) return 0;
  let best = 0;
  for (const label of labels) {
    const keys = labelKeys(label);
    if (keys[0] === cellKeys[0]) return 3;
    if (keys.some((key) => cellKeys.includes(key))) best = Math.max(best, 2);
    const core = keys[0]!;
    const allowed = core.length >= 12 ? 2 : core.length >= 5 ? 1 : 0;
    if (allowed > 0 && editDistance(cellKeys[0], core, allowed) <= allowed) best = Math.max(best, 1);
  }
  return best;
}
