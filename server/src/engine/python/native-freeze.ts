import * as fs from 'fs';
import * as path from 'path';
import type { FrozenArrays } from './frozen-tree';

/**
 * Vigil's own small addon (server/native/python-frozen): tree-sitter's runtime and the Python
 * grammar compiled with a C copy of frozen-tree.ts's cursor walk, so a scan's tree comes out of
 * one call as the arrays a FrozenTree reads, instead of seven calls into the binding per node
 * (the walk cost twice the parse on Netflix/dispatch, issue 21). Where it was not built (no
 * compiler when installing) the cursor walk from JS gives the same trees, only slower;
 * VIGIL_PYTHON_FREEZE=js chooses that walk (benchmarks and the test comparing the two).
 */
export interface NativeFreezer {
  parse(text: string): FrozenArrays;
  /** A type id met in a parse: its name and whether it is named. */
  symbol(id: number): [string, boolean] | undefined;
  field(id: number): string | undefined;
}

const ADDON = 'vigil_python_frozen.node';
/** Where the addon is: beside the bundle in dist/native, or where node-gyp built it in the source tree. */
const PLACES = [path.join('native', ADDON), path.join('server', 'native', 'python-frozen', 'build', 'Release', ADDON)];

let loaded: NativeFreezer | null | undefined;

/** The addon, or undefined when it is not built here (or is turned off). */
export function nativeFreezer(): NativeFreezer | undefined {
  if (loaded === undefined) loaded = process.env.VIGIL_PYTHON_FREEZE === 'js' ? null : load();
  return loaded ?? undefined;
}

function load(): NativeFreezer | null {
  for (let dir = __dirname, up = 0; up < 6; up++, dir = path.dirname(dir)) {
    for (const place of PLACES) {
      const file = path.join(dir, place);
      if (!fs.existsSync(file)) continue;
      try {
        const addon = { exports: {} as NativeFreezer };
        process.dlopen(addon, file);
        return addon.exports;
      } catch {
        return null; // built for another Node or platform: the JS walk
      }
    }
  }
  return null;
}
