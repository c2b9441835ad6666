import type * as ts from 'typescript';

/**
 * Results per top-level statement, kept across keystrokes. `parse` updates a document's tree
 * with the compiler's incremental parser, which hands the statements an edit does not touch
 * over to the new tree as the same node objects (their positions shifted in place): a result
 * keyed by such a node still describes it, as long as what it read outside the statement (the
 * file's context) is the same. A from-scratch parse makes new nodes: every lookup misses.
 */
export class FileCaches {
  private readonly caches = new Map<string, { context: readonly unknown[]; entries: WeakMap<ts.Node, unknown> }>();

  /**
   * The statements' entries of the cache called `name`, kept while each element of `context`
   * (everything those entries depend on outside their statement) is `===` the last analysis's;
   * otherwise all of them are dropped and an empty map comes back. Weak: the statements of a
   * dropped tree free their entries.
   */
  statements<T>(name: string, context: readonly unknown[]): WeakMap<ts.Node, T> {
    const cache = this.caches.get(name);
    if (cache && cache.context.length === context.length && cache.context.every((value, i) => value === context[i])) return cache.entries as WeakMap<ts.Node, T>;
    const entries = new WeakMap<ts.Node, T>();
    this.caches.set(name, { context, entries });
    return entries;
  }

  /** The entries of the cache called `name` as the last analysis left them, whatever their context (tests look inside). */
  current<T>(name: string): WeakMap<ts.Node, T> | undefined {
    return this.caches.get(name)?.entries as WeakMap<ts.Node, T> | undefined;
  }
}

const filesByTree = new WeakMap<ts.SourceFile, FileCaches>();

/** The caches of the document `sf` is the current tree of (new and empty for a tree parsed from scratch). */
export function fileCaches(sf: ts.SourceFile): FileCaches {
  let caches = filesByTree.get(sf);
  if (!caches) filesByTree.set(sf, (caches = new FileCaches()));
  return caches;
}

/**
 * Each top-level statement's result of `compute`, taken from the file's cache `name` for the
 * statements a keystroke left alone (see FileCaches.statements for `context`), in source order.
 */
export function perStatement<T>(sf: ts.SourceFile, name: string, context: readonly unknown[], compute: (statement: ts.Statement) => T): T[] {
  const cached = fileCaches(sf).statements<T>(name, context);
  return sf.statements.map((statement) => {
    let found = cached.get(statement);
    if (found === undefined) cached.set(statement, (found = compute(statement)));
    return found;
  });
}

/** Drops the caches of `sf`: its next analysis starts empty, as on a tree parsed from scratch. */
export function dropFileCaches(sf: ts.SourceFile): void {
  filesByTree.delete(sf);
}

/** `next` is `previous` updated by the incremental parser: the document's caches go with it. */
export function carryFileCaches(previous: ts.SourceFile, next: ts.SourceFile): void {
  const caches = filesByTree.get(previous);
  if (caches && previous !== next) filesByTree.set(next, caches);
}
