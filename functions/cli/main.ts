import { templateCommand, templateUsage } from "./template";
import { terminal, UsageError } from "./terminal";
import { validateCommand, validateUsage } from "./validate";

/** `gongkai <command>`: one file per command; this only dispatches. */

type Command = { run: (argv: string[], term: ReturnType<typeof terminal>) => Promise<number>; usage: string };

const commands: Record<string, () => Promise<Command>> = {
  validate: async () => ({ run: validateCommand, usage: validateUsage }),
  template: async () => ({ run: templateCommand, usage: templateUsage }),
};

async function main(argv: string[]): Promise<number> {
  const term = terminal();
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    const usages = await Promise.all(Object.values(commands).map(async (command) => (await command()).usage));
    term.err(`usage:\n  ${usages.join("\n  ")}`);
    return 2;
  }
  const command = await load();
  try {
    return await command.run(rest, term);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      term.err(`${(error as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
