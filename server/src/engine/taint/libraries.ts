import type { LibrarySpec, SinkSpec } from '../rules/spec-types';
import type { Confidence } from '../types';

/** Where a receiver was traced to: a library's own module, or a project module named after it (`@/lib/mongo`). */
export interface ReceiverOrigin {
  library: string;
  hinted: boolean;
  /** Other libraries it may come from: a project module that imports several. */
  alternatives?: readonly string[];
}

const MAX_REMEMBERED_MODULES = 10_000;

/**
 * The libraries of a taint spec, by module: which library a module (`pymongo.collection`,
 * `mongoose`, `@prisma/client`) or a project module (`@/lib/mongo`) belongs to.
 */
export class LibraryIndex {
  private readonly hints: { library: string; pattern: RegExp }[];
  private readonly byModule = new Map<string, Readonly<ReceiverOrigin> | null>();

  constructor(readonly libraries: readonly LibrarySpec[]) {
    this.hints = libraries.flatMap((l) => (l.projectModules ? [{ library: l.id, pattern: new RegExp(l.projectModules) }] : []));
  }

  get isEmpty(): boolean {
    return this.libraries.length === 0;
  }

  byId(id: string): LibrarySpec | undefined {
    return this.libraries.find((l) => l.id === id);
  }

  /**
   * The library a module belongs to: its own modules (and submodules, `.` or `/`) first, then
   * project modules named after one. Remembered by module (the same object each time, never
   * changed by callers): a scan asks for every import of every file, ~2% of a Python scan's CPU.
   */
  ofModule(module: string): ReceiverOrigin | undefined {
    let origin = this.byModule.get(module);
    if (origin === undefined) {
      origin = this.find(module) ?? null;
      if (this.byModule.size >= MAX_REMEMBERED_MODULES) this.byModule.clear();
      this.byModule.set(module, origin);
    }
    return origin ?? undefined;
  }

  private find(module: string): ReceiverOrigin | undefined {
    for (const library of this.libraries) {
      if (library.modules.some((m) => module === m || module.startsWith(`${m}.`) || module.startsWith(`${m}/`))) return { library: library.id, hinted: false };
    }
    const hint = this.hints.find((h) => h.pattern.test(module));
    return hint && { library: hint.library, hinted: true };
  }
}

/**
 * Whether a sink that names a library matches a call on a receiver of this origin, and at
 * which confidence cap: `false` for another library's object, or an unknown one in a file that
 * does not import the sink's library; `low` for an unknown one in a file that does.
 */
export function libraryMatch(sink: SinkSpec, origin: ReceiverOrigin | undefined, fileImports: (library: string) => boolean): false | Confidence | true {
  if (!sink.library) return true;
  if (origin) return origin.library === sink.library || !!origin.alternatives?.includes(sink.library);
  return fileImports(sink.library) ? 'low' : false;
}
