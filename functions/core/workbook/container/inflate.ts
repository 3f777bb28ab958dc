import { Inflate } from "pako";
import { concatBytes } from "./bytes";

/**
 * Raw deflate (a zip entry's method 8) inflated with a hard cap on the bytes actually produced, in plain
 * JavaScript so that it runs the same in a browser. pako is zlib's inflate ported line by line: it rejects
 * the streams zlib rejects, with zlib's messages, and stops at the stream's end as zlib does (bytes after
 * it are ignored). It hands the output over in pieces of `INFLATE_PIECE_BYTES` while it inflates, so
 * throwing from that callback stops it within one piece of the budget, however far the stream would go.
 */

/** What a stream inflated to, or why it did not. */
export type Inflated =
  | { ok: true; data: Uint8Array }
  /** `produced` is what came out before it stopped: more than the budget, by less than one piece */
  | { ok: false; reason: "over_budget"; produced: number }
  | { ok: false; reason: "corrupt"; message: string };

/** The size of the pieces the output comes in, and so how far past the budget inflating can get. */
export const INFLATE_PIECE_BYTES = 16 * 1024;

const Z_BUF_ERROR = -5;

/** Thrown from pako's output callback to stop it; caught right around `push`. */
class OverBudget {}

/** Inflates `raw`, producing at most `budget` bytes (and less than a piece more before it stops). */
export function inflateRaw(raw: Uint8Array, budget: number): Inflated {
  const inflater = new Inflate({ raw: true, chunkSize: INFLATE_PIECE_BYTES });
  const pieces: Uint8Array[] = [];
  let produced = 0;
  // pako allocates a fresh output buffer after each piece, so keeping the pieces is safe.
  inflater.onData = (piece) => {
    produced += piece.length;
    if (produced > budget) throw new OverBudget();
    pieces.push(piece);
  };
  // The default would join the pieces pako collects itself; ours are joined below.
  inflater.onEnd = () => {};
  try {
    inflater.push(raw, true);
  } catch (error) {
    if (error instanceof OverBudget) return { ok: false, reason: "over_budget", produced };
    throw error;
  }
  if (inflater.err === Z_BUF_ERROR)
    return { ok: false, reason: "corrupt", message: "the stream ends before its last block" };
  if (inflater.err !== 0)
    return { ok: false, reason: "corrupt", message: inflater.msg || `error ${inflater.err}` };
  return { ok: true, data: concatBytes(pieces) };
}
