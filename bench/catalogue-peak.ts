/**
 * Run in a fresh process by bench/catalogue.ts: one catalogue rebuild against the local stack's servers
 * (endpoints as JSON in argv[2]), through the Lambda's own composition — `all` (argv[3]): the year's CSV and
 * the department list, `csv`: the CSV alone (the list recorded as just built). Prints JSON: the time, the
 * process's peak RSS, and its growth over the peak before the rebuild (modules loaded, clients warm).
 */
import { composeCatalogue } from "../functions/compose";
import { rebuildCatalogue } from "../functions/ingest/feed-catalogue";
import { aggregate } from "../functions/ingest/ports";
import { type LocalEndpoints, localConfig } from "../functions/local/stack";

const endpoints = JSON.parse(process.argv[2]!) as LocalEndpoints;
const csvOnly = process.argv[3] === "csv";
const { ports, close } = composeCatalogue(localConfig(endpoints));
// Warm the clients and forget what any earlier run built, so the rebuild below is the one measured.
await ports.aggregates.delete(aggregate.catalogue());
const index = await ports.aggregates.get(aggregate.feedIndex());
if (csvOnly) {
  const departments = {
    sha256: "",
    builtAt: new Date().toISOString(),
    indexChanged: index?.value.lastChanged ?? "",
  };
  await ports.aggregates.put(aggregate.catalogue(), { csv: {}, departments }, null);
}
const before = process.resourceUsage().maxRSS;
const started = performance.now();
const outcome = await rebuildCatalogue(ports);
const ms = performance.now() - started;
const after = process.resourceUsage().maxRSS;
close();
console.log(JSON.stringify({ ms, peakKb: after, growthKb: after - before, outcome }));
