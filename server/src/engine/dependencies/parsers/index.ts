// One entry point for every format: kind + text in, the file's dependencies (or its one error) out.
import type { LineIndex } from '../../text/positions';
import { ECOSYSTEM } from '../kinds';
import { DependencyParseError, type DependencyFile, type PackageFileKind } from '../types';
import { parsePackageJson, parsePackageLock } from './npm';
import { parsePnpmLock } from './pnpm';
import { parsePipfileLock, parsePyproject, parseTomlLock } from './python';
import { parsePipConfig, parseRequirements } from './requirements';
import { parseYarnLock } from './yarn';

/** Parses a manifest or lockfile; text it cannot read gives `error` (with where), never a throw. */
export function parseDependencyFile(kind: PackageFileKind, text: string, lines: LineIndex): DependencyFile {
  const file: DependencyFile = { kind, ecosystem: ECOSYSTEM[kind], dependencies: [] };
  try {
    switch (kind) {
      case 'package-json':
        file.dependencies = parsePackageJson(text, lines);
        break;
      case 'package-lock':
        Object.assign(file, parsePackageLock(text, lines));
        break;
      case 'yarn-lock':
        file.dependencies = parseYarnLock(text, lines);
        break;
      case 'pnpm-lock':
        Object.assign(file, parsePnpmLock(text, lines));
        break;
      case 'requirements':
        Object.assign(file, parseRequirements(text, lines));
        break;
      case 'pyproject':
        file.dependencies = parsePyproject(text, lines);
        break;
      case 'poetry-lock':
        Object.assign(file, parseTomlLock(text, lines, 'poetry'));
        break;
      case 'uv-lock':
        Object.assign(file, parseTomlLock(text, lines, 'uv'));
        break;
      case 'pipfile-lock':
        file.dependencies = parsePipfileLock(text, lines);
        break;
      case 'pip-config':
        file.indexOptions = parsePipConfig(lines);
        break;
    }
  } catch (e) {
    // Anything a parser library throws on odd input is that input's problem: one diagnostic, never a crash.
    const offset = e instanceof DependencyParseError ? Math.min(e.offset, text.length) : 0;
    const message = e instanceof DependencyParseError ? e.message : `cannot read this file: ${(e as Error)?.message ?? e}`;
    file.dependencies = [];
    delete file.recordsInstallScripts;
    // Kept inside the line's content: an offset between \r and \n would put the range past the line's end.
    const lineEnd = lines.lineEnd(lines.positionAt(offset).line);
    const from = Math.min(offset, lineEnd);
    file.error = { message, range: lines.rangeAt(from, Math.min(lineEnd, from + 1)) };
  }
  return file;
}
