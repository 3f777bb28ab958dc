import { cliEnvironment } from "../config";
import { dropSdkNodeVersionNotice, nodeVersionVerdict } from "./node-version";
import { runGongkai } from "./program";

/** `gongkai <command>`: the process around `runGongkai` (the commands are declared in `commands.ts`). */

dropSdkNodeVersionNotice();
// `gongkai … | head` closes the pipe early: the reader has what it wanted.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const node = nodeVersionVerdict(process.version);
if (node.level === "fail") process.stderr.write(`gongkai: ${node.line}\n`);

process.exitCode = await runGongkai(process.argv.slice(2), {
  env: cliEnvironment(),
  streams: { stdout: process.stdout, stderr: process.stderr },
});
