import { serializeDocument } from "../core/feed";
import type { AggregateId, AggregateState, IngestPorts, Versioned } from "./ports";

/**
 * The two ways the use cases write state and documents, with nothing but single-item conditional writes:
 * a read-modify-write of one item with optimistic concurrency, and a document write verified against the
 * items it was rendered from.
 */

/** An item's name for a message. */
export function describe(id: AggregateId): string {
  switch (id.kind) {
    case "departmentHistory":
      return `department history ${id.department}`;
    case "feedIndex":
      return "feed index";
    case "season":
      return `season record ${id.department} ${id.year}`;
    case "revisions":
      return `revisions ${id.department} ${id.year}`;
    case "sumsShard":
      return `sums ${scopeText(id.scope)} shard ${id.shard}`;
    case "sumsHead":
      return `sums ${scopeText(id.scope)}`;
    case "yearDirectory":
      return `year listing ${id.year}`;
    case "yearPage":
      return `year listing ${id.year} page ${id.page}`;
    case "regionDirectory":
      return `region listing ${id.region}`;
    case "regionPage":
      return `region listing ${id.region} page ${id.page}`;
    case "reminderRound":
      return `reminder round ${id.round} of ${id.year}`;
    case "catalogue":
      return "feed catalogue";
  }
}

function scopeText(scope: Extract<AggregateId, { kind: "sumsHead" }>["scope"]): string {
  return scope.kind === "year" ? String(scope.year) : `${scope.region} ${scope.year}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short random wait that grows with the attempt: concurrent writers of one item fall out of step. */
export const backoff = (attempt: number) => sleep(Math.random() * 20 * (attempt + 1));

/**
 * Read-modify-write of one item with optimistic concurrency. `next` (a core transition) returns the new
 * state, or undefined when there is nothing to change. Returns the item as it stands afterwards.
 *
 * `known` is the item as the caller just saw it (null: absent): the first attempt writes from it without
 * reading, conditional on its version like any other, so a stale one only costs a failed write. "Nothing
 * to change" is never believed of it: that is checked against the item read.
 */
export async function update<Id extends AggregateId>(
  ports: Pick<IngestPorts, "aggregates">,
  id: Id,
  next: (
    state: AggregateState<Id> | null,
  ) => AggregateState<Id> | undefined | Promise<AggregateState<Id> | undefined>,
  known?: Versioned<AggregateState<Id>> | null,
): Promise<Versioned<AggregateState<Id>> | null> {
  if (known !== undefined) {
    const state = await next(known?.value ?? null);
    const expected = known?.version ?? null;
    if (state !== undefined && (await ports.aggregates.put(id, state, expected)))
      return { value: state, version: (expected ?? 0) + 1 };
  }
  for (let attempt = 0; attempt < 12; attempt++) {
    const stored = await ports.aggregates.get(id);
    const state = await next(stored?.value ?? null);
    if (state === undefined) return stored;
    const expected = stored?.version ?? null;
    if (await ports.aggregates.put(id, state, expected))
      return { value: state, version: (expected ?? 0) + 1 };
    await backoff(attempt);
  }
  throw new Error(`${describe(id)}: too many concurrent writers; will retry`);
}

/** Documents rendered from state, and the versions of the items they were rendered from. */
export interface Rendered {
  /** path → document, or null to remove it. */
  documents: [path: string, document: unknown][];
  /** The items read, each with the version read (null: absent). */
  watched: [id: AggregateId, version: number | null][];
}

/**
 * Writes documents rendered from items until none of those items moved while writing: if one did, its
 * writer may have written its documents before ours landed, so ours are rendered and written again. The
 * last write of a document therefore always shows the latest state. Returns the last rendering.
 */
export async function writeVerified(
  ports: Pick<IngestPorts, "aggregates" | "feed">,
  what: string,
  render: () => Promise<Rendered>,
): Promise<Rendered> {
  for (let attempt = 0; attempt < 12; attempt++) {
    const rendered = await render();
    await Promise.all(
      rendered.documents.map(([path, doc]) =>
        doc === null ? ports.feed.remove(path) : ports.feed.write(path, serializeDocument(doc)),
      ),
    );
    if (rendered.watched.length === 0) return rendered;
    const after = await ports.aggregates.versions(rendered.watched.map(([id]) => id));
    if (rendered.watched.every(([, version], i) => after[i] === version)) return rendered;
    await backoff(attempt);
  }
  throw new Error(`${what} kept changing while its documents were written; will retry`);
}
