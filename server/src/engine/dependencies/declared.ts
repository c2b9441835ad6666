import type { ProjectFiles } from '../modules';
import { VERSION_SCHEMES } from './versions';

// What version of a library a source file's project declares, for rules whose risk depends on it
// (jsonwebtoken >= 9 limits a string secret to HMAC algorithms): the nearest package.json up from
// the file that names the package, read through the embedder's ProjectFiles (the engine reads no disk).

/** How many folders up from the file a manifest is looked for. */
const MAX_LEVELS = 8;

/** The lowest version the nearest package.json naming `name` allows (`^9.0.3` → `9.0.3`), or undefined. */
export function declaredNpmFloor(path: string, name: string, files: ProjectFiles | undefined): string | undefined {
  if (!files) return undefined;
  let dir = path.replace(/\\/g, '/').replace(/\/?[^/]*$/, '');
  for (let level = 0; level <= MAX_LEVELS; level++) {
    const text = files.read(dir ? `${dir}/package.json` : 'package.json');
    const range = text === undefined ? undefined : rangeIn(text, name);
    if (range !== undefined) return VERSION_SCHEMES.npm.floor(range);
    if (!dir || dir === '/' || dir === '.') return undefined;
    const up = dir.replace(/\/?[^/]*$/, '');
    dir = up === '' && dir.startsWith('/') ? '/' : up;
  }
  return undefined;
}

function rangeIn(text: string, name: string): string | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return undefined; // a broken manifest tells nothing
  }
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (manifest as Record<string, unknown> | null)?.[field];
    const range = deps && typeof deps === 'object' ? (deps as Record<string, unknown>)[name] : undefined;
    if (typeof range === 'string') return range;
  }
  return undefined;
}
