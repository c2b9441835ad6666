/**
 * Parse trees one scan shares between a file's analysis and the summaries its importers ask
 * for (often several: one per import depth). Files do not change while a scan runs, so a tree
 * parsed once serves them all while it is kept. On the TypeScript side parsing was half a
 * scan's CPU, a summarized module parsed again for every summary (issue 21).
 *
 * Two budgets, by characters of text:
 * - trees as analyses left them (node objects and what they cache): `maxCharacters`, the
 *   least recently used going first;
 * - trees a backend can compact (Python's frozen trees: a few typed arrays, a third of a read
 *   tree's memory) are compacted rather than dropped, and kept up to `maxCompactCharacters`.
 *   A Python scan of a large project read ~30% of its files twice when the compact copies
 *   were dropped too.
 *
 * A tree in use (taken and not yet released: an analysis up the stack may be reading it while a
 * summary computed inside it adds trees) is neither compacted nor dropped; a tree dropped when
 * another text of its path is added is let go, never disposed, and the garbage collector frees it.
 */
interface Kept {
  text: string;
  tree: unknown;
  /** Compacts the tree (its backend's `compact`), where it can be. */
  compact: (() => void) | undefined;
  /** Takes not yet released. */
  uses: number;
}

export class ScanTrees {
  /** Trees as read and not in use, by path, least recently used first; the trees in use; the compacted ones. */
  private readonly read = new Map<string, Kept>();
  private readonly inUse = new Map<string, Kept>();
  private readonly compacted = new Map<string, Kept>();
  /** Characters of the read trees, in use or not. */
  private readCharacters = 0;
  private compactCharacters = 0;

  constructor(
    private readonly maxCharacters: number,
    private readonly maxCompactCharacters = 0,
  ) {}

  /** Whether a tree of `text` may be kept at all (compacted, if it can be, past the budget of read trees). */
  fits(text: string): boolean {
    return text.length <= Math.max(this.maxCharacters, this.maxCompactCharacters);
  }

  /** The kept tree of exactly this text of `path`, in use until `release` (then the most recently used). */
  take(path: string, text: string): unknown {
    let kept = this.inUse.get(path);
    if (!kept && (kept = this.read.get(path))) this.read.delete(path);
    else if (!kept && (kept = this.compacted.get(path))) {
      this.compacted.delete(path);
      this.compactCharacters -= kept.text.length;
      this.readCharacters += kept.text.length;
    }
    if (!kept) return undefined;
    if (kept.text !== text) {
      // Another text of the path: its tree goes (a use up the stack keeps reading it, and its release is a no-op).
      this.inUse.delete(path);
      this.readCharacters -= kept.text.length;
      return undefined;
    }
    kept.uses++;
    this.inUse.set(path, kept);
    this.trim();
    return kept.tree;
  }

  /** Keeps `tree`, the parse of `text` (which fits), in use until `release`; `compact` lets it be kept compacted later. */
  add(path: string, text: string, tree: unknown, compact?: () => void): void {
    this.drop(path);
    this.inUse.set(path, { text, tree, compact, uses: 1 });
    this.readCharacters += text.length;
    this.trim();
  }

  /** Ends a use of `tree` (of `path`) that `take` or `add` began. */
  release(path: string, tree: unknown): void {
    const kept = this.inUse.get(path);
    if (!kept || kept.tree !== tree) return;
    if (--kept.uses > 0) return;
    this.inUse.delete(path);
    this.read.set(path, kept);
    this.trim();
  }

  /**
   * Past the budget, the least recently used trees not in use are compacted (or dropped), then
   * compacted ones dropped. The trees in use are apart: a scan keeps many in use (the modules
   * whose summaries are asked function by function), and each trim would step over them.
   */
  private trim(): void {
    for (const [path, kept] of this.read) {
      if (this.readCharacters <= this.maxCharacters) break;
      this.read.delete(path);
      this.readCharacters -= kept.text.length;
      if (!kept.compact || kept.text.length > this.maxCompactCharacters) continue;
      kept.compact();
      this.compacted.set(path, kept);
      this.compactCharacters += kept.text.length;
    }
    for (const [path, kept] of this.compacted) {
      if (this.compactCharacters <= this.maxCompactCharacters) break;
      this.compacted.delete(path);
      this.compactCharacters -= kept.text.length;
    }
  }

  private drop(path: string): void {
    const kept = this.read.get(path) ?? this.inUse.get(path);
    if (kept) {
      this.read.delete(path);
      this.inUse.delete(path);
      this.readCharacters -= kept.text.length;
    }
    const compacted = this.compacted.get(path);
    if (compacted) {
      this.compacted.delete(path);
      this.compactCharacters -= compacted.text.length;
    }
  }
}
