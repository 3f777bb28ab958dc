/**
 * `npm run bench`: the figures the issues ask for, printed as a table. Benchmarks, not tests: nothing
 * here passes or fails. `--quick` skips the 1,000-report pipeline run.
 */
import { benchCore } from "./core";

const sections: [string, () => Promise<Record<string, number | string>>][] = [["core", benchCore]];
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
sections.push(["diagnosis", async () => (await import("./diagnosis")).benchDiagnosis()]);
sections.push(["pipeline", async () => (await import("./pipeline")).benchPipeline()]);
sections.push(["desk", async () => (await import("./desk")).benchDesk()]);
sections.push(["bundle", async () => (await import("./bundle")).benchBundle()]);
sections.push(["desk-page", async () => (await import("./desk-page")).benchDeskPage()]);

for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n## ${name}`);
  const figures = await run();
  for (const [label, value] of Object.entries(figures)) console.log(`${label.padEnd(70)} ${value}`);
}
