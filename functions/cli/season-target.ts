import type { CliEnvironment } from "../config";
import type { SeasonPorts } from "../season/ports";
import { InputRefused } from "./command";
import { SystemFailure } from "./failure";
import type { Target } from "./target";

/**
 * Where the season's commands act: the local stack, or AWS with the pipeline's whole configuration (they
 * publish and mail as the pipeline does). Loaded by the commands' `run` only.
 */
export async function seasonTarget(env: CliEnvironment): Promise<{ t: Target; season: SeasonPorts }> {
  const { target } = await import("./target");
  const t = await target(env);
  if (!t.season) {
    t.close();
    throw new SystemFailure(
      "on AWS the season's commands publish and mail as the pipeline does, and its configuration is not all set",
      "set GONGKAI_FEED_BUCKET, GONGKAI_FEED_BASE_URL, GONGKAI_MAIL_FROM and GONGKAI_OPERATOR_EMAIL as the pipeline function has them",
      "system.no_pipeline",
    );
  }
  return { t, season: t.season };
}

/** Runs one season command's work on its target, which is closed however the work ends. */
export async function onSeason<R>(
  env: CliEnvironment,
  work: (season: SeasonPorts, t: Target) => Promise<R>,
): Promise<R> {
  const { t, season } = await seasonTarget(env);
  try {
    return await work(season, t);
  } finally {
    t.close();
  }
}

/**
 * A use case's refusal (`{ok: false, problem}`) as the input refused: exit 1, the problem as its code, the
 * message the command gives for that problem (one for every problem the use case can answer, by type).
 */
export function refused<P extends string>(
  outcome: { problem: P },
  messages: Record<P, string>,
): InputRefused {
  return new InputRefused(messages[outcome.problem], `season.${outcome.problem}`);
}
