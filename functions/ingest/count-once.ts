import { randomBytes } from "node:crypto";
import {
  applyToShard,
  cellChanges,
  departmentShard,
  type StoredRevision,
  type SumsScope,
  scopeName,
  scopeOfName,
  withRevision,
} from "../core/feed";
import {
  type Counted,
  countTarget,
  emptySeasonRecord,
  type PendingCount,
  type SeasonRecord,
  sameCount,
  wouldGoBack,
} from "../core/season/record";
import {
  aggregate,
  type CurrentPointer,
  type PublishPorts,
  type ReportVersion,
  type Versioned,
} from "./ports";
import { backoff, update } from "./state-writes";

/**
 * Counting a department's report in the sums exactly once — the year's and every region's above it —
 * with single-item conditional writes only (DynamoDB Local, dynalite, has no transactions, and the same
 * code runs on AWS). What a department counts with lives in its own season record, never in the sums:
 * the sums shards stay fixed-size however many departments they add up.
 *
 * The protocol, for one department and year:
 *
 * 1. Read the season record R. If R has a pending change, finish it first (step 3), whoever started it.
 * 2. Decide the target: the CURRENT version, unless a withdrawal covers it (then nothing). If R counts it
 *    already in the same scopes, stop; if the target is older than what R counts, stop (never back).
 *    Record the revision (what R counts now, replaced by the target) — idempotent, keyed by the replaced
 *    version. Then write R.pending = {token t, from: what R counts, to: the target}, conditional on R's
 *    version: of two publishers of one department only one writes a pending change, the other finishes it.
 * 3. For each shard the change touches (the department's shard of each scope in `from` or `to`):
 *    read the shard S; if S holds t, it took the change already; else read R again, and if R's pending
 *    token is no longer t, someone else finished the change (stop); else write S − from + to with t
 *    added, conditional on S's version (retry on conflict).
 *    Why the second read of R makes this exactly once: t leaves a shard only after R stopped naming t
 *    (step 5 follows step 4), and R never names t again. So if R still names t after S was read without
 *    t, S never had t; and if S changed after it was read, the conditional write fails.
 * 4. Move every touched scope's head on (its documents' writers watch it), then write R.counted = to,
 *    R.pending = none, R.lastToken = t, conditional on R still naming t.
 * 5. Remove t from each shard. A crash before that leaves t behind; the shard drops it the next time the
 *    same department changes (`previousToken`), so a shard holds at most the changes in flight plus those
 *    whose department crashed in this window, capped loudly by MAX_SHARD_TOKENS.
 *
 * A crash anywhere is finished by the next attempt: before step 2's write nothing happened; after it, R's
 * pending change is finished by whoever reads R next (step 3 skips the shards that took it). Heads move
 * before R says done, so a document rendered from shards before the change is always rendered again.
 */

/** What the department counts with: its season record as it stands after counting. */
export async function countOnce(
  ports: PublishPorts,
  request: {
    department: string;
    year: number;
    /** The department's place now (the roster's index key). */
    place: string;
    current: CurrentPointer | null;
    /** The version `current` names (null when there is none). */
    version: ReportVersion | null;
    /** Where the department counts now: the year and every region above it. */
    scopes: readonly SumsScope[];
  },
): Promise<Versioned<SeasonRecord> | null> {
  const { aggregates } = ports;
  const { department, year } = request;
  const id = aggregate.season(department, year);
  const versions = versionCache(ports, department, year);
  if (request.version) versions.seed(request.version);
  for (let attempt = 0; attempt < 20; attempt++) {
    const stored = await aggregates.get(id);
    const record = stored?.value ?? emptySeasonRecord(department, year, request.place);
    if (record.pending) {
      await settle(ports, department, year, record.pending, versions);
      continue;
    }
    const chosen = countTarget(request.current, record.withdrawn);
    const target: Counted | null =
      chosen && request.version
        ? {
            order: request.version.order,
            scopes: request.scopes.map(scopeName),
            warnings: request.version.warnings.length,
            publishedAt: request.version.publishedAt,
          }
        : null;
    // Only a withdrawal takes a counted report out (a missing CURRENT pointer never does).
    const nothingToDo = target === null && !record.withdrawn;
    if (nothingToDo || sameCount(record.counted, target) || wouldGoBack(record, target)) {
      if (record.place === request.place || !stored) return stored;
      // The department moved: keep its record findable under its new place.
      return update(ports, id, (state) =>
        state && !state.pending ? { ...state, place: request.place } : undefined,
      );
    }
    const now = ports.clock.now().toISOString();
    if (record.counted && record.counted.order !== target?.order) {
      await recordRevision(ports, record, target, versions, now);
    }
    const pending: PendingCount = {
      token: randomBytes(9).toString("base64url"),
      previousToken: record.lastToken,
      from: record.counted,
      to: target,
      at: now,
    };
    const written = { ...record, place: request.place, pending };
    if (await aggregates.put(id, written, stored?.version ?? null)) {
      const known = { value: written, version: (stored?.version ?? 0) + 1 };
      const settled = await settle(ports, department, year, pending, versions, known);
      // Ours, as it stands once settled: nothing left to read again.
      if (settled?.value.lastToken === pending.token && !settled.value.pending) return settled;
    } else {
      await backoff(attempt);
    }
  }
  throw new Error(
    `season record ${department} ${year}: too many concurrent changes of what it counts; will retry`,
  );
}

/**
 * Steps 3–5 for one pending change; returns the season record as step 4 left it (null when another
 * publisher finished the change). `known`: the record as its pending change was just written.
 */
async function settle(
  ports: PublishPorts,
  department: string,
  year: number,
  pending: PendingCount,
  versions: ReturnType<typeof versionCache>,
  known?: Versioned<SeasonRecord>,
): Promise<Versioned<SeasonRecord> | null> {
  const { aggregates } = ports;
  const from = pending.from ? await versions.get(pending.from.order) : null;
  const to = pending.to ? await versions.get(pending.to.order) : null;
  const format = (to ?? from)?.format;
  if (!format) return null;
  const names = [...new Set([...(pending.from?.scopes ?? []), ...(pending.to?.scopes ?? [])])];
  const shard = departmentShard(department);
  const applied = await Promise.all(
    names.map(async (name) => {
      const scope = scopeOfName(name, year);
      const shardId = aggregate.sumsShard(scope, shard);
      for (let attempt = 0; attempt < 20; attempt++) {
        const stored = await aggregates.get(shardId);
        if (stored?.value.tokens[pending.token]) return true;
        const record = await aggregates.get(aggregate.season(department, year));
        if (record?.value.pending?.token !== pending.token) return false;
        const next = applyToShard(stored?.value ?? null, {
          token: pending.token,
          previousToken: pending.previousToken,
          year,
          format,
          from:
            from && pending.from?.scopes.includes(name)
              ? { tables: from.tables, warnings: pending.from.warnings }
              : null,
          to:
            to && pending.to?.scopes.includes(name)
              ? { tables: to.tables, warnings: pending.to.warnings }
              : null,
          at: pending.to?.publishedAt ?? pending.at,
        });
        if (!next || (await aggregates.put(shardId, next, stored?.version ?? null))) return true;
        await backoff(attempt);
      }
      throw new Error(`sums ${name} ${year} shard ${shard}: too many concurrent writers; will retry`);
    }),
  );
  if (applied.includes(false)) return null;
  await Promise.all(names.map((name) => aggregates.bump(aggregate.sumsHead(scopeOfName(name, year)))));
  const settled = await update(
    ports,
    aggregate.season(department, year),
    (state) =>
      state?.pending?.token === pending.token
        ? { ...state, counted: pending.to, pending: null, lastToken: pending.token }
        : undefined,
    known,
  );
  await Promise.all(
    names.map((name) =>
      aggregates.removeToken(aggregate.sumsShard(scopeOfName(name, year), shard), pending.token),
    ),
  );
  return settled;
}

/** The revision of the version counted now, replaced by the target (or withdrawn). */
async function recordRevision(
  ports: PublishPorts,
  record: SeasonRecord,
  target: Counted | null,
  versions: ReturnType<typeof versionCache>,
  now: string,
): Promise<void> {
  const counted = record.counted!;
  const replaced = await versions.get(counted.order);
  const next = target ? await versions.get(target.order) : null;
  const revision: StoredRevision = {
    order: counted.order,
    publishedAt: replaced.publishedAt,
    source: replaced.source,
    replacedAt: next?.publishedAt ?? record.withdrawn?.at ?? now,
    replacedBy: next?.order ?? null,
    changes: next ? cellChanges(replaced.format, replaced.tables, next.tables) : null,
    withdrawn: next ? null : { reason: record.withdrawn?.reason ?? "" },
  };
  await update(ports, aggregate.revisions(record.department, record.year), (state) =>
    withRevision(state, revision),
  );
}

/** The versions a publish reads, each read once (they are immutable). */
function versionCache(ports: PublishPorts, department: string, year: number) {
  const known = new Map<string, Promise<ReportVersion>>();
  return {
    seed(version: ReportVersion) {
      known.set(version.order, Promise.resolve(version));
    },
    get(order: string): Promise<ReportVersion> {
      let version = known.get(order);
      if (!version) {
        version = ports.versions.get(department, year, order).then((found) => {
          if (!found) throw new Error(`version ${order} of ${department} ${year} is missing`);
          return found;
        });
        known.set(order, version);
      }
      return version;
    },
  };
}
