import { SEASON_VARIABLES, TARGET_VARIABLES } from "../config";
import { regionId } from "./arguments";
import { defineCommand, defineGroup, EXIT } from "./command";
import { joined, safe } from "./terminal";

/** `gongkai region add|list`: the regions departments belong to (`department add --parent`). */
const add = defineCommand({
  name: "add",
  purpose: "register a region, under a parent region or at the top",
  details: "A region's place never changes once registered: the departments below it are found by it.",
  arguments: [{ name: "id", description: "the region's id (city-a)" }],
  options: {
    name: { type: "string", value: "NAME", required: true, description: "the region's name (某市)" },
    parent: { type: "string", value: "REGION", parse: regionId, description: "the region it belongs to" },
  },
  examples: [
    { command: "gongkai region add prov --name 某省", does: "a province" },
    { command: "gongkai region add city-a --name 某市 --parent prov", does: "a city in it" },
  ],
  environment: SEASON_VARIABLES,
  json: true,
  async run({ args, options }, { term, env }) {
    const id = regionId(args.id);
    const { onSeason, refused } = await import("./season-target");
    const { registerRegion } = await import("../season/register");
    return onSeason(env, async (season, t) => {
      const outcome = await registerRegion(season, {
        id,
        name: options.name,
        parent: options.parent ?? null,
      });
      if (!outcome.ok) {
        throw refused(outcome, {
          unknown_parent: `no region ${options.parent} is registered`,
          region_moves: `region ${id} is registered under another parent; a region cannot move`,
          own_parent: `a region cannot lie within itself`,
          too_deep: "regions nest at most 8 deep",
        });
      }
      term.emit({ ok: true, target: t.kind, region: outcome.region });
      term.out(
        safe`registered region ${id} (${options.name})${options.parent ? safe` in ${options.parent}` : ""} [${t.kind}]`,
      );
      return EXIT.done;
    });
  },
});

const list = defineCommand({
  name: "list",
  purpose: "list the regions: id, name, parent",
  examples: [{ command: "gongkai region list --json", does: "every region as JSON" }],
  environment: TARGET_VARIABLES,
  json: true,
  async run(_input, { term, env }) {
    const { onSeason } = await import("./season-target");
    return onSeason(env, async (season, t) => {
      const regions = await season.regions.list();
      term.emit({ ok: true, target: t.kind, regions });
      for (const r of regions) term.out(joined([r.id, r.name, r.parent ?? "-"], "\t"));
      return EXIT.done;
    });
  },
});

export const region = defineGroup({
  name: "region",
  purpose: "register the regions departments belong to, and list them (add, list)",
  examples: [
    { command: "gongkai region add city-a --name 某市 --parent prov", does: "a city in a province" },
  ],
  environment: TARGET_VARIABLES,
  subcommands: [add, list],
});
