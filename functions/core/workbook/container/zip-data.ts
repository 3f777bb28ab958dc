import type { WorkbookLimits } from "../limits";
import type { ByteView } from "./bytes";
import { crc32 } from "./crc32";
import { inflateRaw } from "./inflate";
import { refuse } from "./verdict";
import type { ZipEntry } from "./zip";

/**
 * What a zip's entries hold: the sizes their headers declare, checked against the caps before anything is
 * inflated, then each entry's data inflated with a hard cap on the bytes actually produced (never the
 * sizes the headers claim) and checked against its size and CRC-32.
 */

/** Refuses entries that declare more than the caps, or sizes no data of their length can have. */
export function checkDeclaredSizes(entries: readonly ZipEntry[], limits: WorkbookLimits): void {
  let claimed = 0;
  for (const entry of entries) {
    // A size no deflate stream of this length can produce (at most 1032:1) is a damaged header, not a bomb.
    if (
      entry.method === 0
        ? entry.size !== entry.compressedSize
        : entry.size > entry.compressedSize * 1032 + 1024
    ) {
      refuse(
        "zip_corrupt",
        `"${entry.name}" claims ${entry.size} bytes from ${entry.compressedSize} compressed`,
      );
    }
    claimed += entry.size;
    if (entry.size > limits.maxEntryInflatedBytes) {
      refuse("zip_bomb", `"${entry.name}" declares ${entry.size} bytes inflated`, {
        limit: limits.maxEntryInflatedBytes,
        actual: entry.size,
      });
    }
  }
  if (claimed > limits.maxInflatedBytes) {
    refuse("zip_bomb", `the entries declare ${claimed} bytes inflated in all`, {
      limit: limits.maxInflatedBytes,
      actual: claimed,
    });
  }
}

/**
 * One entry's bytes, producing at most what is left of the caps (`inflatedSoFar` is what the entries
 * before it produced); the headers' sizes are only compared with what came out.
 */
export function readEntryData(
  zip: ByteView,
  entry: ZipEntry,
  limits: WorkbookLimits,
  inflatedSoFar: number,
): Uint8Array {
  const raw = zip.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const perEntry = limits.maxEntryInflatedBytes <= limits.maxInflatedBytes - inflatedSoFar;
  const budget = perEntry ? limits.maxEntryInflatedBytes : limits.maxInflatedBytes - inflatedSoFar;
  const limit = perEntry ? limits.maxEntryInflatedBytes : limits.maxInflatedBytes;
  function tooBig(what: string): never {
    const cap = `${perEntry ? "per-entry" : "total"} cap of ${limit} bytes`;
    refuse("zip_bomb", `"${entry.name}" ${what}, past the ${cap}`, { limit });
  }
  let data: Uint8Array;
  if (entry.method === 0 || (entry.compressedSize === 0 && entry.size === 0)) {
    data = raw;
  } else {
    const inflated = inflateRaw(raw, budget);
    if (!inflated.ok) {
      if (inflated.reason === "over_budget") {
        tooBig(`inflates to more than ${budget} bytes (its headers claim ${entry.size})`);
      }
      refuse("zip_corrupt", `"${entry.name}" does not inflate: ${inflated.message}`);
    }
    data = inflated.data;
  }
  if (data.length > budget) tooBig(`holds ${data.length} bytes`);
  if (data.length !== entry.size) {
    refuse(
      "zip_corrupt",
      `"${entry.name}" inflates to ${data.length} bytes but its headers say ${entry.size}`,
    );
  }
  if (crc32(data) !== entry.crc) refuse("zip_corrupt", `"${entry.name}" fails its CRC-32 check`);
  return data;
}
