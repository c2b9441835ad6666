/**
 * Parse trees one scan shares between a file's analysis and the summaries its importers ask
 * for (often several: one per import depth). Files do not change while a scan runs, so a tree
 * parsed once serves them all while it is kept: the least recently used go first once the
 * kept texts pass `maxCharacters`. On the TypeScript side parsing was half a scan's CPU, a
 * summarized module parsed again for every summary (issue 21).
 *
 * A dropped tree is let go, never disposed: an analysis up the stack may still be reading it
 * (a summary computed inside it can push it out); the garbage collector frees it after.
 */
export class ScanTrees {
  /** By path, least recently used first. */
  private readonly kept = new Map<string, { text: string; tree: unknown }>();
  private characters = 0;

  constructor(private readonly maxCharacters: number) {}

  /** Whether a tree of `text` may be kept at all. */
  fits(text: string): boolean {
    return text.length <= this.maxCharacters;
  }

  /** The kept tree of exactly this text of `path`, marked most recently used. */
  get(path: string, text: string): unknown {
    const entry = this.kept.get(path);
    if (!entry || entry.text !== text) return undefined;
    this.kept.delete(path);
    this.kept.set(path, entry);
    return entry.tree;
  }

  /** Keeps `tree`, the parse of `text` (which fits), dropping the least recently used past the limit. */
  add(path: string, text: string, tree: unknown): void {
    this.drop(path);
    this.kept.set(path, { text, tree });
    this.characters += text.length;
    for (const [oldest] of this.kept) {
      if (this.characters <= this.maxCharacters) break;
      this.drop(oldest);
    }
  }

  private drop(path: string): void {
    const entry = this.kept.get(path);
    if (!entry) return;
    this.kept.delete(path);
    this.characters -= entry.text.length;
  }
}
