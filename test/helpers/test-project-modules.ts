import * as fs from 'fs';
import type { Engine, ModuleSummary, ProjectModules } from '../../server/src/engine';
import { resolveTypeScriptImport } from '../../server/src/workspace/typescript-resolve';

/**
 * A ProjectModules for engine tests of cross-module taint (TS/JS only), built from the same
 * parts as the shared provider: `resolveTypeScriptImport` finds the file, `engine.summarize`
 * summarizes it (with `engine`'s own modules, so summaries are transitive). Absolute paths; a
 * module being summarized answers undefined to its own imports (a cycle), as the contract says.
 */
export function testProjectModules(engine: Engine): ProjectModules {
  const summaries = new Map<string, ModuleSummary | null>();
  const inProgress = new Set<string>();
  return {
    resolve(fromPath, specifier, language) {
      if (language !== 'typescript') return undefined;
      const file = resolveTypeScriptImport(fromPath, specifier);
      if (!file || inProgress.has(file)) return undefined;
      let summary = summaries.get(file);
      if (summary === undefined) {
        inProgress.add(file);
        try {
          summary = engine.summarize(file, fs.readFileSync(file, 'utf8'), { rules: {} }) ?? null;
        } finally {
          inProgress.delete(file);
        }
        summaries.set(file, summary);
      }
      return summary ? { path: file, summary } : undefined;
    },
  };
}
