/**
 * About 25 MB of dropped tree-sitter trees (~40 bytes per character of text): past that the
 * server asks V8 for a full collection, which frees them. Without it, a Python-only session
 * that edits many files in turn grew to ~230 MB RSS (the memory bench, Python files only),
 * since V8 sees a few small wrappers where the trees are.
 */
const COLLECT_AFTER_CHARACTERS = 600_000;

/**
 * EngineOptions.onNativeTreeDropped for the server: counts dropped native trees' text and,
 * past the limit, runs one garbage collection once the current work is done. Needs node's
 * --expose-gc (SERVER_EXEC_ARGV); without it, does nothing.
 */
export function collectDroppedTrees(): (characters: number) => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  let dropped = 0;
  let scheduled = false;
  return (characters) => {
    dropped += characters;
    if (!gc || scheduled || dropped < COLLECT_AFTER_CHARACTERS) return;
    scheduled = true;
    setImmediate(() => {
      dropped = 0;
      scheduled = false;
      gc();
    });
  };
}
