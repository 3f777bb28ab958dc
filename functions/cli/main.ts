import { type CliEnvironment, cliEnvironment } from "../config";
import { templateCommand, templateUsage } from "./template";
import { terminal, UsageError } from "./terminal";
import { validateCommand, validateUsage } from "./validate";

/** `gongkai <command>`: one file per command; this only dispatches. */

// The AWS SDK warns on every start that it will need Node 22 from 2027; the Lambda runs 22 already.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name !== "NodeVersionSupportWarning") console.warn(`${warning.name}: ${warning.message}`);
});

type Command = {
  run: (argv: string[], term: ReturnType<typeof terminal>, env: CliEnvironment) => Promise<number>;
  usage: string;
};

/** Commands load their modules on demand: `validate` never loads the AWS SDK. */
const commands: Record<string, () => Promise<Command>> = {
  validate: async () => ({ run: validateCommand, usage: validateUsage }),
  template: async () => ({ run: templateCommand, usage: templateUsage }),
  demo: async () => {
    const m = await import("./demo");
    return { run: m.demoCommand, usage: m.demoUsage };
  },
  dev: async () => {
    const m = await import("./dev");
    return { run: m.devCommand, usage: m.devUsage };
  },
  department: async () => {
    const m = await import("./department");
    return { run: m.departmentCommand, usage: m.departmentUsage };
  },
  upload: async () => {
    const m = await import("./upload");
    return { run: m.uploadCommand, usage: m.uploadUsage };
  },
  status: async () => {
    const m = await import("./status");
    return { run: m.statusCommand, usage: m.statusUsage };
  },
  reprocess: async () => {
    const m = await import("./reprocess");
    return { run: m.reprocessCommand, usage: m.reprocessUsage };
  },
  redrive: async () => {
    const m = await import("./redrive");
    return { run: m.redriveCommand, usage: m.redriveUsage };
  },
};

async function main(argv: string[]): Promise<number> {
  const env = cliEnvironment();
  const term = terminal(env.colour);
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    const usages = await Promise.all(Object.values(commands).map(async (command) => (await command()).usage));
    term.err(`usage:\n  ${usages.join("\n  ")}`);
    return 2;
  }
  const command = await load();
  try {
    return await command.run(rest, term, env);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      term.err(`${(error as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    term.err(`gongkai: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
