/**
 * Everything `gongkai` writes goes through here: the report on stdout, errors and progress on stderr, the
 * one `--json` object, colour only on a terminal. Text from outside (sheet names, cell text, file names,
 * keys, department names) can carry terminal escapes that set the title, clear the screen or draw a fake
 * `✔ 可以发布`, so every plain string written is escaped (`printable`); only our own styling (`Safe`, made by
 * the colour functions and the `safe` tag) reaches the terminal as it is.
 */

/** A stream gongkai writes to: the process's, or a test's. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where gongkai writes: the report and `--json` to stdout, the rest to stderr. */
export interface Streams {
  stdout: OutputStream;
  stderr: OutputStream;
}

/** Text that is ours to write as it is: our literals and styling, with every untrusted part escaped. */
export class Safe {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What the terminal is given: a plain string is untrusted and escaped whole (newlines included). */
export type Text = string | Safe;

// Bidirectional overrides and marks reorder what is shown (U+202E makes `xslx.exe` look like `exe.xlsx`);
// the line and paragraph separators break a line where none is seen.
const INVISIBLE_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068,
  0x2069,
]);

function isControl(code: number): boolean {
  // C0 (ESC starts every escape sequence), DEL, C1 (CSI 0x9B is an escape sequence on its own).
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || INVISIBLE_CONTROLS.has(code);
}

const NAMED: Record<number, string> = { 9: "\\t", 10: "\\n", 13: "\\r" };

function escaped(code: number): string {
  return NAMED[code] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

const hex = (code: number, width: number) => code.toString(16).padStart(width, "0");

/** The text with every control character (C0, DEL, C1, bidi controls) written as a visible escape. */
export function printable(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += isControl(code) ? escaped(code) : char;
  }
  return out;
}

function textOf(text: Text | number | null | undefined): string {
  if (text instanceof Safe) return text.text;
  if (text === null || text === undefined) return "";
  return printable(String(text));
}

/** A tagged template: the literal parts are ours, every interpolated string is escaped. */
export function safe(parts: TemplateStringsArray, ...values: (Text | number | null | undefined)[]): Safe {
  let text = parts[0] ?? "";
  values.forEach((value, index) => {
    text += textOf(value) + (parts[index + 1] ?? "");
  });
  return new Safe(text);
}

/** Joins pieces with a separator, each escaped unless it is `Safe`. */
export function joined(pieces: readonly Text[], separator: string): Safe {
  return new Safe(pieces.map(textOf).join(separator));
}

/** How many terminal columns a text takes: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isWide(char.codePointAt(0)!) ? 2 : 1;
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
  );
}

/** Pads (escaped) text to a number of terminal columns, so Chinese and Latin columns line up; pad, then paint. */
export function padded(text: Text, width: number): Safe {
  const value = textOf(text);
  return new Safe(value + " ".repeat(Math.max(0, width - displayWidth(value))));
}

/** The JSON text of a value, with C1, DEL and bidi controls escaped too (JSON.stringify leaves them). */
export function jsonText(value: unknown): string {
  let out = "";
  for (const char of JSON.stringify(value)) {
    const code = char.codePointAt(0)!;
    out += code >= 0x7f && isControl(code) ? `\\u${hex(code, 4)}` : char;
  }
  return out;
}

/** Long work on a terminal: a bar on stderr, redrawn in place, gone when done; nothing when piped. */
export interface Progress {
  /** One more item done (`detail`: what it was). */
  advance(detail?: Text): void;
  /** Clears the bar: success is quiet. */
  done(): void;
}

/** Every way a command writes, each to its stream and only when it should. */
export interface Terminal {
  /** `--json` was given: stdout holds one JSON object and nothing else. */
  readonly json: boolean;
  /** A line of the human report: stdout; nothing in `--json` mode. */
  out(text?: Text): void;
  /** A remark on the side (what is being waited for): stderr, and only when it is a terminal. */
  note(text: Text): void;
  /** What went wrong: stderr; in `--json` mode (where the JSON says it) only when it is a terminal. */
  err(text: Text): void;
  /** The one JSON object of `--json` mode: stdout; nothing otherwise. */
  emit(value: unknown): void;
  progress(label: Text, total: number): Progress;
  red(text: Text): Safe;
  yellow(text: Text): Safe;
  green(text: Text): Safe;
  dim(text: Text): Safe;
  bold(text: Text): Safe;
}

/** How a terminal is set up for one command. */
export interface TerminalOptions {
  /** What the environment permits (no `NO_COLOR`, not a dumb terminal); colour also needs a TTY. */
  colour: boolean;
  json: boolean;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 80;

/** The terminal of one command run on these streams. */
export function terminal(streams: Streams, options: TerminalOptions): Terminal {
  const { stdout, stderr } = streams;
  const colour = Boolean(stdout.isTTY) && options.colour;
  const paint = (code: string) => (text: Text) =>
    new Safe(colour ? `\u001b[${code}m${textOf(text)}\u001b[0m` : textOf(text));
  const line = (stream: OutputStream, text: Text) => stream.write(`${textOf(text)}\n`);
  return {
    json: options.json,
    out: (text = "") => {
      if (!options.json) line(stdout, text);
    },
    note: (text) => {
      if (stderr.isTTY) line(stderr, text);
    },
    err: (text) => {
      if (!options.json || stderr.isTTY) line(stderr, text);
    },
    emit: (value) => {
      if (options.json) stdout.write(`${jsonText(value)}\n`);
    },
    progress: (label, total) => progressBar(stderr, textOf(label), total),
    red: paint("31"),
    yellow: paint("33"),
    green: paint("32"),
    dim: paint("2"),
    bold: paint("1"),
  };
}

function progressBar(stream: OutputStream, label: string, total: number): Progress {
  if (!stream.isTTY || total <= 0) return { advance: () => {}, done: () => {} };
  let count = 0;
  let drawnAt = 0;
  const draw = (detail: string) => {
    const filled = Math.round((count / total) * BAR_WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
    const text = `${label} ${bar} ${count}/${total} ${detail}`;
    const width = (stream.columns ?? 80) - 1;
    // \r and erase-line redraw the bar in place.
    stream.write(`\r\u001b[2K${text.length > width ? text.slice(0, width) : text}`);
  };
  draw("");
  return {
    advance: (detail) => {
      count = Math.min(total, count + 1);
      const now = Date.now();
      if (now - drawnAt >= REDRAW_MS || count === total) {
        drawnAt = now;
        draw(textOf(detail));
      }
    },
    done: () => stream.write("\r\u001b[2K"),
  };
}
