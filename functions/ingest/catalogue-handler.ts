import { Logger } from "@aws-lambda-powertools/logger";
import { composeCatalogue } from "../compose";
import { catalogueConfigFromEnv } from "../config";
import { type CatalogueOutcome, rebuildCatalogue } from "./feed-catalogue";

/**
 * The catalogue Lambda, invoked every minute by EventBridge Scheduler: rebuilds the years' CSVs and the
 * department list that changed since its last run. Wiring only; a failure throws, and the next minute's
 * run rebuilds what this one missed.
 */
const logger = new Logger({ serviceName: "gongkai-catalogue" });
const { ports } = composeCatalogue(catalogueConfigFromEnv());

export async function handler(): Promise<CatalogueOutcome> {
  const outcome = await rebuildCatalogue(ports);
  if (outcome.years.length > 0 || outcome.departments === "written")
    logger.info("catalogue rebuilt", { ...outcome });
  return outcome;
}
