import type { ReportTables } from "../../../schemas/report";
import {
  addTotals,
  applyReport,
  emptyTotals,
  type PackedTotals,
  packTotals,
  unpackTotals,
  type YearTotals,
} from "./totals";

/**
 * The sums of a year (or of a region's year) over its published reports, spread over SUM_SHARDS items so
 * that uploads arriving together do not all contend for one item; a department always counts in the same
 * shard. Each shard is a fixed-size item: the packed totals, two counters and the tokens of the
 * applications in flight — never a record per department. Which version a department counts with, and
 * where, is kept in the department's own season record (see `core/season/record.ts` and the protocol in
 * `ingest/count-once.ts`); a shard only remembers the token of each change it took until its department
 * has recorded that change as done, which is what makes applying a change exactly once possible without
 * transactions.
 */

/** Shards per sums: 50 uploads a second spread over 8 items leaves each about 6 a second to take in turn. */
export const SUM_SHARDS = 8;

/**
 * Tokens a shard may hold at once. A token stays from its change until its department records the change
 * as done (a few calls later), or, when that department crashed in between, until its next change: the
 * set is bounded by concurrency plus crashed retries. Reaching this means something keeps failing.
 */
export const MAX_SHARD_TOKENS = 200;

/** What a sums total covers: a year across every department, or a region's departments in a year. */
export type SumsScope = { kind: "year"; year: number } | { kind: "region"; region: string; year: number };

/** A scope by what it sums. */
export const sumsScope = {
  year: (year: number): SumsScope => ({ kind: "year", year }),
  region: (region: string, year: number): SumsScope => ({ kind: "region", region, year }),
};

/** A scope as one string (`year`, `region:{id}`): how season records name where they count. */
export function scopeName(scope: SumsScope): string {
  return scope.kind === "year" ? "year" : `region:${scope.region}`;
}

/** The scope a name stands for, in a year. */
export function scopeOfName(name: string, year: number): SumsScope {
  if (name === "year") return sumsScope.year(year);
  if (name.startsWith("region:")) return sumsScope.region(name.slice("region:".length), year);
  throw new Error(`sums: ${JSON.stringify(name)} names no scope`);
}

/** One shard of a scope's sums. */
export interface SumsShard {
  totals: PackedTotals;
  /** The latest publication (or withdrawal) counted here. */
  lastChanged: string;
  /** token → when its change was applied: the changes in flight. */
  tokens: Record<string, string>;
}

/** A department's shard: FNV-1a over the id's UTF-8 bytes (portable: no Node Buffer). */
export function departmentShard(department: string, shards: number = SUM_SHARDS): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(department)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % shards;
}

/** A department's numbers as one side of a change: its tables and whether they were published with warnings. */
export interface CountedNumbers {
  tables: ReportTables;
  warnings: number;
}

/** One change to one shard: the department's numbers out (`from`) and in (`to`), under a token. */
export interface ShardChange {
  token: string;
  /** The department's previous change's token, which this shard may still hold and may now drop. */
  previousToken: string | null;
  year: number;
  format: string;
  from: CountedNumbers | null;
  to: CountedNumbers | null;
  at: string;
}

/**
 * The shard with the change applied and its token recorded, or undefined when the shard holds the token
 * (applied already). Throws when the shard would hold more than MAX_SHARD_TOKENS.
 */
export function applyToShard(shard: SumsShard | null, change: ShardChange): SumsShard | undefined {
  if (shard?.tokens[change.token]) return undefined;
  const totals: YearTotals = shard
    ? unpackTotals(change.year, shard.totals)
    : emptyTotals(change.year, change.format);
  if (totals.format !== change.format) {
    throw new Error(`sums ${change.year}: a ${change.format} report cannot count in ${totals.format} sums`);
  }
  const next = applyReport(totals, change.from?.tables, change.to?.tables);
  const withWarnings =
    (shard?.totals.withWarnings ?? 0) - (change.from?.warnings ? 1 : 0) + (change.to?.warnings ? 1 : 0);
  const { [change.previousToken ?? ""]: _settled, ...kept } = shard?.tokens ?? {};
  const tokens = { ...kept, [change.token]: change.at };
  if (Object.keys(tokens).length > MAX_SHARD_TOKENS) {
    throw new Error(
      `sums ${change.year}: a shard holds ${MAX_SHARD_TOKENS} changes in flight; departments keep dying between counting and recording it`,
    );
  }
  return {
    totals: packTotals(next, withWarnings),
    lastChanged: shard && shard.lastChanged > change.at ? shard.lastChanged : change.at,
    tokens,
  };
}

/** A scope's sums read from its shards: totals, how many with warnings, when they last changed. */
export interface ScopeSums {
  totals: YearTotals;
  withWarnings: number;
  lastChanged: string;
}

/** The shards of one scope added up, or null when none exists yet. */
export function sumShards(year: number, shards: readonly (SumsShard | null)[]): ScopeSums | null {
  const present = shards.filter((shard): shard is SumsShard => shard !== null);
  const first = present[0];
  if (!first) return null;
  return {
    totals: addTotals(
      year,
      first.totals.format,
      present.map((shard) => unpackTotals(year, shard.totals)),
    ),
    withWarnings: present.reduce((total, shard) => total + shard.totals.withWarnings, 0),
    lastChanged: present
      .map((shard) => shard.lastChanged)
      .sort()
      .at(-1)!,
  };
}
