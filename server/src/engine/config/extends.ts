import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME } from './config';

/** Built-in presets are named `vigil:<name>` and live in rules/presets/<name>.json. */
export const PRESET_PREFIX = 'vigil:';

/**
 * Where an `extends` entry may point, in the order to try: the first file that exists is
 * the target. Or why the entry can never resolve. Only local files: nothing is fetched and
 * no package code runs (a package's config is its vigil.config.json or package.json "vigil").
 */
export type ExtendsTarget = { candidates: string[]; describe: string } | { invalid: string };

const PACKAGE_NAME = /^((?:@[a-z0-9~][a-z0-9._~-]*\/)?[a-z0-9~][a-z0-9._~-]*)(\/.+)?$/;

export function extendsCandidates(specifier: string, fromDir: string, presetsDir: string): ExtendsTarget {
  if (specifier.startsWith(PRESET_PREFIX)) {
    const name = specifier.slice(PRESET_PREFIX.length);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) return { invalid: `"${specifier}" is not a preset name` };
    return { candidates: [path.join(presetsDir, `${name}.json`)], describe: `the built-in preset "${specifier}" (the presets are ${presetNames(presetsDir)})` };
  }
  if (/^https?:/i.test(specifier)) return { invalid: `"${specifier}" is a URL; configs are never fetched from the network — install the config as an npm package or copy it into the repository` };
  if (isRelative(specifier) || path.isAbsolute(specifier)) {
    const file = path.resolve(fromDir, specifier);
    return { candidates: [file], describe: `"${specifier}" (${file})` };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { invalid: `"${specifier}": only relative paths, npm packages and vigil: presets can be extended` };
  const match = PACKAGE_NAME.exec(specifier);
  if (!match || match[2]?.split('/').includes('..')) return { invalid: `"${specifier}" is not a relative path ("./…"), an npm package name or a vigil: preset` };
  const [, name, subpath] = match;
  const candidates: string[] = [];
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const packageDir = path.join(dir, 'node_modules', name);
    if (subpath) candidates.push(path.join(packageDir, subpath));
    else candidates.push(path.join(packageDir, CONFIG_FILE_NAME), path.join(packageDir, 'package.json'));
    if (path.dirname(dir) === dir) break;
  }
  return { candidates, describe: `the npm package "${specifier}" (no node_modules/${specifier} above this file ships a config; run npm install?)` };
}

function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || /^\.\.?[\\/]/.test(specifier);
}

function presetNames(presetsDir: string): string {
  const files = fs.existsSync(presetsDir) ? fs.readdirSync(presetsDir) : [];
  return files.filter((f) => f.endsWith('.json')).map((f) => PRESET_PREFIX + f.slice(0, -'.json'.length)).sort().join(', ');
}
