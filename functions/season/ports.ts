import type { SeasonSettings } from "../core/season/rounds";
import type { IngestPorts, Roster } from "../ingest/ports";

/**
 * What the season's use cases run on: the pipeline's ports (they publish and mail as uploads do), the
 * roster's paged queries, and the season's calendar.
 */
export interface SeasonPorts extends IngestPorts {
  roster: Roster;
  season: SeasonSettings;
}
