import type { WorkbookLimits } from "../limits";
import { ByteView, concatBytes } from "./bytes";
import { utf16 } from "./text";
import { refuse } from "./verdict";

/**
 * The OLE compound file of an .xls (or of a password-protected xlsx), read as SheetJS reads it — header,
 * FAT through the DIFAT, directory, mini stream — but with every sector chain checked for loops and for
 * leaving the file before anything follows it, and with what SheetJS would copy out of it counted first.
 */

const ENDOFCHAIN = -2;
/** Streams smaller than this live in the mini stream, in 64-byte mini sectors. */
const MINI_CUTOFF = 4096;
const DIR_ENTRY_BYTES = 128;
const HEADER_FAT_SECTORS = 109;

/** One directory entry: a storage (5 = root, 1) or a stream (2), in a red-black tree of siblings. */
export interface DirEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

/** The directory, and a way to read any stream in it. */
export interface CompoundFile {
  entries: DirEntry[];
  read(entry: DirEntry): Uint8Array;
}

/** How the file is cut into sectors. */
interface Geometry {
  sectorSize: number;
  /** FAT entries in one sector */
  perSector: number;
  /** sectors after the header; the last may be short */
  sectorCount: number;
}

function corrupt(detail: string): never {
  refuse("xls_corrupt", detail);
}

/** Reads the directory and checks every chain a stream of it uses; streams are read on demand. */
export function readCompoundFile(bytes: Uint8Array, limits: WorkbookLimits): CompoundFile {
  const file = new ByteView(bytes);
  const geometry = readHeader(file);
  const chains = new SectorChains(file, geometry, readFatSectors(file, geometry));
  const entries = readDirectory(file, chains, limits);
  checkMaterialised(entries, chains, file.length, limits);
  const readMini = miniStreamReader(file, chains, entries[0]!);
  return {
    entries,
    read(entry) {
      if (entry.size >= MINI_CUTOFF)
        return chains.read(chains.chainOf(entry.start, `"${entry.name}"`), entry.size);
      return readMini(entry);
    },
  };
}

function readHeader(file: ByteView): Geometry {
  if (file.length < 512) corrupt(`the compound file has ${file.length} bytes, less than its 512-byte header`);
  const major = file.u16(26);
  const shift = file.u16(30);
  if (!((major === 3 && shift === 9) || (major === 4 && shift === 12))) {
    corrupt(`unknown compound file version ${major} with sector shift ${shift}`);
  }
  if (file.u16(32) !== 6) corrupt("the mini sector size is not 64 bytes");
  const sectorSize = 1 << shift;
  // Sector n lives at (n + 1) * sectorSize; SheetJS cuts the file the same way (the last may be short).
  return { sectorSize, perSector: sectorSize / 4, sectorCount: Math.ceil(file.length / sectorSize) - 1 };
}

/** The FAT's sectors: the 109 the header lists, then those of the DIFAT chain. */
function readFatSectors(file: ByteView, geometry: Geometry): number[] {
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_FAT_SECTORS; i++) {
    const q = file.i32(76 + i * 4);
    if (q < 0) break;
    fatSectors.push(q);
  }
  const { sectorSize, perSector, sectorCount } = geometry;
  const seen = new Set<number>();
  let difat = file.i32(68);
  for (let remaining = file.i32(72); difat >= 0 && remaining > 0; remaining--) {
    if (difat >= sectorCount || seen.has(difat)) corrupt("the DIFAT chain leaves the file or loops");
    seen.add(difat);
    const at = (difat + 1) * sectorSize;
    for (let i = 0; i < perSector - 1; i++) {
      const q = file.i32OrNull(at + i * 4);
      if (q === null || q === ENDOFCHAIN) break;
      fatSectors.push(q);
    }
    difat = file.i32OrNull(at + sectorSize - 4) ?? ENDOFCHAIN;
  }
  return fatSectors;
}

/** The FAT as sector chains, each known to end inside the file before it is followed. */
class SectorChains {
  /** the sector after n: -1 where the chain ends, -2 where it points outside the file */
  private readonly next: Int32Array;
  /** sectors in the chain from n, or -1 for a chain that loops or leaves the file */
  private readonly length: Int32Array;

  constructor(
    private readonly file: ByteView,
    readonly geometry: Geometry,
    fatSectors: readonly number[],
  ) {
    this.next = nextSectors(file, geometry, fatSectors);
    this.length = chainLengths(this.next);
  }

  /** The sectors of the chain from `start`; refuses one that loops or leaves the file. */
  chainOf(start: number, what: string): number[] {
    if (start < 0 || start >= this.geometry.sectorCount || this.length[start]! < 0) {
      corrupt(`the sector chain of ${what} loops or leaves the file`);
    }
    const chain: number[] = [];
    for (let n = start; n >= 0; n = this.next[n]!) chain.push(n);
    return chain;
  }

  /** The chain's sectors one after the other, cut to `size` bytes. */
  read(chain: readonly number[], size: number): Uint8Array {
    const { sectorSize } = this.geometry;
    const bytes = this.file.bytes;
    const parts = chain.map((n) => bytes.subarray((n + 1) * sectorSize, (n + 2) * sectorSize));
    return concatBytes(parts, size);
  }
}

/**
 * The FAT read into `next`, ending chains as SheetJS ends them: at any negative entry, or at a FAT
 * sector that does not exist.
 */
function nextSectors(file: ByteView, geometry: Geometry, fatSectors: readonly number[]): Int32Array {
  const { sectorSize, perSector, sectorCount } = geometry;
  const next = new Int32Array(sectorCount).fill(-1);
  for (let n = 0; n < sectorCount; n++) {
    const fat = fatSectors[Math.floor(n / perSector)];
    if (fat === undefined || fat < 0 || fat >= sectorCount) continue;
    const value = file.i32OrNull((fat + 1) * sectorSize + (n % perSector) * 4);
    if (value === null || value < 0) continue;
    next[n] = value >= sectorCount ? -2 : value;
  }
  return next;
}

/** Every chain's length, or -1 for one that loops or leaves the file. Linear: each sector is settled once. */
function chainLengths(next: Int32Array): Int32Array {
  const ON_THIS_WALK = -3;
  const length = new Int32Array(next.length); // 0 = not yet known
  const path: number[] = [];
  for (let s = 0; s < next.length; s++) {
    if (length[s] !== 0) continue;
    let n = s;
    let verdict = 0;
    while (n !== -1) {
      if (n === -2 || length[n] === ON_THIS_WALK) {
        verdict = -1; // leaves the file, or a loop
        break;
      }
      if (length[n] !== 0) {
        verdict = length[n]!;
        break;
      }
      length[n] = ON_THIS_WALK;
      path.push(n);
      n = next[n]!;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      verdict = verdict < 0 ? -1 : verdict + 1;
      length[path[i]!] = verdict;
    }
    path.length = 0;
  }
  return length;
}

/** The directory's entries; refuses more than `maxZipEntries`, or a directory without its root. */
function readDirectory(file: ByteView, chains: SectorChains, limits: WorkbookLimits): DirEntry[] {
  const dirChain = chains.chainOf(file.i32(48), "the directory");
  const dirCount = Math.floor((dirChain.length * chains.geometry.sectorSize) / DIR_ENTRY_BYTES);
  if (dirCount > limits.maxZipEntries) {
    refuse("too_many_entries", `the compound file's directory has ${dirCount} entries`, {
      limit: limits.maxZipEntries,
      actual: dirCount,
    });
  }
  const dir = chains.read(dirChain, dirCount * DIR_ENTRY_BYTES);
  const view = new ByteView(dir);
  const entries: DirEntry[] = [];
  for (let i = 0; i + DIR_ENTRY_BYTES <= dir.length; i += DIR_ENTRY_BYTES) entries.push(dirEntryAt(view, i));
  if (entries[0]?.type !== 5) corrupt("the compound file has no root entry");
  return entries;
}

function dirEntryAt(dir: ByteView, i: number): DirEntry {
  const nameLength = Math.min(64, dir.u16(i + 64));
  const name = utf16(dir.bytes.subarray(i, i + (nameLength & ~1)), true)
    .split("")
    .filter((ch) => ch >= " ")
    .join("");
  return {
    name,
    type: dir.bytes[i + 66]!,
    left: dir.i32(i + 68),
    right: dir.i32(i + 72),
    child: dir.i32(i + 76),
    start: dir.i32(i + 116),
    size: Math.max(0, dir.i32(i + 120)),
  };
}

/**
 * Refuses a file whose streams share sectors so that reading them copies more than `maxInflatedBytes`.
 * SheetJS materialises every entry of 4096 bytes or more as a copy of its whole sector chain (a fresh copy
 * for each distinct start), every smaller one as up to its size from the mini stream.
 */
function checkMaterialised(
  entries: readonly DirEntry[],
  chains: SectorChains,
  fileLength: number,
  limits: WorkbookLimits,
): void {
  let materialised = 0;
  const starts = new Set<number>();
  for (const entry of entries.slice(1)) {
    if (entry.size >= MINI_CUTOFF) {
      const chain = chains.chainOf(entry.start, `"${entry.name}"`);
      if (!starts.has(entry.start)) materialised += chain.length * chains.geometry.sectorSize;
      starts.add(entry.start);
    } else {
      materialised += entry.size;
    }
  }
  if (materialised > limits.maxInflatedBytes) {
    corrupt(
      `the streams share sectors: reading them would copy ${materialised} bytes from a ${fileLength}-byte file`,
    );
  }
}

/** Reads small streams out of the mini stream (the root entry's chain), loading it on first use. */
function miniStreamReader(
  file: ByteView,
  chains: SectorChains,
  root: DirEntry,
): (entry: DirEntry) => Uint8Array {
  let mini: { stream: Uint8Array; fat: ByteView } | null = null;
  const load = () => {
    const miniFatStart = file.i32(60);
    return {
      stream:
        root.start >= 0
          ? chains.read(chains.chainOf(root.start, "the mini stream"), root.size)
          : new Uint8Array(0),
      fat: new ByteView(
        miniFatStart >= 0
          ? chains.read(chains.chainOf(miniFatStart, "the mini FAT"), Number.MAX_SAFE_INTEGER)
          : new Uint8Array(0),
      ),
    };
  };
  return (entry) => {
    mini ??= load();
    const { stream, fat } = mini;
    const parts: Uint8Array[] = [];
    let n = entry.start;
    for (let left = entry.size; left > 0 && n >= 0; left -= 64) {
      if ((n + 1) * 64 > stream.length || (n + 1) * 4 > fat.length) {
        corrupt(`the mini stream chain of "${entry.name}" leaves the file`);
      }
      parts.push(stream.subarray(n * 64, n * 64 + 64));
      n = fat.i32(n * 4);
    }
    return concatBytes(parts, entry.size);
  };
}

/** The root storage's children: the red-black tree under the root's child, walked with a visited set. */
export function rootChildren(entries: readonly DirEntry[]): DirEntry[] {
  const out: DirEntry[] = [];
  const seen = new Set<number>();
  const stack = [entries[0]?.child ?? -1];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id < 0 || id >= entries.length || seen.has(id)) continue;
    seen.add(id);
    const entry = entries[id]!;
    out.push(entry);
    stack.push(entry.left, entry.right);
  }
  return out;
}
