/**
 * `npm run bench`: the figures the issues ask for, printed as a table. Benchmarks, not tests: nothing
 * here passes or fails. `npm run bench -- pipeline` runs one section; `--quick` skips the 100,000-report
 * year (and the catalogue's 200,000-report one) and runs the season with 600 departments instead of 6,000.
 */
import { benchCore } from "./core";

const quick = process.argv.includes("--quick");
const sections: [string, () => Promise<Record<string, number | string>>][] = [["core", benchCore]];
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
sections.push(["diagnosis", async () => (await import("./diagnosis")).benchDiagnosis()]);
sections.push(["pipeline", async () => (await import("./pipeline")).benchPipeline(quick)]);
sections.push(["season", async () => (await import("./season")).benchSeason(quick ? 600 : 6_000)]);
sections.push(["throughput", async () => (await import("./throughput")).benchThroughput()]);
sections.push(["desk", async () => (await import("./desk")).benchDesk()]);
sections.push(["portal", async () => (await import("./portal")).benchPortal()]);
sections.push(["catalogue", async () => (await import("./catalogue")).benchCatalogue(quick)]);
sections.push(["bundle", async () => (await import("./bundle")).benchBundle()]);
sections.push(["desk-page", async () => (await import("./desk-page")).benchDeskPage()]);

for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n## ${name}`);
  const figures = await run();
  for (const [label, value] of Object.entries(figures)) console.log(`${label.padEnd(70)} ${value}`);
}
