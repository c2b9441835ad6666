import * as fs from 'fs';
import type { ProjectFiles } from '../engine';

/**
 * The project files fixes read (a package.json, a middleware, a root layout), for the CLI and
 * the language server: an open document's unsaved text first, else the disk. `fileOf` maps the
 * engine's spelling of a path to the file.
 */
export function diskFiles(fileOf: (enginePath: string) => string, openText?: (file: string) => string | undefined): ProjectFiles {
  return {
    read(enginePath) {
      const file = fileOf(enginePath);
      const open = openText?.(file);
      if (open !== undefined) return open;
      try {
        return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? fs.readFileSync(file, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
