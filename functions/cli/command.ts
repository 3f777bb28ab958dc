import type { CliEnvironment, CliVariable } from "../config";
import type { Terminal } from "./terminal";

/**
 * What a `gongkai` command declares: its name, its one-line purpose, its arguments and options, examples,
 * the environment it reads and whether it speaks `--json`. Help, parsing, parse errors and `--json` error
 * objects are made from this one declaration (`program.ts`); adding a command is one file exporting a
 * declaration plus one line in `commands.ts`.
 *
 * A command file imports only light modules at its top (no AWS SDK, SheetJS, zod or local servers):
 * `gongkai --help` reads every declaration, and must answer at once. What `run` needs it imports itself.
 */

/** The same for every command (README, "Exit codes"). */
export const EXIT = { done: 0, refused: 1, usage: 2, failed: 3 } as const;
/** One of the four exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means, as help and the README say it. */
export const EXIT_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: "done",
  1: "the input was refused (validate found errors, an upload was rejected, a file of departments is wrong)",
  2: "wrong usage (an unknown option, a missing argument, a file that is not there)",
  3: "the system failed (the local stack unreachable, an AWS error, no outcome in time)",
};

/** The language of the human report (`--lang`). */
export type Lang = "zh" | "en";

interface OptionBase {
  description: string;
  /** A one-letter alias: `o` for `-o`. */
  short?: string;
}

/** `--name`, or `--no-name` when `negatable` (then it defaults to true). */
export interface FlagOption extends OptionBase {
  type: "boolean";
  negatable?: boolean;
}

/** `--name <value>`; `parse` turns the text into the value or throws a `UsageError` saying what is wanted. */
export interface ValueOption extends OptionBase {
  type: "string";
  /** The placeholder in help: `ID`, `N`, `FILE`. */
  value: string;
  parse?: (text: string) => unknown;
  required?: boolean;
  /** May be given more than once; the values in order. */
  multiple?: boolean;
  choices?: readonly string[];
  default?: string;
}

/** An option of a command, declared. */
export type OptionSpec = FlagOption | ValueOption;
/** A command's options by name (camelCase; `dlqArn` is `--dlq-arn`). */
export type Options = Readonly<Record<string, OptionSpec>>;

/** A positional argument, declared. */
export interface ArgumentSpec {
  name: string;
  description: string;
  /** One or more (`<file...>`). */
  variadic?: boolean;
  optional?: boolean;
}

type ValueOf<O> = O extends { type: "boolean" }
  ? boolean
  : O extends { parse: (text: string) => infer R }
    ? R
    : string;

/** The parsed options, typed from their declaration. */
export type OptionValues<O extends Options> = {
  [K in keyof O]: O[K] extends { multiple: true }
    ? ValueOf<O[K]>[]
    : O[K] extends { required: true } | { default: string } | { negatable: true }
      ? ValueOf<O[K]>
      : ValueOf<O[K]> | undefined;
};

/** The parsed arguments, by name. */
export type ArgumentValues<A extends readonly ArgumentSpec[]> = {
  [S in A[number] as S["name"]]: S extends { variadic: true }
    ? string[]
    : S extends { optional: true }
      ? string | undefined
      : string;
};

/** An example in a command's help. */
export interface Example {
  command: string;
  /** What it does, in a few words. */
  does: string;
}

/** What a command runs with: where it writes, and the environment read once. */
export interface CommandContext {
  term: Terminal;
  env: CliEnvironment;
}

/** Why a command could not do its job, as `--json` reports it: `{ ok: false, error: { code, message } }`. */
export interface Failure {
  code: string;
  message: string;
  /** What to do about it. */
  hint?: string;
  exit: ExitCode;
}

interface Described {
  name: string;
  /** One line: what `gongkai --help` lists. */
  purpose: string;
  /** More, in `gongkai <command> --help`. */
  details?: string;
  examples: readonly Example[];
  environment: readonly CliVariable[];
}

/** A command that runs (as opposed to a group of subcommands). */
export interface CommandSpec<
  A extends readonly ArgumentSpec[] = readonly ArgumentSpec[],
  O extends Options = Options,
> extends Described {
  arguments?: A;
  options?: O;
  /** Speaks `--json`: one object on stdout, errors included. */
  json: boolean;
  /** The `--json` object for a failure, when the command's outcome has a shape of its own. */
  jsonFailure?(failure: Failure): Promise<Record<string, unknown>> | Record<string, unknown>;
  run(
    input: { args: ArgumentValues<A>; options: OptionValues<O> & { json?: boolean } },
    context: CommandContext,
  ): Promise<ExitCode>;
}

/** A command made of subcommands (`gongkai department add|list|sync`). */
export interface CommandGroup extends Described {
  subcommands: readonly AnyCommand[];
}

/** What the registry lists. */
export type AnyCommand = CommandSpec | CommandGroup;

/** Declares a command; the options' and arguments' types flow into `run`. */
export function defineCommand<const A extends readonly ArgumentSpec[], const O extends Options>(
  spec: CommandSpec<A, O>,
): CommandSpec {
  return spec as unknown as CommandSpec;
}

/** Declares a group of subcommands. */
export function defineGroup(group: CommandGroup): CommandGroup {
  return group;
}

/** Whether a declaration is a group of subcommands. */
export function isGroup(command: AnyCommand): command is CommandGroup {
  return "subcommands" in command;
}

/** Wrong usage: exit 2, the message and where to find the command's help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code = "cli.usage",
  ) {
    super(message);
  }
}

/** The input was refused (a file of departments that is wrong, say): exit 1. */
export class InputRefused extends Error {
  constructor(
    message: string,
    readonly code = "cli.refused",
  ) {
    super(message);
  }
}

/** The options most commands that print findings share. */
export const LANGUAGE = {
  lang: {
    type: "string",
    value: "LANG",
    choices: ["zh", "en"],
    default: "zh",
    parse: (text: string) => text as Lang,
    description: "the language of the report",
  },
} as const satisfies Options;

/** `--verbose`: rule codes beside the findings. */
export const VERBOSE = {
  verbose: { type: "boolean", description: "also show each finding's rule code" },
} as const satisfies Options;
