import { Argument, Command, type CommanderError, InvalidArgumentError, Option } from "commander";
import { CLI_VARIABLES, type CliEnvironment, type CliVariable } from "../config";
import {
  type AnyCommand,
  type CommandSpec,
  EXIT,
  EXIT_MEANINGS,
  type ExitCode,
  type Failure,
  isGroup,
  type OptionSpec,
  UsageError,
} from "./command";
import { COMMANDS } from "./commands";
import { describeFailure } from "./failure";
import { type Streams, safe, type Terminal, terminal } from "./terminal";

/**
 * `gongkai` from the command declarations, parsed by commander: help on stdout with exit 0, wrong usage
 * on stderr with exit 2 (or as the `--json` object), failures mapped to their exit code with a hint.
 * Runs in a process (`main.ts`) or in a test, on the streams it is given.
 */

/** What one run of `gongkai` is given: the environment read once, and where to write. */
export interface Invocation {
  env: CliEnvironment;
  streams: Streams;
}

const PURPOSE =
  "gongkai（公开）validates the statistical tables of government information-disclosure annual reports " +
  "(政府信息公开工作年度报告) and publishes them as a JSON feed.";

/** Runs `gongkai <argv…>`; resolves to the exit code. */
export async function runGongkai(argv: readonly string[], invocation: Invocation): Promise<ExitCode> {
  const state: { exit: ExitCode } = { exit: EXIT.done };
  const program = buildProgram(invocation, state);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return state.exit;
  } catch (error) {
    if (error instanceof VersionRequested) {
      const { versionText } = await import("./version");
      invocation.streams.stdout.write(`${await versionText()}\n`);
      return EXIT.done;
    }
    if (error instanceof ParseFailure) return await reportParseFailure(error, argv, invocation);
    throw error;
  }
}

class VersionRequested extends Error {}

/** Commander's exit (help shown, or wrong usage) and the command it happened in. */
class ParseFailure extends Error {
  constructor(
    readonly commander: CommanderError,
    readonly spec: AnyCommand | null,
    readonly path: string,
  ) {
    super(commander.message);
  }
}

function buildProgram(invocation: Invocation, state: { exit: ExitCode }): Command {
  const { streams } = invocation;
  const program = new Command("gongkai")
    .usage("<command> [options]")
    .description(PURPOSE)
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
      // Errors are written by reportParseFailure: as text, or inside the --json object.
      outputError: () => {},
      getOutHelpWidth: () => (streams.stdout.isTTY ? (streams.stdout.columns ?? 80) : 100),
      getErrHelpWidth: () => (streams.stderr.isTTY ? (streams.stderr.columns ?? 80) : 100),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .helpOption("-h, --help", "show this help")
    .helpCommand("help [command]", "show a command's help")
    .option("-V, --version", "print the version, the formats known and the SheetJS version")
    .addHelpText("after", () => `\n${programEpilogue()}`);
  program.exitOverride((error) => {
    throw new ParseFailure(error, null, "gongkai");
  });
  // Printed outside commander: the version text loads SheetJS to report the version it asserts.
  program.on("option:version", () => {
    throw new VersionRequested();
  });
  for (const spec of COMMANDS) addCommand(program, spec, "gongkai", invocation, state);
  return program;
}

function addCommand(
  parent: Command,
  spec: AnyCommand,
  prefix: string,
  invocation: Invocation,
  state: { exit: ExitCode },
): void {
  const path = `${prefix} ${spec.name}`;
  const command = parent
    .command(spec.name)
    .summary(spec.purpose)
    .description(spec.details ? `${spec.purpose}\n\n${spec.details}` : spec.purpose)
    .helpOption("-h, --help", "show this help")
    .addHelpText("after", () => `\n${commandEpilogue(spec, path)}`);
  command.exitOverride((error) => {
    throw new ParseFailure(error, spec, path);
  });
  if (isGroup(spec)) {
    command.usage("<command> [options]");
    for (const sub of spec.subcommands) addCommand(command, sub, path, invocation, state);
    return;
  }
  for (const argument of spec.arguments ?? []) {
    const name = argument.variadic ? `${argument.name}...` : argument.name;
    command.addArgument(new Argument(argument.optional ? `[${name}]` : `<${name}>`, argument.description));
  }
  for (const [key, option] of Object.entries(spec.options ?? {})) command.addOption(optionOf(key, option));
  if (spec.json) {
    command.option("--json", "print one JSON object on stdout (failures too) and nothing else there");
  }
  command.action(async () => {
    const options = command.opts();
    const args = Object.fromEntries(
      command.registeredArguments.map((argument, index) => [argument.name(), command.processedArgs[index]]),
    );
    const term = terminal(invocation.streams, {
      colour: invocation.env.colour,
      json: Boolean(options.json),
    });
    try {
      state.exit = await spec.run({ args, options } as Parameters<CommandSpec["run"]>[0], {
        term,
        env: invocation.env,
      });
    } catch (error) {
      state.exit = await reportFailure(spec, term, describeFailure(error), path);
    }
  });
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function optionOf(key: string, spec: OptionSpec): Option {
  const long = kebab(key);
  const short = spec.short ? `-${spec.short}, ` : "";
  if (spec.type === "boolean") {
    return new Option(`${short}--${spec.negatable ? `no-${long}` : long}`, spec.description);
  }
  const option = new Option(
    `${short}--${long} <${spec.value}>`,
    spec.required ? `${spec.description} (required)` : spec.description,
  );
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.required) option.makeOptionMandatory();
  const { parse, choices, multiple } = spec;
  // Replaces the choices check `choices()` installed, keeping its list for the help.
  option.argParser((text: string, previous: unknown) => {
    if (choices && !choices.includes(text)) {
      throw new InvalidArgumentError(`it must be one of ${choices.join(", ")}.`);
    }
    let value: unknown = text;
    try {
      value = parse ? parse(text) : text;
    } catch (error) {
      if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
    return multiple ? [...((previous as unknown[] | undefined) ?? []), value] : value;
  });
  if (multiple && spec.default === undefined) option.default([]);
  return option;
}

function exitCodeLines(): string {
  return Object.entries(EXIT_MEANINGS)
    .map(([code, meaning]) => `  ${code}  ${meaning}`)
    .join("\n");
}

function variableLines(names: readonly CliVariable[]): string {
  const width = Math.max(...names.map((name) => name.length));
  return names.map((name) => `  ${name.padEnd(width)}  ${CLI_VARIABLES[name]}`).join("\n");
}

function programEpilogue(): string {
  return [
    "Examples:",
    "  gongkai validate report.xlsx --year 2024     check a report before it is uploaded",
    "  gongkai dev                                  the local stack, for the other commands",
    "  gongkai doctor                               what is missing, and how to fix it",
    "",
    "Environment:",
    variableLines(Object.keys(CLI_VARIABLES) as CliVariable[]),
    "",
    "Exit codes (every command):",
    exitCodeLines(),
    "",
    "`gongkai <command> --help` shows a command's options and examples.",
  ].join("\n");
}

function commandEpilogue(spec: AnyCommand, path: string): string {
  const lines: string[] = [];
  if (spec.examples.length > 0) {
    const width = Math.max(...spec.examples.map((example) => example.command.length));
    lines.push("Examples:");
    for (const example of spec.examples) {
      lines.push(
        width > 56
          ? `  ${example.command}\n      ${example.does}`
          : `  ${example.command.padEnd(width)}   ${example.does}`,
      );
    }
    lines.push("");
  }
  if (spec.environment.length > 0) lines.push("Environment:", variableLines(spec.environment), "");
  lines.push("Exit codes:", exitCodeLines());
  if (isGroup(spec)) lines.push("", `\`${path} <command> --help\` shows a command's options and examples.`);
  return lines.join("\n");
}

async function reportParseFailure(
  failure: ParseFailure,
  argv: readonly string[],
  invocation: Invocation,
): Promise<ExitCode> {
  const { commander, spec, path } = failure;
  // --help, help, and --version: done.
  if (commander.exitCode === 0) return EXIT.done;
  const json = spec !== null && !isGroup(spec) && spec.json && argv.includes("--json");
  const term = terminal(invocation.streams, { colour: invocation.env.colour, json });
  // `gongkai` or `gongkai department` alone: commander has shown the help on stderr.
  if (commander.code === "commander.help") return EXIT.usage;
  const message = commander.message.replace(/^error: /, "");
  const usage: Failure = {
    code: "cli.usage",
    message,
    hint: spec ? `\`${path} --help\` shows its options and examples` : "`gongkai --help` lists the commands",
    exit: EXIT.usage,
  };
  return spec && !isGroup(spec) ? reportFailure(spec, term, usage, path) : printFailure(term, usage, path);
}

/** A failure as the `--json` object, or as text on stderr; its exit code. */
async function reportFailure(
  spec: CommandSpec,
  term: Terminal,
  failure: Failure,
  path: string,
): Promise<ExitCode> {
  if (failure.exit === EXIT.usage && !failure.hint) {
    failure = { ...failure, hint: `\`${path} --help\` shows its options and examples` };
  }
  if (term.json) {
    const error = {
      code: failure.code,
      message: failure.message,
      ...(failure.hint ? { hint: failure.hint } : {}),
    };
    term.emit(spec.jsonFailure ? { ...(await spec.jsonFailure(failure)), error } : { ok: false, error });
  }
  return printFailure(term, failure, path);
}

function printFailure(term: Terminal, failure: Failure, path: string): ExitCode {
  const [first, ...rest] = failure.message.split("\n");
  term.err(safe`${path}: ${first}`);
  for (const line of rest) term.err(safe`  ${line}`);
  if (failure.hint) term.err(safe`  ${failure.hint}`);
  return failure.exit;
}
