/** Colour and progress on a terminal; plain text when piped. Errors and progress go to stderr. */
export interface Terminal {
  colour: boolean;
  out(line?: string): void;
  err(line: string): void;
  progress(line: string): void;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** `allowColour`: what the environment permits (no `NO_COLOR`, not a dumb terminal). */
export function terminal(allowColour: boolean): Terminal {
  const colour = Boolean(process.stdout.isTTY) && allowColour;
  const paint = (code: string) => (text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    colour,
    out: (line = "") => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progress: (line) => {
      if (process.stderr.isTTY) process.stderr.write(`${paint("2")(line)}\n`);
    },
    red: paint("31"),
    yellow: paint("33"),
    green: paint("32"),
    dim: paint("2"),
    bold: paint("1"),
  };
}

/** Thrown for wrong arguments: the command prints its usage and exits 2. */
export class UsageError extends Error {}
